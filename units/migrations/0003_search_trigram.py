"""On PostgreSQL, a trigram index makes the accent-free search (`search_text LIKE '%word%'`) an index scan over
100.000 units. SQLite (demo and local tests) has no such index and does not need one."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS unit_search_trgm ON units_unit USING gin (search_text gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS unit_search_trgm"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("units", "0002_list_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
