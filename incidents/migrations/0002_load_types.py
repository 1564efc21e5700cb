from django.db import migrations


def load(apps, schema_editor):
    from incidents.reference_data import incident_types_load

    incident_types_load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
