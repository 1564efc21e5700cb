"""The documents' searchable picker (antqcore.lookups), for citing: the documents the user reads — of the scope and
issued above it — whose number or subject holds every word typed, accents aside; the newest first."""

from antqcore.lookups import Lookup, register_lookup

from .forms import document_choice_label
from .models import Document
from .selectors import document_list, documents_visible_q


def documents_matching(user, search: str, params):
    return document_list(base=Document.objects.filter(documents_visible_q(user)), search=search)


register_lookup("documents", Lookup(rows=documents_matching, label=document_choice_label))
