"""The `activities` app hands its models over to `tallies` and `coordination` (#14). Nothing is copied: the tables
stay where they are (tallies.0002 and coordination.0002 rename them afterwards), so every row keeps its id.

What does name the old app is moved here, both ways:
- the content types (app_label "activities" → the new app): permissions, admin log entries, the citations'
  generic relations and everything else that points at a content type keep pointing at the same models;
- the model labels stored as text: the locked-period changes (reports.LockedChange.record_type, "activities.TallyValue")
  and the security trail's downloads (antqcore.SecurityEvent.detail["record"], "activities.document:5").
No task path ever named the app (it had no tasks), so the beat schedule has nothing to move."""

from django.db import migrations

MOVED = {
    "tallies": ["Indicator", "ReportingBody", "TallyValue"],
    "coordination": ["Document", "DocumentCitation", "Agreement", "Inspection"],
}
HISTORICAL = {"Indicator", "ReportingBody", "TallyValue", "Document", "Agreement", "Inspection"}


def _content_types(apps, schema_editor, *, forward: bool) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    for app, names in MOVED.items():
        source, target = ("activities", app) if forward else (app, "activities")
        for name in names:
            for model in [name.lower()] + (["historical" + name.lower()] if name in HISTORICAL else []):
                moving = content_types.filter(app_label=source, model=model).first()
                if moving is None:
                    continue  # a database created after the split: post_migrate creates the new ones
                # A `migrate` of some apps only runs post_migrate for all of them, which may have made an empty twin
                # under the target label already: the content type that has the history wins.
                content_types.filter(app_label=target, model=model).delete()
                moving.app_label = target
                moving.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()


def _stored_labels(apps, schema_editor, *, forward: bool) -> None:
    db = schema_editor.connection.alias
    pairs = [(f"activities.{name}", f"{app}.{name}") for app, names in MOVED.items() for name in names]
    LockedChange = apps.get_model("reports", "LockedChange")
    for old, new in pairs:
        source, target = (old, new) if forward else (new, old)
        LockedChange.objects.using(db).filter(record_type=source).update(record_type=target)
    SecurityEvent = apps.get_model("antqcore", "SecurityEvent")
    by_prefix = {f"{old.lower()}:": f"{new.lower()}:" for old, new in pairs}
    if not forward:
        by_prefix = {new: old for old, new in by_prefix.items()}
    for prefix, replacement in by_prefix.items():
        for event in SecurityEvent.objects.using(db).filter(detail__record__startswith=prefix):
            event.detail["record"] = replacement + event.detail["record"][len(prefix):]
            event.save(update_fields=["detail"])


def forwards(apps, schema_editor):
    _content_types(apps, schema_editor, forward=True)
    _stored_labels(apps, schema_editor, forward=True)


def backwards(apps, schema_editor):
    _content_types(apps, schema_editor, forward=False)
    _stored_labels(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0003_protected_uploads"),
        ("tallies", "0001_initial"),
        ("coordination", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reports", "0001_initial"),
        ("antqcore", "0003_security_events"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        # The old app's state forgets the models; their tables now belong to tallies and coordination.
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.DeleteModel(name="TallyValue"),
            migrations.DeleteModel(name="HistoricalTallyValue"),
            migrations.DeleteModel(name="ReportingBody"),
            migrations.DeleteModel(name="HistoricalReportingBody"),
            migrations.DeleteModel(name="HistoricalIndicator"),
            migrations.DeleteModel(name="Indicator"),
            migrations.DeleteModel(name="DocumentCitation"),
            migrations.DeleteModel(name="HistoricalDocument"),
            migrations.DeleteModel(name="Document"),
            migrations.DeleteModel(name="HistoricalAgreement"),
            migrations.DeleteModel(name="Agreement"),
            migrations.DeleteModel(name="HistoricalInspection"),
            migrations.DeleteModel(name="Inspection"),
        ]),
    ]
