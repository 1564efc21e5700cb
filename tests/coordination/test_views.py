"""The records pages: each screen for an in-scope user, an out-of-scope one (404), an anonymous one (login) and a
viewer (no writes); the lists' filters and counts; the forms' rules shown on the page; the "Documents cited" panel on a
commendation, a model, a certification decision and an agreement; the unit page's tab."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coordination.models import Agreement, Document, DocumentCitation, Inspection
from coordination.services import document_cite
from tests.certification.helpers import recognize, walk_to_appraised
from tests.commendations.factories import make_commendation
from tests.conftest import area
from tests.models_registry.test_views import make_model
from tests.units.factories import make_unit

from .factories import (  # noqa: F401  the fixture
    D,
    make_agreement,
    make_document,
    make_inspection,
    make_provincial_agreement,
    recorder,
)

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def records(db):
    siflex = make_unit("222", name="Công ty TNHH Siflex Việt Nam", started_on=D(2010, 1, 1))
    luc_nam = make_unit("218", name="Công ty may Lục Nam", started_on=D(2010, 1, 1))
    return {
        "siflex": siflex, "luc_nam_unit": luc_nam,
        "viet_yen": make_agreement(siflex, number="12/QCPH-CAH"),
        "luc_nam": make_agreement(luc_nam, number="08/KH-CAH", kind="plan", police_unit_name="Công an huyện Lục Nam"),
        "province": make_provincial_agreement(),
        "inspection": make_inspection(siflex),
        "luc_nam_inspection": make_inspection(luc_nam, inspecting_body="standing_agency"),
        "directive": make_document(),
        "luc_nam_document": make_document(number="55/UBND-CA", issued_on=D(2018, 6, 1), area_code="218",
                                          doc_type="dispatch", issuer="UBND huyện Lục Nam"),
    }


def html(client, url, **params) -> str:
    r = client.get(url, params)
    assert r.status_code == 200, (url, r.status_code)
    return r.content.decode()


# --- Access -------------------------------------------------------------------------------------------------------

def test_anonymous_users_are_sent_to_the_login_page(client, records):
    a, i, d = records["viet_yen"].pk, records["inspection"].pk, records["directive"].pk
    for url in ["/activities/agreements/", "/activities/agreements/new/", f"/activities/agreements/{a}/",
                f"/activities/agreements/{a}/edit/", f"/activities/agreements/{a}/delete/",
                "/activities/inspections/", "/activities/inspections/new/", f"/activities/inspections/{i}/",
                f"/activities/inspections/{i}/edit/", "/activities/documents/", "/activities/documents/new/",
                f"/activities/documents/{d}/", f"/activities/documents/{d}/edit/"]:
        r = client.get(url)
        assert r.status_code == 302 and r["Location"].startswith("/accounts/login/"), url
    r = client.post(f"/activities/citations/activities.agreement/{a}/cite/", {"cite-number": "07/CT-BCA-V28"})
    assert r.status_code == 302 and not DocumentCitation.objects.exists()


@pytest.mark.parametrize("page", ["", "edit/", "delete/"])
def test_records_of_another_district_answer_404(client, district_officer, records, page):
    client.force_login(district_officer)
    for kind, outside, inside in [("agreements", "luc_nam", "viet_yen"),
                                  ("inspections", "luc_nam_inspection", "inspection")]:
        assert client.get(f"/activities/{kind}/{records[outside].pk}/{page}").status_code == 404
        assert client.get(f"/activities/{kind}/{records[inside].pk}/{page}").status_code == 200


def test_a_district_reads_the_provinces_documents_but_does_not_change_them(client, district_officer, records):
    client.force_login(district_officer)
    page = html(client, f"/activities/documents/{records['directive'].pk}/")
    assert "07/CT-BCA-V28" in page and "/edit/" not in page
    assert client.get(f"/activities/documents/{records['directive'].pk}/edit/").status_code == 403
    assert client.post(f"/activities/documents/{records['directive'].pk}/delete/").status_code == 403
    assert client.get(f"/activities/documents/{records['luc_nam_document'].pk}/").status_code == 404
    assert Document.objects.count() == 2


def test_a_viewer_reads_but_cannot_open_the_forms_or_post(client, viewer, records):
    client.force_login(viewer)
    a = records["viet_yen"].pk
    page = html(client, f"/activities/agreements/{a}/")
    assert "12/QCPH-CAH" in page and f"/activities/agreements/{a}/edit/" not in page and 'id="cite-form"' not in page
    assert "/activities/agreements/new/" not in html(client, "/activities/agreements/")
    for url in ["/activities/agreements/new/", f"/activities/agreements/{a}/edit/", "/activities/inspections/new/",
                "/activities/documents/new/"]:
        assert client.get(url).status_code == 403, url
    assert client.post(f"/activities/agreements/{a}/delete/").status_code == 403
    assert client.post(f"/activities/citations/activities.agreement/{a}/cite/",
                       {"cite-number": "07/CT-BCA-V28"}).status_code == 403
    assert Agreement.objects.count() == 3 and not DocumentCitation.objects.exists()


def test_the_menu_leads_to_the_records(client, district_officer):
    client.force_login(district_officer)
    home = html(client, "/")
    assert 'href="/activities/agreements/">Phối hợp, kiểm tra</a>' in home
    page = html(client, "/activities/agreements/")
    for url in ("/activities/agreements/", "/activities/inspections/", "/activities/documents/"):
        assert f'href="{url}"' in page


# --- Lists --------------------------------------------------------------------------------------------------------

def counts_of(page: str, key: str) -> str:
    marker = f'data-count="{key}">'
    return page.split(marker, 1)[1].split("<", 1)[0]


def test_the_agreement_list_shows_the_scope_with_the_counts_in_force(client, province_staff, district_officer,
                                                                     records):
    make_agreement(records["siflex"], number="02/KH-CAH", kind="plan", status="expired", ended_on=D(2017, 1, 1))
    client.force_login(district_officer)
    page = html(client, "/activities/agreements/")
    assert "12/QCPH-CAH" in page and "08/KH-CAH" not in page and "01/CTr-CA-MTTQ" not in page
    assert (counts_of(page, "listed"), counts_of(page, "in_force"), counts_of(page, "local")) == ("2", "1", "1")
    client.force_login(province_staff)
    page = html(client, "/activities/agreements/", in_force_on="01/06/2016")
    assert "Đang có hiệu lực ngày 01/06/2016" in page
    assert (counts_of(page, "in_force"), counts_of(page, "provincial"), counts_of(page, "local")) == ("4", "1", "3")
    page = html(client, "/activities/agreements/", police_side="provincial")
    assert "01/CTr-CA-MTTQ" in page and "12/QCPH-CAH" not in page
    page = html(client, "/activities/agreements/", area=area("218").pk)
    assert "08/KH-CAH" in page and "12/QCPH-CAH" not in page
    page = html(client, "/activities/agreements/", status="expired", q="02/KH")
    assert "02/KH-CAH" in page and "12/QCPH-CAH" not in page


def test_the_lists_issue_the_same_number_of_queries_whatever_their_length(client, province_staff):
    client.force_login(province_staff)
    counts = []
    for n in (2, 12):
        while Agreement.objects.count() < n:
            unit = make_unit("222")
            make_agreement(unit)
            make_inspection(unit)
        with CaptureQueriesContext(connection) as ctx:
            html(client, "/activities/agreements/")
            html(client, "/activities/inspections/")
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_the_inspection_list_filters_by_body_dates_district_unit_and_follow_up(client, province_staff, records):
    client.force_login(province_staff)
    page = html(client, "/activities/inspections/")
    assert (counts_of(page, "total"), counts_of(page, "district_committees"),
            counts_of(page, "standing_agency")) == ("2", "1", "1")
    assert "Công ty may Lục Nam" not in html(client, "/activities/inspections/", inspecting_body="district_committee")
    assert "Công ty may Lục Nam" not in html(client, "/activities/inspections/", area=area("222").pk)
    assert counts_of(html(client, "/activities/inspections/", start="01/06/2018"), "total") == "0"
    assert counts_of(html(client, "/activities/inspections/", end="01/06/2018", follow_up="no"), "total") == "2"
    page = html(client, "/activities/inspections/", unit=records["siflex"].pk)
    assert counts_of(page, "total") == "1" and 'id="unit-filter"' in page
    assert f"/activities/inspections/new/?unit={records['siflex'].pk}" in page


def test_the_document_list_filters_and_counts_citations(client, province_staff, records):
    document_cite(actor=recorder(), document=records["directive"], record=records["province"])
    client.force_login(province_staff)
    page = html(client, "/activities/documents/")
    assert "07/CT-BCA-V28" in page and "55/UBND-CA" in page
    assert "55/UBND-CA" not in html(client, "/activities/documents/", doc_type="directive")
    assert "07/CT-BCA-V28" not in html(client, "/activities/documents/", year="2018")
    assert "07/CT-BCA-V28" not in html(client, "/activities/documents/", issuer="UBND huyện Lục Nam")
    assert "55/UBND-CA" not in html(client, "/activities/documents/", q="07/CT")
    page = html(client, "/activities/documents/", q="07/ct phong trao toan dan")  # accents and case aside
    assert "07/CT-BCA-V28" in page and "55/UBND-CA" not in page


# --- Forms --------------------------------------------------------------------------------------------------------

def agreement_form(**extra) -> dict:
    return {"kind": "regulation", "number": "20/QCPH-CAH", "signed_on": "15/03/2019", "police_side": "local",
            "area": "", "police_unit_name": "Công an huyện Việt Yên", "partner_name": "", "partner_unit": "",
            "subject": "Phối hợp bảo đảm ANTT", "status": "in_force", "ended_on": "", "replaced_by": "",
            "review_dates": ""} | extra


def test_an_agreement_is_recorded_from_a_units_page_with_the_unit_as_partner(client, district_officer, records):
    client.force_login(district_officer)
    unit = records["siflex"]
    page = html(client, "/activities/agreements/new/", unit=unit.pk)
    assert f'<option value="{unit.pk}" selected>' in page
    assert "Công ty may Lục Nam" not in page  # the unit picker offers the scope's units only
    r = client.post("/activities/agreements/new/", agreement_form(partner_unit=unit.pk,
                                                                   review_dates="15/03/2020, 20/09/2019"))
    agreement = Agreement.objects.get(number="20/QCPH-CAH")
    assert r.status_code == 302 and r["Location"] == f"/activities/agreements/{agreement.pk}/"
    assert (agreement.area, agreement.partner_name) == (area("222"), unit.name)
    assert agreement.review_dates == ["2019-09-20", "2020-03-15"]
    page = html(client, r["Location"])
    assert "Đã ghi Quy chế phối hợp 20/QCPH-CAH." in page and "20/09/2019, 15/03/2020" in page


def test_the_agreement_form_shows_the_rules_and_saves_nothing(client, district_officer, records):
    client.force_login(district_officer)
    r = client.post("/activities/agreements/new/", agreement_form(partner_name="Trường THCS", ended_on="01/01/2020",
                                                                   review_dates="31/02/2019"))
    page = r.content.decode()
    assert r.status_code == 200 and 'id="form-errors"' in page
    assert "“31/02/2019” không phải là ngày (dd/mm/yyyy)." in page
    r = client.post("/activities/agreements/new/", agreement_form(partner_name="Trường THCS", ended_on="01/01/2020"))
    assert "Văn bản phối hợp đang có hiệu lực thì không có ngày kết thúc" in r.content.decode()
    r = client.post("/activities/agreements/new/", agreement_form(partner_unit=records["luc_nam_unit"].pk))
    assert r.status_code == 200  # not among the choices: the form refuses it
    assert Agreement.objects.count() == 3


def test_an_agreement_is_edited_and_deleted(client, district_officer, records):
    client.force_login(district_officer)
    agreement = records["viet_yen"]
    data = agreement_form(number=agreement.number, signed_on="10/03/2016", partner_unit=agreement.partner_unit_id,
                          area=area("222").pk, status="expired", ended_on="31/12/2018")
    r = client.post(f"/activities/agreements/{agreement.pk}/edit/", data)
    assert r.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.status, agreement.ended_on) == ("expired", D(2018, 12, 31))
    page = html(client, f"/activities/agreements/{agreement.pk}/")
    assert "Hết hiệu lực" in page and "31/12/2018" in page
    r = client.post(f"/activities/agreements/{agreement.pk}/delete/")
    assert r.status_code == 302 and not Agreement.objects.filter(pk=agreement.pk).exists()


def test_an_inspection_is_recorded_for_a_unit_of_the_scope(client, district_officer, records):
    client.force_login(district_officer)
    page = html(client, "/activities/inspections/new/", unit=records["siflex"].pk)
    assert "Công ty may Lục Nam" not in page
    data = {"inspected_on": "02/04/2019", "inspecting_body": "district_committee", "unit": records["siflex"].pk,
            "subject": "Kiểm tra việc thực hiện Công văn số 1010/UBND-NC", "findings": "Chưa lắp camera.",
            "recommendations": "", "follow_up_note": ""}
    r = client.post("/activities/inspections/new/", data)
    inspection = Inspection.objects.get(subject__startswith="Kiểm tra việc")
    assert r.status_code == 302 and inspection.area == records["siflex"].commune
    assert "Đã ghi lượt kiểm tra Công ty TNHH Siflex Việt Nam." in html(client, r["Location"])
    r = client.post("/activities/inspections/new/", data | {"inspected_on": "02/04/2009"})
    assert "Ngày đó đơn vị chưa hoạt động (bắt đầu hoạt động từ 01/01/2010)." in r.content.decode()
    r = client.post(f"/activities/inspections/{inspection.pk}/edit/", data | {"follow_up_done": "on"})
    inspection.refresh_from_db()
    assert r.status_code == 302 and inspection.follow_up_done
    assert client.post(f"/activities/inspections/{inspection.pk}/delete/").status_code == 302
    assert not Inspection.objects.filter(pk=inspection.pk).exists()


def test_a_document_is_added_with_its_file_and_a_bad_file_or_a_duplicate_is_explained(client, province_staff,
                                                                                        settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(province_staff)
    data = {"doc_type": "dispatch", "number": "1010/UBND-NC", "issued_on": "04/04/2018",
            "issuer": "Chủ tịch UBND tỉnh Bắc Giang", "subject": "Đẩy mạnh công tác xây dựng phong trào",
            "area": area("24").pk}
    r = client.post("/activities/documents/new/", data | {"file": SimpleUploadedFile("a.exe", b"MZ")})
    assert "Tệp “a.exe” không được chấp nhận: chỉ nhận tệp PDF, DOC, DOCX, ODT, JPG, JPEG, PNG." in r.content.decode()
    assert not Document.objects.exists()
    r = client.post("/activities/documents/new/", data | {"file": SimpleUploadedFile("1010.pdf", b"%PDF-1.4")})
    document = Document.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/activities/documents/{document.pk}/"
    page = html(client, r["Location"])
    assert "Đã thêm Công văn 1010/UBND-NC (04/04/2018) vào sổ văn bản." in page and "1010" in page
    assert document.file.url in page
    r = client.post("/activities/documents/new/", data)
    assert "Văn bản số 1010/UBND-NC ngày 04/04/2018 đã có trong sổ văn bản." in r.content.decode()
    assert Document.objects.count() == 1


def test_a_cited_document_is_not_deleted(client, province_staff, records):
    document_cite(actor=recorder(), document=records["directive"], record=records["province"])
    client.force_login(province_staff)
    url = f"/activities/documents/{records['directive'].pk}/delete/"
    assert 'id="delete-refused"' in html(client, url)
    r = client.post(url, follow=True)
    assert "Văn bản đang được 1 hồ sơ viện dẫn: hãy bỏ các viện dẫn đó trước." in r.content.decode()
    assert Document.objects.filter(pk=records["directive"].pk).exists()
    r = client.post(f"/activities/documents/{records['luc_nam_document'].pk}/delete/")
    assert r.status_code == 302 and Document.objects.count() == 1


# --- Citations ----------------------------------------------------------------------------------------------------

def test_a_commendations_page_shows_the_document_it_cites(client, province_staff, district_officer):
    commendation = make_commendation(make_unit("222"), decision_date=D(2018, 12, 5))
    guidance = make_document(number="24/HD-HĐTĐKT", issued_on=D(2018, 9, 25), doc_type="guidance",
                             issuer="Hội đồng Thi đua - Khen thưởng tỉnh Bắc Giang",
                             subject="Khen thưởng trong phong trào toàn dân bảo vệ ANTQ trên địa bàn tỉnh")
    document_cite(actor=recorder(), document=guidance, record=commendation)
    client.force_login(district_officer)
    page = html(client, f"/commendations/{commendation.pk}/")
    panel = page.split('id="cited-documents"', 1)[1]
    assert "Văn bản được viện dẫn" in page
    assert "Hướng dẫn 24/HD-HĐTĐKT" in panel and "25/09/2018" in panel
    assert f'href="/activities/documents/{guidance.pk}/"' in panel
    # The document's page lists the commendation among the records citing it, with a link.
    page = html(client, f"/activities/documents/{guidance.pk}/")
    assert f'href="/commendations/{commendation.pk}/"' in page


def test_a_writer_cites_a_document_by_its_number_from_the_record_and_uncites_it(client, district_officer, records):
    client.force_login(district_officer)
    agreement = records["viet_yen"]
    url = f"/activities/agreements/{agreement.pk}/"
    cite = f"/activities/citations/activities.agreement/{agreement.pk}/cite/"
    assert 'id="cite-form"' in html(client, url)
    r = client.post(cite, {"cite-number": " 07/ct-bca-v28 ", "next": url}, follow=True)
    assert r.redirect_chain[-1][0] == url
    page = r.content.decode()
    assert "Đã viện dẫn Chỉ thị 07/CT-BCA-V28 (15/08/2014)." in page
    assert "Chỉ thị 07/CT-BCA-V28" in page.split('id="cited-documents-list"', 1)[1]
    r = client.post(cite, {"cite-number": "07/CT-BCA-V28", "next": url}, follow=True)
    assert "đã được viện dẫn từ trước" in r.content.decode()
    assert DocumentCitation.objects.count() == 1
    # Unknown, another district's, or ambiguous numbers are explained; nothing changes.
    r = client.post(cite, {"cite-number": "55/UBND-CA", "next": url}, follow=True)
    assert "Sổ văn bản chưa có văn bản số 55/UBND-CA: hãy thêm văn bản vào sổ trước." in r.content.decode()
    make_document(number="07/CT-BCA-V28", issued_on=D(2015, 1, 5))
    r = client.post(cite, {"cite-number": "07/CT-BCA-V28", "next": url}, follow=True)
    assert "Có nhiều văn bản cùng số 07/CT-BCA-V28 (05/01/2015, 15/08/2014): hãy nhập thêm ngày ban hành." in (
        r.content.decode())
    r = client.post(cite, {"cite-number": "07/CT-BCA-V28", "cite-issued_on": "05/01/2015", "next": url})
    assert DocumentCitation.objects.count() == 2
    # Uncite, then back to the record (an address elsewhere is not followed).
    uncite = f"/activities/citations/activities.agreement/{agreement.pk}/uncite/{records['directive'].pk}/"
    r = client.post(uncite, {"next": "https://example.com/"})
    assert r["Location"] == url
    assert DocumentCitation.objects.count() == 1


def test_a_writer_cites_a_document_picked_among_those_they_read(client, district_officer, records):
    client.force_login(district_officer)
    agreement = records["viet_yen"]
    url = f"/activities/agreements/{agreement.pk}/"
    cite = f"/activities/citations/activities.agreement/{agreement.pk}/cite/"
    # The picker holds no document until one is chosen: it searches them through /lookup/documents/.
    form = html(client, url).split('id="cite-form"', 1)[1]
    assert 'data-lookup-url="/lookup/documents/"' in form and "07/CT-BCA-V28</option>" not in form
    r = client.post(cite, {"cite-document": records["directive"].pk, "next": url}, follow=True)
    assert "Đã viện dẫn Chỉ thị 07/CT-BCA-V28 (15/08/2014)." in r.content.decode()
    assert DocumentCitation.objects.get().document == records["directive"]
    # Another district's document, an id of nothing, or neither a document nor a number: refused with the reason.
    for data, reason in [({"cite-document": records["luc_nam_document"].pk}, "Văn bản này nằm ngoài địa bàn của bạn."),
                         ({"cite-document": "x"}, "Văn bản này nằm ngoài địa bàn của bạn."),
                         ({"cite-number": " "}, "Hãy chọn văn bản cần viện dẫn, hoặc nhập số, ký hiệu của văn bản.")]:
        r = client.post(cite, data | {"next": url}, follow=True)
        assert reason in r.content.decode(), data
    assert DocumentCitation.objects.count() == 1


def test_the_documents_picker_offers_those_the_user_reads_by_number_or_subject_accents_aside(
        client, district_officer, province_staff, records):
    def found(q: str) -> list[dict]:
        return client.get("/lookup/documents/", {"q": q}).json()["results"]

    client.force_login(district_officer)
    [directive] = found("07/ct")
    assert directive["id"] == records["directive"].pk
    assert directive["text"].startswith("Chỉ thị số 07/CT-BCA-V28 ngày 15/08/2014 — Đẩy mạnh phong trào toàn dân")
    assert directive["text"].endswith("…")  # a long subject is cut
    assert [d["id"] for d in found("BAO VE an ninh to quoc")] == [records["directive"].pk]  # not Lục Nam's
    assert found("55/UBND") == []
    client.force_login(province_staff)
    assert [d["id"] for d in found("an ninh")] == [records["luc_nam_document"].pk, records["directive"].pk]


def test_citing_from_a_record_outside_the_scope_answers_404(client, district_officer, records):
    client.force_login(district_officer)
    r = client.post(f"/activities/citations/activities.agreement/{records['luc_nam'].pk}/cite/",
                    {"cite-number": "07/CT-BCA-V28"})
    assert r.status_code == 404
    assert client.post("/activities/citations/units.unit/1/cite/", {"cite-number": "07"}).status_code == 404
    assert not DocumentCitation.objects.exists()


def test_models_and_certification_decisions_show_the_panel_too(client, province_staff):
    client.force_login(province_staff)
    model = make_model(is_pilot=True, pilot_since=D(2018, 2, 1), pilot_plan="Kế hoạch 61/KH-CAT-PV28")
    plan = make_document(number="61/KH-CAT-PV28", issued_on=D(2015, 3, 31), doc_type="plan")
    document_cite(actor=recorder(), document=plan, record=model)
    assert "61/KH-CAT-PV28" in html(client, f"/models/{model.pk}/").split('id="cited-documents"', 1)[1]
    participation = walk_to_appraised(make_unit("222"))
    recognize(participation)
    participation.refresh_from_db()
    circular = make_document(number="23/2012/TT-BCA", issued_on=D(2012, 4, 27), doc_type="circular")
    document_cite(actor=recorder(), document=circular, record=participation.decision)
    page = html(client, f"/certification/participations/{participation.pk}/")
    assert "Thông tư 23/2012/TT-BCA" in page.split('id="cited-documents"', 1)[1]


def test_the_unit_page_lists_its_agreements_and_inspections(client, district_officer, records):
    client.force_login(district_officer)
    page = html(client, f"/units/{records['siflex'].pk}/")
    assert "Phối hợp, kiểm tra" in page
    tab = page.split('id="unit-coordination"', 1)[1]
    assert "12/QCPH-CAH" in tab.split('id="unit-agreements"', 1)[1].split("</table>", 1)[0]
    assert "15/05/2018" in tab.split('id="unit-inspections"', 1)[1].split("</table>", 1)[0]
    assert f"/activities/inspections/new/?unit={records['siflex'].pk}" in tab
    page = html(client, f"/units/{make_unit('222').pk}/")
    assert "Chưa có văn bản phối hợp nào của đơn vị." in page


def test_a_much_cited_document_lists_fifty_records_of_a_kind_and_counts_the_rest(client, province_staff, records):
    for day in range(1, 53):
        inspection = make_inspection(records["siflex"], inspected_on=D(2017, 1, 1) + (D(2017, 1, 2) - D(2017, 1, 1))
                                     * day)
        DocumentCitation.objects.create(document=records["directive"], record=inspection)
    client.force_login(province_staff)
    page = html(client, f"/activities/documents/{records['directive'].pk}/")
    assert page.count('href="/activities/inspections/') == 50
    assert "… và 2 hồ sơ khác." in page
