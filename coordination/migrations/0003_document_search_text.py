"""The documents' accent-free number and subject, for the register's search and the documents' picker; filled in for
the documents already recorded."""

from django.db import migrations, models

from antqcore.text import search_key


def fill_search_text(apps, schema_editor):
    Document = apps.get_model("coordination", "Document")
    documents = list(Document.objects.only("number", "subject"))
    for document in documents:
        document.search_text = search_key(f"{document.number} {document.subject}")
    Document.objects.bulk_update(documents, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0002_tables_renamed"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
