"""The tables taken over from `activities` (0001) get the app's names: tallies_indicator, tallies_reportingbody (and
its data sets, tallies_reportingbody_indicators), tallies_tallyvalue and their history tables, and the constraints
and index named in the models get the app's prefix. Renames only: no row is copied."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tallies", "0001_initial"),
        ("activities", "0004_handed_over"),
    ]

    operations = [
        migrations.AlterModelTable(name="indicator", table=None),
        migrations.AlterModelTable(name="historicalindicator", table=None),
        migrations.AlterModelTable(name="reportingbody", table=None),  # and the table of its many-to-many
        migrations.AlterModelTable(name="historicalreportingbody", table=None),
        migrations.AlterModelTable(name="tallyvalue", table=None),
        migrations.AlterModelTable(name="historicaltallyvalue", table=None),
        migrations.RenameIndex(model_name="tallyvalue", new_name="tallies_value_ind_end",
                               old_name="activities_value_ind_end"),
        migrations.RemoveConstraint(model_name="tallyvalue", name="activities_one_value_per_cell"),
        migrations.AddConstraint(
            model_name="tallyvalue",
            constraint=models.UniqueConstraint(fields=("indicator", "body", "area", "period_start", "period_end"),
                                               name="tallies_one_value_per_cell"),
        ),
        migrations.RemoveConstraint(model_name="tallyvalue", name="activities_value_not_negative"),
        migrations.AddConstraint(
            model_name="tallyvalue",
            constraint=models.CheckConstraint(condition=models.Q(("value__gte", 0)), name="tallies_value_not_negative"),
        ),
        migrations.RemoveConstraint(model_name="tallyvalue", name="activities_period_ordered"),
        migrations.AddConstraint(
            model_name="tallyvalue",
            constraint=models.CheckConstraint(condition=models.Q(("period_end__gte", models.F("period_start"))),
                                              name="tallies_period_ordered"),
        ),
    ]
