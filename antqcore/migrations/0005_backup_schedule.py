"""Celery beat's nightly backup (issue #13 part 2), as a row of django-celery-beat (editable in the admin under
"Periodic tasks"): antqcore.tasks.backup_nightly every day at 02:00, Vietnam time."""

from django.db import migrations

TIMEZONE = "Asia/Ho_Chi_Minh"
NAME = "Sao lưu hằng đêm (CSDL và tệp đính kèm)"
TASK = "antqcore.tasks.backup_nightly"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.filter(name=NAME).exists():
        return
    crontab, _ = CrontabSchedule.objects.get_or_create(minute="0", hour="2", day_of_month="*", month_of_year="*",
                                                       day_of_week="*", timezone=TIMEZONE)
    PeriodicTask.objects.create(name=NAME, task=TASK, kwargs="{}", crontab=crontab, enabled=True)
    # Tell a running beat that the schedule changed.
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("antqcore", "0004_api_token_expiry_and_addresses"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
