from django.db import migrations


def load(apps, schema_editor):
    from models_registry.reference_data import reference_load

    reference_load(type_model=apps.get_model("models_registry", "ModelType"),
                   rating_model=apps.get_model("models_registry", "Rating"),
                   config_model=apps.get_model("models_registry", "RegistryConfig"))


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
