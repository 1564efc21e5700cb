"""/api/v1/activities/agreements/, /inspections/ and /documents/ (with a document's citations): every endpoint for an
in-scope user, an out-of-scope one (404 on reads, 403 on writes), an anonymous caller and a viewer (reads only); the
services' rules answer 400 with the reasons."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coordination.models import Agreement, Document, DocumentCitation, Inspection
from tests.conftest import area, client_for
from tests.units.factories import commune_of, make_unit

from .factories import (  # noqa: F401  the fixture
    D,
    make_agreement,
    make_document,
    make_inspection,
    make_provincial_agreement,
)

pytestmark = [pytest.mark.django_db]
AGREEMENTS = "/api/v1/activities/agreements/"
INSPECTIONS = "/api/v1/activities/inspections/"
DOCUMENTS = "/api/v1/activities/documents/"


@pytest.fixture
def records(db):
    viet_yen, luc_nam = make_unit("222", name="Công ty TNHH Siflex Việt Nam"), make_unit("218")
    return {
        "viet_yen": make_agreement(viet_yen, number="12/QCPH-CAH"),
        "luc_nam": make_agreement(luc_nam, number="08/KH-CAH", kind="plan", police_unit_name="Công an huyện Lục Nam"),
        "province": make_provincial_agreement(),
        "inspection": make_inspection(viet_yen),
        "luc_nam_inspection": make_inspection(luc_nam, inspecting_body="standing_agency"),
        "directive": make_document(),
        "luc_nam_document": make_document(number="55/UBND-CA", issued_on=D(2018, 6, 1), area_code="218",
                                          doc_type="dispatch", issuer="UBND huyện Lục Nam"),
    }


def numbers(client, url, **params):
    return sorted(row.get("number") or str(row["id"]) for row in client.get(url, params).json()["results"])


# --- Agreements ----------------------------------------------------------------------------------------------------

def test_a_district_officer_lists_the_districts_agreements_only(district_officer, records):
    body = client_for(district_officer).get(AGREEMENTS).json()
    assert [a["number"] for a in body["results"]] == ["12/QCPH-CAH"]
    row = body["results"][0]
    assert (row["area_detail"]["code"], row["partner_unit_detail"]["name"]) == ("222", "Công ty TNHH Siflex Việt Nam")


def test_agreement_filters_narrow_the_list(province_staff, records):
    make_agreement(make_unit("222"), number="01/KH-CAH", kind="plan", status="expired", ended_on=D(2017, 1, 1))
    client = client_for(province_staff)
    assert numbers(client, AGREEMENTS, police_side="provincial") == ["01/CTr-CA-MTTQ"]
    assert numbers(client, AGREEMENTS, kind="plan") == ["01/KH-CAH", "08/KH-CAH"]
    assert numbers(client, AGREEMENTS, status="expired") == ["01/KH-CAH"]
    assert numbers(client, AGREEMENTS, in_force_on="2018-01-01") == ["01/CTr-CA-MTTQ", "08/KH-CAH", "12/QCPH-CAH"]
    assert numbers(client, AGREEMENTS, area="218") == ["08/KH-CAH"]
    assert numbers(client, AGREEMENTS, search="mttq") == ["01/CTr-CA-MTTQ"]
    assert numbers(client, AGREEMENTS, partner_unit=records["viet_yen"].partner_unit_id) == ["12/QCPH-CAH"]
    assert client.get(AGREEMENTS, {"area": "99999"}).status_code == 400
    assert client.get(AGREEMENTS, {"kind": "treaty"}).status_code == 400


def test_the_agreement_list_issues_the_same_number_of_queries_whatever_the_page_size(province_staff):
    document = make_document()
    for i in range(12):
        agreement = make_agreement(make_unit("222"), number=f"{i}/QCPH-CAH")
        DocumentCitation.objects.create(document=document, record=agreement)
    client = client_for(province_staff)
    counts = []
    for size in (3, 12):
        with CaptureQueriesContext(connection) as ctx:
            assert len(client.get(AGREEMENTS, {"page_size": size}).json()["results"]) == size
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_an_agreement_of_another_district_answers_404_and_writes_to_it_403(district_officer, records):
    client = client_for(district_officer)
    url = f"{AGREEMENTS}{records['luc_nam'].pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"subject": "Đổi"}, format="json").status_code == 403
    assert client.delete(url).status_code == 403
    assert Agreement.objects.get(pk=records["luc_nam"].pk).subject.startswith("Phối hợp")


def test_anonymous_callers_are_refused(api, records):
    for url in (AGREEMENTS, INSPECTIONS, DOCUMENTS):
        assert api.get(url).status_code == 401
        assert api.post(url, {}, format="json").status_code == 401
    assert api.get(f"{DOCUMENTS}{records['directive'].pk}/citations/").status_code == 401


def test_a_viewer_reads_but_cannot_write(viewer, records):
    client = client_for(viewer)
    for url, pk in ((AGREEMENTS, records["viet_yen"].pk), (INSPECTIONS, records["inspection"].pk),
                    (DOCUMENTS, records["directive"].pk)):
        assert client.get(f"{url}{pk}/").status_code == 200
        assert client.patch(f"{url}{pk}/", {"subject": "Đổi"}, format="json").status_code == 403
        assert client.delete(f"{url}{pk}/").status_code == 403
    assert client.post(AGREEMENTS, {"kind": "plan"}, format="json").status_code == 403
    cite = {"record_type": "activities.agreement", "record_id": records["viet_yen"].pk}
    assert client.post(f"{DOCUMENTS}{records['directive'].pk}/cite/", cite, format="json").status_code == 403
    assert Agreement.objects.count() == 3 and not DocumentCitation.objects.exists()


def test_a_district_officer_records_an_agreement_counted_in_the_district(district_officer):
    unit = make_unit("222", commune=commune_of("222", 2))
    r = client_for(district_officer).post(AGREEMENTS, {
        "kind": "regulation", "number": "15/QCPH-CAH", "signed_on": "2018-03-01", "police_side": "local",
        "partner_unit": unit.pk, "subject": "Phối hợp bảo đảm ANTT", "review_dates": ["2019-03-01"]}, format="json")
    assert r.status_code == 201, r.json()
    body = r.json()
    assert (body["area"], body["partner_name"], body["review_dates"]) == (area("222").pk, unit.name, ["2019-03-01"])
    assert Agreement.objects.get().history.get().history_type == "+"


def test_the_agreement_rules_answer_400_with_the_reasons(district_officer, records):
    client = client_for(district_officer)
    r = client.post(AGREEMENTS, {"kind": "plan", "number": "3/KH-CAH", "signed_on": "2018-03-01",
                                 "police_side": "local", "area": area("222").pk, "partner_name": "Trường THCS",
                                 "subject": "Phối hợp", "status": "expired"}, format="json")
    assert r.status_code == 400
    assert r.json()["errors"] == {"ended_on": ["Nhập ngày văn bản phối hợp hết hiệu lực hoặc được thay thế."]}
    r = client.patch(f"{AGREEMENTS}{records['viet_yen'].pk}/", {"status": "replaced", "ended_on": "2018-01-01",
                                                                 "replaced_by": records["viet_yen"].pk},
                     format="json")
    assert r.json()["errors"] == {"replaced_by": ["Văn bản phối hợp không thể thay thế chính nó."]}
    assert Agreement.objects.count() == 3


def test_an_agreement_outside_the_scope_is_refused_with_403(district_officer):
    r = client_for(district_officer).post(AGREEMENTS, {
        "kind": "plan", "number": "3/KH-CAH", "signed_on": "2018-03-01", "police_side": "local",
        "partner_unit": make_unit("218").pk, "subject": "Phối hợp"}, format="json")
    assert r.status_code == 403
    assert not Agreement.objects.exists()


def test_a_district_officer_patches_and_deletes_an_agreement_of_the_district(district_officer, records):
    client = client_for(district_officer)
    url = f"{AGREEMENTS}{records['viet_yen'].pk}/"
    r = client.patch(url, {"status": "expired", "ended_on": "2019-12-31"}, format="json")
    assert r.status_code == 200, r.json()
    assert (r.json()["status"], r.json()["number"]) == ("expired", "12/QCPH-CAH")
    assert client.delete(url).status_code == 204
    assert Agreement.history.filter(id=records["viet_yen"].pk, history_type="-").exists()


# --- Inspections ---------------------------------------------------------------------------------------------------

def test_inspections_are_listed_in_the_scope_and_filtered(district_officer, province_staff, records):
    assert [i["id"] for i in client_for(district_officer).get(INSPECTIONS).json()["results"]] == [
        records["inspection"].pk]
    client = client_for(province_staff)
    ids = {k: records[k].pk for k in ("inspection", "luc_nam_inspection")}
    assert [i["id"] for i in client.get(INSPECTIONS, {"inspecting_body": "standing_agency"}).json()["results"]] == [
        ids["luc_nam_inspection"]]
    assert [i["id"] for i in client.get(INSPECTIONS, {"area": "222"}).json()["results"]] == [ids["inspection"]]
    assert client.get(INSPECTIONS, {"start": "2018-06-01"}).json()["count"] == 0
    assert client.get(INSPECTIONS, {"end": "2018-06-01", "follow_up_done": "false"}).json()["count"] == 2
    assert client.get(INSPECTIONS, {"unit": records["inspection"].unit_id}).json()["count"] == 1


def test_an_inspection_is_recorded_in_the_units_commune_and_refused_outside_the_scope(district_officer, records):
    client = client_for(district_officer)
    unit = make_unit("222", commune=commune_of("222", 4))
    r = client.post(INSPECTIONS, {"inspected_on": "2019-04-02", "inspecting_body": "district_committee",
                                  "unit": unit.pk, "subject": "Kiểm tra, hướng dẫn"}, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["area"] == commune_of("222", 4).pk
    r = client.post(INSPECTIONS, {"inspected_on": "2019-04-02", "inspecting_body": "district_committee",
                                  "unit": records["luc_nam_inspection"].unit_id, "subject": "Kiểm tra"},
                    format="json")
    assert r.status_code == 403
    url = f"{INSPECTIONS}{records['luc_nam_inspection'].pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"follow_up_done": True}, format="json").status_code == 403
    r = client.patch(f"{INSPECTIONS}{records['inspection'].pk}/", {"inspected_on": "2999-01-01"}, format="json")
    assert r.json()["errors"] == {"inspected_on": ["Ngày kiểm tra không được sau ngày hôm nay."]}
    assert Inspection.objects.count() == 3


# --- Documents -----------------------------------------------------------------------------------------------------

def test_a_district_reads_the_provinces_and_its_own_documents_not_another_districts(district_officer, records):
    client = client_for(district_officer)
    assert numbers(client, DOCUMENTS) == ["07/CT-BCA-V28"]
    assert client.get(f"{DOCUMENTS}{records['luc_nam_document'].pk}/").status_code == 404
    # It reads the province's directive but may not change it.
    url = f"{DOCUMENTS}{records['directive'].pk}/"
    assert client.get(url).status_code == 200
    assert client.patch(url, {"subject": "Đổi"}, format="json").status_code == 403
    assert client.delete(url).status_code == 403
    assert client.patch(f"{DOCUMENTS}{records['luc_nam_document'].pk}/", {"subject": "Đổi"},
                        format="json").status_code == 403
    assert Document.objects.get(pk=records["directive"].pk).subject.startswith("Đẩy mạnh")


def test_document_filters(province_staff, records):
    client = client_for(province_staff)
    assert numbers(client, DOCUMENTS, doc_type="dispatch") == ["55/UBND-CA"]
    assert numbers(client, DOCUMENTS, year=2014) == ["07/CT-BCA-V28"]
    assert numbers(client, DOCUMENTS, issuer="Lục Nam") == ["55/UBND-CA"]
    assert numbers(client, DOCUMENTS, search="07/CT") == ["07/CT-BCA-V28"]


def test_a_document_is_uploaded_with_its_file_and_a_duplicate_is_refused(district_officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(district_officer)
    data = {"doc_type": "dispatch", "number": "779/UBND-VP", "issued_on": "2018-04-18", "issuer": "UBND huyện Việt Yên",
            "subject": "Đẩy mạnh phong trào", "file": SimpleUploadedFile("779.pdf", b"%PDF-1.4", "application/pdf")}
    r = client.post(DOCUMENTS, data, format="multipart")
    assert r.status_code == 201, r.json()
    document = Document.objects.get()
    assert r.json()["area"] == area("222").pk and r.json()["file_name"] == "779.pdf"
    assert r.json()["file"] == f"http://testserver{DOCUMENTS}{document.pk}/file/"
    data["file"] = SimpleUploadedFile("779.exe", b"MZ", "application/octet-stream")
    r = client.post(DOCUMENTS, data, format="multipart")
    assert r.status_code == 400 and set(r.json()["errors"]) == {"file"}
    data["file"] = SimpleUploadedFile("779.pdf", b"%PDF-1.4", "application/pdf")
    r = client.post(DOCUMENTS, data, format="multipart")
    assert r.status_code == 400
    assert r.json()["errors"] == {"number": ["Văn bản số 779/UBND-VP ngày 18/04/2018 đã có trong sổ văn bản."]}
    assert Document.objects.count() == 1


def test_a_cited_document_is_not_deleted(province_staff, records):
    client = client_for(province_staff)
    url = f"{DOCUMENTS}{records['directive'].pk}/"
    cite = {"record_type": "activities.agreement", "record_id": records["province"].pk}
    assert client.post(f"{url}cite/", cite, format="json").status_code == 201
    r = client.delete(url)
    assert r.status_code == 400
    message = "Văn bản đang được 1 hồ sơ viện dẫn: hãy bỏ các viện dẫn đó trước."
    assert r.json()["errors"] == {"non_field_errors": [message]} and r.json()["detail"] == message
    assert client.post(f"{url}uncite/", cite, format="json").status_code == 204
    assert client.delete(url).status_code == 204


def test_citations_are_made_once_and_listed_within_the_scope(district_officer, province_staff, records):
    url = f"{DOCUMENTS}{records['directive'].pk}/"
    client = client_for(district_officer)
    cite = {"record_type": "activities.agreement", "record_id": records["viet_yen"].pk}
    assert client.post(f"{url}cite/", cite, format="json").status_code == 201
    assert client.post(f"{url}cite/", cite, format="json").status_code == 200  # again: nothing new
    client_for(province_staff).post(f"{url}cite/", {"record_type": "activities.agreement",
                                                    "record_id": records["luc_nam"].pk}, format="json")
    rows = client.get(f"{url}citations/").json()
    assert rows == [{"record_type": "activities.agreement", "record_id": records["viet_yen"].pk,
                     "label": "Quy chế phối hợp 12/QCPH-CAH",
                     "url": f"/activities/agreements/{records['viet_yen'].pk}/"}]
    assert len(client_for(province_staff).get(f"{url}citations/").json()) == 2
    # The agreement shows what it cites.
    agreement = client.get(f"{AGREEMENTS}{records['viet_yen'].pk}/").json()
    assert [d["number"] for d in agreement["cited_documents"]] == ["07/CT-BCA-V28"]


def test_citing_from_outside_the_scope_or_an_unknown_kind_is_refused(district_officer, records):
    client = client_for(district_officer)
    url = f"{DOCUMENTS}{records['directive'].pk}/cite/"
    r = client.post(url, {"record_type": "activities.agreement", "record_id": records["luc_nam"].pk}, format="json")
    assert r.status_code == 400 and r.json()["errors"] == {"record_id": ["Không có hồ sơ này trong địa bàn của bạn."]}
    r = client.post(url, {"record_type": "units.unit", "record_id": 1}, format="json")
    assert r.status_code == 400 and set(r.json()["errors"]) == {"record_type"}
    r = client.post(f"{DOCUMENTS}{records['luc_nam_document'].pk}/cite/",
                    {"record_type": "activities.agreement", "record_id": records["viet_yen"].pk}, format="json")
    assert r.status_code == 403  # another district's document: a write to it, like any write outside the scope
    assert not DocumentCitation.objects.exists()
