"""Bodies by kind (#16): the kinds of body tell the provincial departments, police units and media apart, so that
every figure of the catalogue is defined on kinds. A body the catalogue ships (found by code) whose kind is one of
the former general ones (department, police, media) takes the kind the catalogue now gives it; the other bodies keep
theirs (`load_catalogue` does the rest)."""

from django.db import migrations, models

GENERAL = ("department", "police", "media")


def kinds_refined(apps, schema_editor):
    from tallies.catalogue import catalogue_data

    body_model = apps.get_model("tallies", "ReportingBody")
    for body in catalogue_data()["bodies"]:
        body_model.objects.filter(code=body["code"], kind__in=GENERAL).exclude(kind=body["kind"]).update(
            kind=body["kind"])


KINDS = [("fatherland_front", "Provincial Fatherland Front committee"), ("youth_union", "Provincial Youth Union"),
         ("labour_federation", "Provincial Labour Federation"),
         ("department_labour", "Department of Labour, Invalids and Social Affairs"),
         ("department_education", "Department of Education and Training"), ("department_health", "Department of Health"),
         ("department", "Provincial department"), ("provincial_police", "Provincial police"),
         ("fire_police", "Provincial fire and rescue police"), ("police", "District police unit"),
         ("commune_police", "Commune police"), ("district_committee", "District steering committee"),
         ("commune_committee", "Commune steering committee"), ("newspaper", "Provincial newspaper"),
         ("broadcaster", "Provincial radio and television"), ("media", "Media"), ("other", "Other body")]


class Migration(migrations.Migration):

    dependencies = [
        ("tallies", "0002_tables_renamed"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalreportingbody",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=30, verbose_name="kind"),
        ),
        migrations.AlterField(
            model_name="reportingbody",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=30, verbose_name="kind"),
        ),
        migrations.RunPython(kinds_refined, migrations.RunPython.noop),
    ]
