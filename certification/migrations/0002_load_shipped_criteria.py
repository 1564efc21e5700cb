from django.db import migrations


def load(apps, schema_editor):
    from certification.criteria_data import criteria_load

    criteria_load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("certification", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
