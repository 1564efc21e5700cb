"""A final report locks Bắc Giang's figures of the third quarter of 2019: on the web forms that change such records
the refusal is shown on the form with what was typed, and province staff get a "reason" field that lets the change
through, audited. The forms are filled as a browser would: from the fields the page renders."""

import datetime
from html.parser import HTMLParser

import pytest

from commendations.models import Commendation
from coordination.models import Inspection
from incidents.models import Incident
from reports.models import LockedChange
from tallies.models import TallyValue
from tests.certification.helpers import campaign, walk_to_appraised
from tests.commendations.factories import make_commendation
from tests.conftest import area
from tests.coordination.factories import make_inspection
from tests.incidents.helpers import at, make_incident
from tests.reports.helpers_core import lock
from tests.tallies.helpers import catalogue  # noqa: F401
from tests.tallies.test_excel import row, sheet
from tests.units.factories import make_unit

pytestmark = [pytest.mark.django_db]
D = datetime.date
REASON = "Bổ sung số người bị thương theo kết luận giám định"
LOCKED = "Số liệu kỳ này đã chốt theo báo cáo số 125/BC-BCĐ ngày 05/10/2019"
ONLY_PROVINCE = LOCKED + ": chỉ cán bộ cấp tỉnh được sửa và phải ghi lý do."
WRITE_REASON = LOCKED + ": đề nghị ghi lý do sửa đổi."
REASON_LABEL = "Lý do sửa số liệu kỳ đã chốt"
ENTRY = "/activities/tallies/entry/?body=ca-222&period=2019-Q3"
IMPORT = "/activities/tallies/excel/import/"


class FormFields(HTMLParser):
    """What a browser sends from the form `form_id`: its inputs (boxes only when ticked), selects (the chosen option,
    else the first) and textareas."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, {}
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        name = attrs.get("name")
        if not self.inside:
            return
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") not in ("checkbox", "radio"):
                self.fields[name] = attrs.get("value") or ""
            elif "checked" in attrs:
                self.fields[name] = attrs.get("value") or "on"
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and (self.select not in self.fields or "selected" in attrs):
            self.fields[self.select] = attrs.get("value") or ""
        elif tag == "textarea":
            self.textarea = name
            self.fields[name] = ""

    def handle_data(self, data):
        if self.inside and self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def form_fields(response, form_id: str) -> dict[str, str]:
    assert response.status_code == 200
    parser = FormFields(form_id)
    parser.feed(response.content.decode())
    assert parser.fields, f"no form #{form_id} on the page"
    return parser.fields


@pytest.fixture
def theft():
    """A theft in Việt Yên on 15/08/2019, recorded before the report of the third quarter locked Bắc Giang."""
    incident = make_incident("theft", unit=make_unit("222"), occurred_at=at("2019-08-15"))
    lock(area("24"), start=D(2019, 7, 1), end=D(2019, 9, 30))
    return incident


@pytest.fixture
def q3_locked(catalogue):  # noqa: F811
    return lock(area("24"), start=D(2019, 7, 1), end=D(2019, 9, 30))


# --- An incident's edit page ---------------------------------------------------------------------------------------

def test_a_district_officer_sees_the_refusal_on_the_form_and_nothing_changes(client, district_officer, theft):
    client.force_login(district_officer)
    url = f"/incidents/{theft.pk}/edit/"
    fields = form_fields(client.get(url), "incident-form")
    assert "change_reason" not in fields  # only those who may change a locked period are asked for a reason
    r = client.post(url, fields | {"injuries": "3"})
    assert ONLY_PROVINCE in r.content.decode()
    assert form_fields(r, "incident-form")["injuries"] == "3"  # what was typed stays
    assert Incident.objects.get(pk=theft.pk).injuries == 0
    assert not LockedChange.objects.exists()


def test_province_staff_without_a_reason_are_refused(client, province_staff, theft):
    client.force_login(province_staff)
    url = f"/incidents/{theft.pk}/edit/"
    page = client.get(url)
    assert REASON_LABEL in page.content.decode()
    fields = form_fields(page, "incident-form")
    assert fields["change_reason"] == ""
    r = client.post(url, fields | {"injuries": "3", "change_reason": "   "})
    assert WRITE_REASON in r.content.decode()
    assert form_fields(r, "incident-form")["injuries"] == "3"
    assert Incident.objects.get(pk=theft.pk).injuries == 0
    assert not LockedChange.objects.exists()


def test_province_staff_writing_the_reason_on_the_edit_page_change_it_and_the_change_is_audited(
        client, province_staff, theft):
    client.force_login(province_staff)
    url = f"/incidents/{theft.pk}/edit/"
    r = client.post(url, form_fields(client.get(url), "incident-form") | {"injuries": "3", "change_reason": REASON})
    assert r.status_code == 302
    assert Incident.objects.get(pk=theft.pk).injuries == 3
    change = LockedChange.objects.get()
    assert (change.record_type, change.record_id, change.action, change.reason, change.user) == (
        "incidents.Incident", str(theft.pk), "update", REASON, province_staff)
    assert theft.history.first().history_change_reason == REASON


def test_the_reason_typed_stays_when_the_form_has_another_error(client, province_staff, theft):
    client.force_login(province_staff)
    url = f"/incidents/{theft.pk}/edit/"
    fields = form_fields(client.get(url), "incident-form")
    r = client.post(url, fields | {"occurred_at": "", "change_reason": REASON})
    assert form_fields(r, "incident-form")["change_reason"] == REASON
    assert not LockedChange.objects.exists()


def test_a_long_reason_is_kept_whole_in_the_audit(client, province_staff, theft):
    reason = REASON + " số 12/KL-GĐ ngày 10/10/2019 của Trung tâm pháp y tỉnh Bắc Giang, gửi kèm hồ sơ vụ việc"
    assert len(reason) > 100  # longer than the history row's field
    client.force_login(province_staff)
    url = f"/incidents/{theft.pk}/edit/"
    r = client.post(url, form_fields(client.get(url), "incident-form") | {"injuries": "3", "change_reason": reason})
    assert r.status_code == 302
    assert LockedChange.objects.get().reason == reason
    assert theft.history.first().history_change_reason == reason[:99] + "…"  # the history row holds 100 characters


# --- Deleting ------------------------------------------------------------------------------------------------------

def test_deleting_an_incident_of_the_locked_period_is_refused_on_the_page_unless_province_staff_give_a_reason(
        client, district_officer, province_staff, theft):
    url = f"/incidents/{theft.pk}/delete/"
    client.force_login(district_officer)
    r = client.post(url, form_fields(client.get(url), "incident-delete"))
    assert r.status_code == 200 and ONLY_PROVINCE in r.content.decode()
    assert Incident.objects.get(pk=theft.pk).deleted_at is None
    client.force_login(province_staff)
    r = client.post(url, form_fields(client.get(url), "incident-delete") | {"change_reason": REASON})
    assert r.status_code == 302
    assert Incident.objects.get(pk=theft.pk).deleted_at is not None
    assert LockedChange.objects.get().reason == REASON


def test_deleting_a_commendation_of_the_locked_period_is_refused_on_the_page(client, district_officer,
                                                                             province_staff):
    commendation = make_commendation(decision_date=D(2019, 8, 13))
    lock(area("24"), start=D(2019, 7, 1), end=D(2019, 9, 30))
    url = f"/commendations/{commendation.pk}/delete/"
    client.force_login(district_officer)
    r = client.post(url, form_fields(client.get(url), "commendation-delete"))
    assert r.status_code == 200 and ONLY_PROVINCE in r.content.decode()
    assert Commendation.objects.filter(pk=commendation.pk).exists()
    client.force_login(province_staff)
    r = client.post(url, {"change_reason": ""})
    assert WRITE_REASON in r.content.decode()
    r = client.post(url, form_fields(client.get(url), "commendation-delete") | {"change_reason": REASON})
    assert r.status_code == 302
    assert not Commendation.objects.filter(pk=commendation.pk).exists()
    assert (LockedChange.objects.get().action, LockedChange.objects.get().reason) == ("delete", REASON)


def test_deleting_an_inspection_of_the_locked_period_needs_the_reason(client, province_staff):
    inspection = make_inspection(inspected_on=D(2019, 8, 20))
    lock(area("24"), start=D(2019, 7, 1), end=D(2019, 9, 30))
    url = f"/activities/inspections/{inspection.pk}/delete/"
    client.force_login(province_staff)
    r = client.post(url, form_fields(client.get(url), "record-delete"))
    assert r.status_code == 200 and WRITE_REASON in r.content.decode()
    assert Inspection.objects.filter(pk=inspection.pk).exists()
    r = client.post(url, form_fields(client.get(url), "record-delete") | {"change_reason": REASON})
    assert r.status_code == 302 and not Inspection.objects.filter(pk=inspection.pk).exists()


# --- The tallies ---------------------------------------------------------------------------------------------------

def test_a_tally_grid_of_the_locked_quarter_is_saved_only_by_province_staff_with_a_reason(
        client, district_officer, province_staff, q3_locked):
    client.force_login(district_officer)
    fields = form_fields(client.get(ENTRY), "tally-grid")
    assert "change_reason" not in fields
    r = client.post(ENTRY, fields | {"value_sessions": "120"})
    assert ONLY_PROVINCE in r.content.decode()
    assert form_fields(r, "tally-grid")["value_sessions"] == "120"
    assert not TallyValue.objects.exists()

    client.force_login(province_staff)
    fields = form_fields(client.get(ENTRY), "tally-grid")
    r = client.post(ENTRY, fields | {"value_sessions": "120"})
    assert WRITE_REASON in r.content.decode() and not TallyValue.objects.exists()
    r = client.post(ENTRY, fields | {"value_sessions": "120", "change_reason": REASON})
    assert r.status_code == 302
    assert TallyValue.objects.get().value == 120
    change = LockedChange.objects.get()
    assert (change.record_type, change.action, change.reason, change.user) == (
        "tallies.TallyValue", "create", REASON, province_staff)


def test_a_tally_import_into_the_locked_quarter_asks_for_the_reason_on_the_preview(client, province_staff,
                                                                                   q3_locked):
    client.force_login(province_staff)
    r = client.post(IMPORT, {"file": sheet(row("sessions", "120"))})
    assert REASON_LABEL in r.content.decode()
    r = client.post(IMPORT, {"commit": "1"})
    assert WRITE_REASON in r.content.decode() and not TallyValue.objects.exists()
    client.post(IMPORT, {"file": sheet(row("sessions", "120"))})
    r = client.post(IMPORT, {"commit": "1", "change_reason": REASON})
    assert r.status_code == 302
    assert TallyValue.objects.get().value == 120
    assert LockedChange.objects.get().reason == REASON


# --- Where the field is offered ------------------------------------------------------------------------------------

def lockable_pages() -> dict[str, str]:
    """Every page whose form writes a record the locks cover, and the id of that form."""
    incident = make_incident("theft", unit=make_unit("222"), occurred_at=at("2019-08-15"))
    commendation = make_commendation(decision_date=D(2019, 8, 13))
    inspection = make_inspection(inspected_on=D(2019, 8, 20))
    participation = walk_to_appraised(make_unit("222"))
    return {
        "/incidents/new/": "incident-form",
        f"/incidents/{incident.pk}/edit/": "incident-form",
        f"/incidents/{incident.pk}/delete/": "incident-delete",
        "/commendations/new/": "commendation-form",
        f"/commendations/{commendation.pk}/edit/": "commendation-form",
        f"/commendations/{commendation.pk}/delete/": "commendation-delete",
        "/activities/inspections/new/": "inspection-form",
        f"/activities/inspections/{inspection.pk}/edit/": "inspection-form",
        f"/activities/inspections/{inspection.pk}/delete/": "record-delete",
        ENTRY: "tally-grid",
        f"/certification/participations/{participation.pk}/decide/": "step-decide",
        f"/certification/campaigns/{campaign().pk}/decision/": "bulk-decision",
    }


def test_every_form_writing_lockable_records_offers_province_staff_the_reason_and_nobody_else(
        client, catalogue, province_staff, district_officer, admin_user):  # noqa: F811
    pages = lockable_pages()
    for user, offered in ((province_staff, True), (admin_user, True), (district_officer, False)):
        client.force_login(user)
        for url, form_id in pages.items():
            fields = form_fields(client.get(url), form_id)
            assert ("change_reason" in fields) == offered, (user.role, url)


def test_forms_of_records_the_locks_do_not_cover_do_not_ask_for_a_reason(client, province_staff):
    client.force_login(province_staff)
    assert "change_reason" not in form_fields(client.get("/activities/documents/new/"), "document-form")
    assert "change_reason" not in form_fields(client.get("/activities/agreements/new/"), "agreement-form")
