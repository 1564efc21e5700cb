from django.db import migrations


def load(apps, schema_editor):
    from models_registry.reference_data import reference_load

    reference_load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
