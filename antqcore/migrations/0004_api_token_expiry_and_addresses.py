import datetime

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

# Tokens made before tokens expired get the default lifetime from the day of this migration, so that no integration
# stops on the day of the upgrade.
EXISTING_TOKENS_DAYS = 90


def give_existing_tokens_an_expiry(apps, schema_editor):
    ApiToken = apps.get_model("antqcore", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(
        expires_at=django.utils.timezone.now() + datetime.timedelta(days=EXISTING_TOKENS_DAYS)
    )


class Migration(migrations.Migration):

    dependencies = [
        ("antqcore", "0003_security_events"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires"),
        ),
        migrations.RunPython(give_existing_tokens_an_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="created on"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="last_used_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last used"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="revoked on"),
        ),
        migrations.CreateModel(
            name="ApiTokenAddress",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("address", models.GenericIPAddressField(verbose_name="address")),
                ("first_seen_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="first used")),
                ("last_seen_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="last used")),
                ("token", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="addresses",
                                            to="antqcore.apitoken")),
            ],
            options={
                "verbose_name": "address of an API token",
                "verbose_name_plural": "addresses of an API token",
                "constraints": [models.UniqueConstraint(fields=("token", "address"), name="api_token_address_once")],
            },
        ),
    ]
