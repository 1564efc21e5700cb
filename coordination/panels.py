"""What the coordination app shows on other registries' pages: the "Documents cited" panel on every kind of record that
cites documents (antqcore.panels), and the unit page's tab (tabs.py). Also keeps citations in step with deletions:
a deleted record's citations go with it, whichever app deleted it."""

from django.db.models.signals import post_delete

from antqcore.panels import register_record_panel
from antqcore.scoping import area_in_scope, user_can_write

from .forms import CiteForm
from .selectors import CITING_KINDS, record_area, record_documents
from .services import citations_of_deleted_record


def cited_documents_context(record, user) -> dict:
    kind = CITING_KINDS[record._meta.label_lower]
    can_cite = user is not None and user_can_write(user) and area_in_scope(user, record_area(record))
    return {"documents": list(record_documents(record)), "kind": kind.record_type, "can_cite": can_cite,
            "cite_form": CiteForm(prefix="cite", user=user) if can_cite else None}


def _drop_citations(sender, instance, **kwargs):
    citations_of_deleted_record(record=instance)


def register_panels() -> None:
    from django.apps import apps

    for label in CITING_KINDS:
        register_record_panel(label, "coordination/_cited_documents_panel.html", cited_documents_context,
                              order=50)
        post_delete.connect(_drop_citations, sender=apps.get_model(label),
                            dispatch_uid=f"coordination.drop_citations.{label}")
