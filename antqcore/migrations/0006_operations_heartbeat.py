"""Operations (issue #13 part 3): the count of each task's outcomes (antqcore.metrics, read by /metrics and /healthz)
and Celery beat's heartbeat, a row of django-celery-beat (editable in the admin under "Periodic tasks"):
antqcore.tasks.heartbeat every minute, dropped when no worker took it within 50 seconds."""

from django.db import migrations, models

NAME = "Giám sát: nhịp hoạt động của worker (mỗi phút)"
TASK = "antqcore.tasks.heartbeat"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.filter(task=TASK).exists():
        return
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.create(name=NAME, task=TASK, kwargs="{}", interval=every_minute, expire_seconds=50,
                                enabled=True)
    # Tell a running beat that the schedule changed.
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("antqcore", "0005_backup_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.CreateModel(
            name="TaskOutcomeCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("task", models.CharField(max_length=200, verbose_name="task")),
                ("outcome", models.CharField(max_length=20, verbose_name="outcome")),
                ("count", models.PositiveBigIntegerField(default=0, verbose_name="count")),
                ("last_at", models.DateTimeField(verbose_name="last time")),
            ],
            options={
                "verbose_name": "task outcome count",
                "verbose_name_plural": "task outcome counts",
                "constraints": [models.UniqueConstraint(fields=("task", "outcome"), name="task_outcome_once")],
            },
        ),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
