from django.db import migrations, models


def fill_search_name(apps, schema_editor):
    from antqcore.text import search_key

    Area = apps.get_model("antqcore", "Area")
    areas = list(Area.objects.only("id", "name"))
    for area in areas:
        area.search_name = search_key(area.name)
    Area.objects.bulk_update(areas, ["search_name"], batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ("antqcore", "0009_user_must_change_password"),
    ]

    operations = [
        migrations.AddField(
            model_name="area",
            name="search_name",
            field=models.CharField(default="", editable=False, max_length=150),
        ),
        migrations.RunPython(fill_search_name, migrations.RunPython.noop),
    ]
