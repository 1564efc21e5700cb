from django.db import migrations


def load(apps, schema_editor):
    from tallies.catalogue import catalogue_load

    # The indicators only: the bodies' areas exist once `manage.py load_areas` has run (after migrating a new
    # database), and the bodies are created by `manage.py load_catalogue`, which the demo seeder also runs, with the
    # kinds of body of today (these models know those of their day only).
    catalogue_load(apps=apps, models_by_label={"tallies.Indicator": apps.get_model("activities", "Indicator"),
                                               "tallies.ReportingBody": apps.get_model("activities", "ReportingBody")},
                   indicators_only=True)


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
