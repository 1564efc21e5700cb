"""Celery beat's schedule of the reports, as rows of django-celery-beat (editable in the admin under "Periodic
tasks"): the quarterly reports on the 5th day after each quarter, the annual report on 10 January (for the areas of
settings.ANTQ_SCHEDULED_REPORT_AREAS), and the reaper of runs whose worker died, every 5 minutes."""

import json

from django.db import migrations

TIMEZONE = "Asia/Ho_Chi_Minh"
TASKS = [
    # name, task, kwargs, crontab (minute, hour, day of month, month of year) or None for the interval
    ("Báo cáo quý (tự động)", "reports.tasks.create_scheduled_reports", {"kind": "quarterly"},
     ("0", "6", "5", "1,4,7,10")),
    ("Báo cáo năm (tự động)", "reports.tasks.create_scheduled_reports", {"kind": "annual"}, ("0", "6", "10", "1")),
    ("Báo cáo: tiếp nhận lại các lượt tạo bị gián đoạn", "reports.tasks.reap_stale_runs", {}, None),
]


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for name, task, kwargs, cron in TASKS:
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        schedule = {}
        if cron:
            minute, hour, day_of_month, month_of_year = cron
            schedule["crontab"], _ = CrontabSchedule.objects.get_or_create(
                minute=minute, hour=hour, day_of_month=day_of_month, month_of_year=month_of_year, day_of_week="*",
                timezone=TIMEZONE)
        else:
            schedule["interval"], _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
        PeriodicTask.objects.create(name=name, task=task, kwargs=json.dumps(kwargs), enabled=True, **schedule)
    # Tell a running beat that the schedule changed.
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, *_rest in TASKS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_reports_pdf_templates"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
