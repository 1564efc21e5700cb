from django.db import migrations


def load(apps, schema_editor):
    # The annual, six-month and quarterly templates speak of the level below the province on the period's map
    # ({{ local_level }}) and break down by the areas of that map (communes after 01/07/2025) and by former province.
    # Staff edits win, as with every data file.
    from reports.template_data import report_templates_load

    report_templates_load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_protected_uploads")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
