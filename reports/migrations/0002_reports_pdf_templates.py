from django.db import migrations


def load(apps, schema_editor):
    from reports.template_data import report_templates_load

    report_templates_load(
        template_model=apps.get_model("reports", "ReportTemplate"),
        section_model=apps.get_model("reports", "ReportSection"),
        template_history_model=apps.get_model("reports", "HistoricalReportTemplate"),
        section_history_model=apps.get_model("reports", "HistoricalReportSection"),
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
