from django.db import migrations


def load(apps, schema_editor):
    from reports.template_data import report_templates_load

    report_templates_load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
