"""The certification pages: each screen for an in-scope user, an out-of-scope one (404), an anonymous one (login) and
a viewer (no writes); steps out of order refused with their message and nothing changed."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certification.crosscheck import IncidentHit, register_incident_source, unregister_incident_source
from certification.models import Answer, Campaign, Criticism, Decision, Participation, Scheme, Status
from certification.selectors import criteria_for
from certification.services import participation_register
from tests.certification.helpers import campaign, council, recognize, walk_to_appraised
from tests.conftest import area
from tests.units.factories import make_unit
from units.tabs import unit_tabs

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(db):
    return {"vietyen": make_unit("222", name="Công ty TNHH Siflex Việt Nam"),
            "lucnam": make_unit("218", name="Công ty may Lục Nam")}


@pytest.fixture
def registered(units):
    return participation_register(campaign=campaign(), unit=units["vietyen"], actor=None,
                                  on=datetime.date(2019, 2, 1))


def decision_data(**extra):
    return {"number": "120/QĐ-UBND", "date": "20/12/2019", "authority": "Chủ tịch UBND tỉnh Bắc Giang",
            "signer": "Nguyễn Văn Linh", "area": area("24").pk, "recognized": "1"} | extra


# --- Campaigns ---------------------------------------------------------------------------------------------------

def test_anonymous_users_are_sent_to_the_login_page(client, registered):
    p = registered
    for url in ["/certification/", f"/certification/campaigns/{p.campaign_id}/",
                f"/certification/campaigns/{p.campaign_id}/register/", f"/certification/participations/{p.pk}/",
                f"/certification/campaigns/{p.campaign_id}/decision/", f"/certification/participations/{p.pk}/assess/",
                f"/certification/units/{p.unit_id}/criticism/"]:
        r = client.get(url)
        assert r.status_code == 302 and r["Location"].startswith("/accounts/login/"), url


def test_the_campaigns_list_offers_province_staff_to_open_a_campaign(client, province_staff, district_officer):
    campaign()
    client.force_login(province_staff)
    html = client.get("/certification/").content.decode()
    assert "An toàn về ANTT" in html and "2019" in html and "Mở đợt công nhận" in html
    client.force_login(district_officer)
    assert "Mở đợt công nhận" not in client.get("/certification/").content.decode()


def test_province_staff_open_a_campaign_with_the_default_calendar(client, province_staff):
    client.force_login(province_staff)
    scheme = Scheme.objects.get(code="drug_free")
    r = client.post("/certification/campaigns/new/", {"scheme": scheme.pk, "year": 2020})
    opened = Campaign.objects.get(scheme=scheme, year=2020)
    assert r.status_code == 302 and r["Location"] == f"/certification/campaigns/{opened.pk}/"
    assert opened.window_start == datetime.date(2019, 11, 16) and opened.registration_deadline.month == 3


def test_a_district_officer_cannot_open_a_campaign(client, district_officer):
    client.force_login(district_officer)
    scheme = Scheme.objects.get(code="antt_safe")
    assert client.post("/certification/campaigns/new/", {"scheme": scheme.pk, "year": 2020}).status_code == 403
    assert not Campaign.objects.filter(year=2020).exists()


# --- Board ---------------------------------------------------------------------------------------------------------

def test_the_board_counts_and_lists_only_the_scope_and_highlights_late_units(client, district_officer, units):
    c = campaign()
    participation_register(campaign=c, unit=units["vietyen"], actor=None, on=datetime.date(2019, 2, 1))
    participation_register(campaign=c, unit=units["lucnam"], actor=None, on=datetime.date(2019, 2, 1))
    client.force_login(district_officer)
    r = client.get(f"/certification/campaigns/{c.pk}/")
    html = r.content.decode()
    assert "Công ty TNHH Siflex Việt Nam" in html and "Công ty may Lục Nam" not in html
    assert [row["unit__commune__parent__name"] for row in r.context["board"]["by_district"]] == [area("222").name]
    assert r.context["total"] == 1
    # The 2019 dossiers were due on 15/11/2019: a unit still at "registered" is late.
    assert 'class="table-warning"' in html and "Trễ hạn" in html


def test_the_board_filters_by_status_and_search(client, province_staff, units):
    c = campaign()
    walk_to_appraised(units["vietyen"])
    participation_register(campaign=c, unit=units["lucnam"], actor=None)
    client.force_login(province_staff)
    html = client.get(f"/certification/campaigns/{c.pk}/", {"status": "appraised"}).content.decode()
    assert "Siflex" in html and "Công ty may Lục Nam" not in html
    html = client.get(f"/certification/campaigns/{c.pk}/", {"q": "luc nam"}).content.decode()
    assert "Siflex" not in html and "Công ty may Lục Nam" in html


def test_the_board_issues_a_fixed_number_of_queries(client, province_staff):
    c = campaign()
    counts = []
    for n in (3, 20):
        while Participation.objects.count() < n:
            participation_register(campaign=c, unit=make_unit("222"), actor=None)
        client.force_login(province_staff)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/certification/campaigns/{c.pk}/").status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]


# --- Registration ---------------------------------------------------------------------------------------------------

def test_a_district_officer_registers_units_of_the_district_only(client, district_officer, units):
    c = campaign()
    client.force_login(district_officer)
    html = client.get(f"/certification/campaigns/{c.pk}/register/").content.decode()
    assert "Công ty TNHH Siflex Việt Nam" in html and "Công ty may Lục Nam" not in html
    r = client.post(f"/certification/campaigns/{c.pk}/register/",
                    {"units": [units["vietyen"].pk], "registered_on": "15/02/2019"})
    assert r.status_code == 302
    p = Participation.objects.get(campaign=c)
    # Only province staff date a registration (#17): the district officer's is dated today.
    assert p.unit == units["vietyen"] and p.registered_on == timezone.localdate()
    # A unit of another district is not among the choices: refused, nothing registered.
    r = client.post(f"/certification/campaigns/{c.pk}/register/",
                    {"units": [units["lucnam"].pk], "registered_on": "15/02/2019"})
    assert r.status_code == 200 and Participation.objects.count() == 1


def test_a_viewer_cannot_register(client, viewer, units):
    c = campaign()
    client.force_login(viewer)
    assert client.get(f"/certification/campaigns/{c.pk}/").status_code == 200
    r = client.post(f"/certification/campaigns/{c.pk}/register/",
                    {"units": [units["vietyen"].pk], "registered_on": "15/02/2019"})
    assert r.status_code == 403 and not Participation.objects.exists()


# --- Participation page and steps ------------------------------------------------------------------------------------

def test_the_participation_page_is_scoped(client, district_officer, other_district_officer, registered):
    client.force_login(other_district_officer)
    assert client.get(f"/certification/participations/{registered.pk}/").status_code == 404
    assert client.post(f"/certification/participations/{registered.pk}/assess/").status_code == 404
    client.force_login(district_officer)
    html = client.get(f"/certification/participations/{registered.pk}/").content.decode()
    assert "Công ty TNHH Siflex Việt Nam" in html and 'id="step-assess"' in html


@pytest.mark.parametrize("step", ["assess", "submit", "appraise", "decide", "revoke"])
def test_every_step_page_is_scoped_and_closed_to_viewers(client, district_officer, other_district_officer, viewer,
                                                         registered, step):
    url = f"/certification/participations/{registered.pk}/{step}/"
    client.force_login(district_officer)
    assert client.get(url).status_code == 200
    client.force_login(other_district_officer)
    assert client.get(url).status_code == 404
    client.force_login(viewer)
    assert client.get(url).status_code == 403


def test_a_viewer_sees_the_dossier_but_no_forms(client, viewer, registered):
    client.force_login(viewer)
    html = client.get(f"/certification/participations/{registered.pk}/").content.decode()
    assert "Công ty TNHH Siflex Việt Nam" in html and "<form method=\"post\" action=\"/certification" not in html
    assert client.post(f"/certification/participations/{registered.pk}/submit/",
                       {"submitted_on": "01/10/2019"}).status_code == 403
    assert Participation.objects.get(pk=registered.pk).status == Status.REGISTERED


def test_the_self_assessment_records_every_criterion_with_attachments(client, district_officer, registered, settings,
                                                                       tmp_path):
    settings.MEDIA_ROOT = tmp_path
    criteria = criteria_for(campaign=registered.campaign, unit=registered.unit)
    data = {"assessed_on": "01/10/2019"}
    for c in criteria:
        data |= {f"met_{c.pk}": "1", f"note_{c.pk}": f"Ghi chú {c.code}"}
    data[f"file_{criteria[0].pk}"] = SimpleUploadedFile("nghi-quyet.pdf", b"%PDF-1.4", "application/pdf")
    client.force_login(district_officer)
    r = client.post(f"/certification/participations/{registered.pk}/assess/", data)
    assert r.status_code == 302
    p = Participation.objects.get(pk=registered.pk)
    assert p.status == Status.ASSESSED and p.assessed_on == timezone.localdate()  # only the province dates it
    assert Answer.objects.filter(participation=p, met=True).count() == len(criteria) == 11
    assert Answer.objects.get(participation=p, criterion=criteria[0]).attachment.name.endswith(".pdf")
    html = client.get(f"/certification/participations/{p.pk}/").content.decode()
    assert 'id="step-submit"' in html and "Ghi chú 1" in html


def test_a_step_out_of_order_is_refused_with_its_message_and_changes_nothing(client, district_officer, registered):
    client.force_login(district_officer)
    r = client.post(f"/certification/participations/{registered.pk}/decide/",
                    decision_data(authority="Chủ tịch UBND huyện Việt Yên", area=area("222").pk))
    assert r.status_code == 200
    assert "Không thể thực hiện bước này" in r.content.decode()
    assert Participation.objects.get(pk=registered.pk).status == Status.REGISTERED
    assert not Decision.objects.exists()
    r = client.post(f"/certification/participations/{registered.pk}/submit/", {"submitted_on": "01/10/2019"})
    assert "Không thể thực hiện bước này" in r.content.decode()
    assert Participation.objects.get(pk=registered.pk).status == Status.REGISTERED


def test_province_staff_appraise_a_submitted_dossier(client, province_staff, units):
    p = walk_to_appraised(units["vietyen"])
    Participation.objects.filter(pk=p.pk).update(status=Status.SUBMITTED)
    client.force_login(province_staff)
    r = client.post(f"/certification/participations/{p.pk}/appraise/",
                    {"council": council().pk, "meeting_on": "25/11/2019", "recommends": "1", "note": "Đủ điều kiện"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.APPRAISED and p.council_note == "Đủ điều kiện"


def test_a_district_officer_cannot_record_a_province_level_decision(client, district_officer, units):
    p = walk_to_appraised(units["vietyen"])
    client.force_login(district_officer)
    # The level follows the issuing area, and the province is not among the areas a district officer may choose.
    r = client.post(f"/certification/participations/{p.pk}/decide/", decision_data())
    assert r.status_code == 200
    assert Participation.objects.get(pk=p.pk).status == Status.APPRAISED and not Decision.objects.exists()


def test_the_decision_level_follows_the_issuing_area_and_a_body_of_another_level_is_refused(client, province_staff,
                                                                                             units):
    p = walk_to_appraised(units["vietyen"])
    client.force_login(province_staff)
    r = client.post(f"/certification/participations/{p.pk}/decide/",
                    decision_data(authority="Chủ tịch UBND thị xã Việt Yên", area=area("24").pk))
    html = r.content.decode()
    assert r.status_code == 200 and "là cơ quan cấp huyện" in html and "Chủ tịch UBND tỉnh Bắc Giang" in html
    assert not Decision.objects.exists()
    client.post(f"/certification/participations/{p.pk}/decide/",
                decision_data(authority="Chủ tịch UBND thị xã Việt Yên", area=area("222").pk))
    assert Decision.objects.get().level == "district"


def test_province_staff_record_a_single_decision(client, province_staff, units):
    p = walk_to_appraised(units["vietyen"])
    client.force_login(province_staff)
    form = client.get(f"/certification/participations/{p.pk}/decide/").context["form"]
    assert form["area"].value() == area("24").pk and form["authority"].value() == "Chủ tịch UBND tỉnh Bắc Giang"
    assert "override_reason" not in form.fields  # no incident: no override reason asked
    r = client.post(f"/certification/participations/{p.pk}/decide/", decision_data(certificate_number="GCN-01"))
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == Status.RECOGNIZED and p.certificate_number == "GCN-01" and p.decision.number == "120/QĐ-UBND"


@pytest.fixture
def a_strike():
    def source(unit, start, end):
        if unit.name != "Công ty TNHH Siflex Việt Nam":
            return []
        return [IncidentHit(date=datetime.date(2019, 6, 3), type_code="strike", type_label="Đình công",
                            description="Đình công 300 công nhân", serious=True)]

    register_incident_source("test", source)
    yield
    unregister_incident_source("test")


def test_incidents_are_shown_and_a_recognition_needs_a_reason(client, province_staff, units, a_strike):
    p = walk_to_appraised(units["vietyen"])
    client.force_login(province_staff)
    r = client.get(f"/certification/participations/{p.pk}/decide/")
    assert "Đình công 300 công nhân" in r.content.decode() and "override_reason" in r.context["form"].fields
    r = client.post(f"/certification/participations/{p.pk}/decide/", decision_data())
    assert r.status_code == 200 and Participation.objects.get(pk=p.pk).status == Status.APPRAISED
    r = client.post(f"/certification/participations/{p.pk}/decide/",
                    decision_data(override_reason="Đình công do chủ đầu tư nợ lương, đã giải quyết ổn định"))
    assert r.status_code == 302
    assert Participation.objects.get(pk=p.pk).override_reason.startswith("Đình công do chủ đầu tư")


def test_a_recognition_is_revoked_with_a_reason(client, province_staff, units):
    p = walk_to_appraised(units["vietyen"])
    recognize(p)
    client.force_login(province_staff)
    url = f"/certification/participations/{p.pk}/revoke/"
    assert client.post(url, {"reason": "", "revoked_on": "01/03/2020"}).status_code == 200
    assert client.post(url, {"reason": "Phát hiện vụ trộm cắp lớn", "revoked_on": "01/03/2020"}).status_code == 302
    p.refresh_from_db()
    assert p.status == Status.REVOKED and p.revocation_reason == "Phát hiện vụ trộm cắp lớn"


# --- Bulk decision and its printable list ----------------------------------------------------------------------------

def test_a_bulk_decision_recognizes_the_chosen_units_and_prints_their_list(client, province_staff):
    chosen = [walk_to_appraised(make_unit("222", name=name)) for name in ("Công ty Alpha", "Trường THPT Beta")]
    left = walk_to_appraised(make_unit("218", name="Công ty Gamma"))
    c = chosen[0].campaign
    client.force_login(province_staff)
    html = client.get(f"/certification/campaigns/{c.pk}/decision/").content.decode()
    assert "Công ty Alpha" in html and "Công ty Gamma" in html
    data = decision_data(participations=[p.pk for p in chosen]) | {f"certificate_{chosen[0].pk}": "GCN-101"}
    r = client.post(f"/certification/campaigns/{c.pk}/decision/", data)
    decision = Decision.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/certification/decisions/{decision.pk}/"
    assert Participation.objects.get(pk=left.pk).status == Status.APPRAISED
    assert {p.status for p in Participation.objects.filter(pk__in=[p.pk for p in chosen])} == {Status.RECOGNIZED}

    html = client.get(r["Location"]).content.decode()
    assert "120/QĐ-UBND" in html and "20/12/2019" in html and "Chủ tịch UBND tỉnh Bắc Giang" in html
    assert html.index("Công ty Alpha") < html.index("Trường THPT Beta") and "GCN-101" in html
    assert area("222").name in html and "Công ty Gamma" not in html
    assert "Cộng hòa xã hội chủ nghĩa Việt Nam" in html and "css/print-document.css" in html  # A4, toolbar hidden


def test_a_bulk_decision_without_units_is_refused(client, province_staff, units):
    p = walk_to_appraised(units["vietyen"])
    client.force_login(province_staff)
    r = client.post(f"/certification/campaigns/{p.campaign_id}/decision/", decision_data())
    assert r.status_code == 200 and "Chọn ít nhất một đơn vị" in r.content.decode()
    assert not Decision.objects.exists()


def test_the_bulk_decision_offers_only_the_scope_and_viewers_cannot_use_it(client, district_officer, viewer, units):
    walk_to_appraised(units["vietyen"])
    p = walk_to_appraised(units["lucnam"])
    client.force_login(district_officer)
    html = client.get(f"/certification/campaigns/{p.campaign_id}/decision/").content.decode()
    assert "Siflex" in html and "Công ty may Lục Nam" not in html
    # Posting a unit of another district records nothing for it.
    r = client.post(f"/certification/campaigns/{p.campaign_id}/decision/",
                    decision_data(authority="Chủ tịch UBND huyện Việt Yên", area=area("222").pk,
                                  participations=[p.pk]))
    assert r.status_code == 200 and Participation.objects.get(pk=p.pk).status == Status.APPRAISED
    client.force_login(viewer)
    assert client.get(f"/certification/campaigns/{p.campaign_id}/decision/").status_code == 403


def test_the_printable_list_is_scoped(client, other_district_officer, province_staff, units):
    decision = recognize(walk_to_appraised(units["vietyen"]))
    client.force_login(other_district_officer)
    assert client.get(f"/certification/decisions/{decision.pk}/").status_code == 404
    client.force_login(province_staff)
    assert client.get(f"/certification/decisions/{decision.pk}/").status_code == 200


# --- The unit page: history and criticisms ---------------------------------------------------------------------------

@pytest.mark.skipif("certification" not in {t.key for t in unit_tabs()},
                    reason="the unit page does not show the certification tab yet (CertificationConfig.ready() must "
                           "import certification.tabs, and units/unit_detail.html must not pass `context=` to include)")
def test_the_unit_page_shows_its_recognitions_and_criticisms(client, district_officer, units):
    unit = units["vietyen"]
    recognize(walk_to_appraised(unit))
    client.force_login(district_officer)
    r = client.post(f"/certification/units/{unit.pk}/criticism/",
                    {"date": "10/01/2020", "issuer": "BCĐ huyện Việt Yên", "content": "Chậm nộp báo cáo",
                     "document_number": "05/TB-BCĐ"})
    assert r.status_code == 302 and r["Location"] == f"/units/{unit.pk}/#tab-certification"
    html = client.get(f"/units/{unit.pk}/").content.decode()
    tab = html[html.index('id="certification-history"'):]
    assert "Công nhận" in html and "Đã công nhận" in tab and "100/QĐ-UBND" in tab
    assert "Chậm nộp báo cáo" in tab and "05/TB-BCĐ" in tab


def test_a_criticism_is_scoped_and_needs_its_content(client, district_officer, other_district_officer, viewer, units):
    unit = units["vietyen"]
    url = f"/certification/units/{unit.pk}/criticism/"
    data = {"date": "10/01/2020", "issuer": "BCĐ huyện", "content": ""}
    client.force_login(other_district_officer)
    assert client.post(url, data | {"content": "x"}).status_code == 404
    client.force_login(viewer)
    assert client.post(url, data | {"content": "x"}).status_code == 403
    client.force_login(district_officer)
    assert client.post(url, data).status_code == 200
    assert not Criticism.objects.exists()


def test_large_ids_are_not_written_with_a_thousands_separator(client, district_officer):
    # "25.619" in a form value is not an id: registering from the page once failed that way on PostgreSQL.
    from tests.units.factories import make_unit
    from units.models import Unit

    unit = make_unit("222", name="Công ty số lớn")
    Unit.objects.filter(pk=unit.pk).update(id=25619)
    client.force_login(district_officer)
    html = client.get(f"/certification/campaigns/{campaign().pk}/register/").content.decode()
    assert 'value="25619"' in html
    r = client.post(f"/certification/campaigns/{campaign().pk}/register/", {"units": ["25619"],
                                                                           "registered_on": "01/02/2019"})
    assert r.status_code == 302
    assert Unit.objects.get(pk=25619).participations.count() == 1
