from django.db import migrations


def load(apps, schema_editor):
    # The review names no province any more: what it said of Bắc Giang is the Bắc Giang demo's profile and narrative
    # (reports/data/demo/bac-giang.yaml); its facts come from the province's profile ({% profile "…" %}), and the
    # sections listing the province's programmes and model units are written by staff. Staff edits win, as with
    # every data file.
    from reports.template_data import report_templates_load

    report_templates_load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_province_profile")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
