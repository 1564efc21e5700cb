"""The admin shows the coordination app (documents with their citations, agreements, inspections) and their history,
read-only: writes go through the pages and the API, whose services keep the rules and the scope."""

import pytest

from coordination.services import document_cite

from .factories import make_agreement, make_document, make_inspection, recorder

pytestmark = pytest.mark.django_db


def test_the_admin_lists_and_shows_the_records_without_add_or_change(client, admin_user):
    document, agreement, inspection = make_document(), make_agreement(), make_inspection()
    document_cite(actor=recorder(), document=document, record=agreement)
    client.force_login(admin_user)
    for model, obj in (("document", document), ("agreement", agreement), ("inspection", inspection)):
        assert client.get(f"/admin/coordination/{model}/").status_code == 200, model
        page = client.get(f"/admin/coordination/{model}/{obj.pk}/change/")
        assert page.status_code == 200, model
        assert 'name="_save"' not in page.content.decode()  # read-only
        assert client.get(f"/admin/coordination/{model}/add/").status_code == 403
        assert client.get(f"/admin/coordination/{model}/{obj.pk}/history/").status_code == 200
    assert client.get("/admin/coordination/documentcitation/").status_code == 200
    assert "07/CT-BCA-V28" in client.get(f"/admin/coordination/document/{document.pk}/change/").content.decode()
