from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    """Retired: its models moved to `tallies` and `coordination` (#14). It stays installed, with its migrations
    only, so that a database created before the split migrates forward: its last migration hands the tables, the
    content types and the stored labels over to the two apps. Remove it once every installation has applied
    activities.0004."""

    name = "activities"
    verbose_name = "activities (migrations only)"
