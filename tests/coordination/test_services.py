"""The coordination app's services: the rules of agreements, inspections and documents (refused with the reasons by
field, nothing saved), the scope of every write, the audit rows, and citing documents from any record."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coordination.models import Agreement, Document, DocumentCitation, Inspection
from coordination.services import (
    agreement_create,
    agreement_delete,
    agreement_update,
    document_cite,
    document_cite_by_number,
    document_create,
    document_delete,
    document_uncite,
    document_update,
    inspection_create,
    inspection_update,
)
from tests.commendations.factories import make_commendation
from tests.conftest import area
from tests.units.factories import commune_of, make_unit

from .factories import (  # noqa: F401  the fixture
    D,
    make_agreement,
    make_document,
    make_inspection,
    make_provincial_agreement,
)

pytestmark = [pytest.mark.django_db]


def errors_of(excinfo) -> dict:
    return {field: messages[0] for field, messages in excinfo.value.message_dict.items()}


def agreement_data(**extra) -> dict:
    return {"kind": "regulation", "number": "12/QCPH-CAH", "signed_on": D(2017, 4, 3), "police_side": "local",
            "area": area("222"), "police_unit_name": "Công an huyện Việt Yên",
            "partner_name": "Trường THPT Việt Yên số 1", "subject": "Phối hợp bảo đảm ANTT trong nhà trường"} | extra


# --- Agreements ----------------------------------------------------------------------------------------------------

def test_a_district_officer_records_an_agreement_of_the_district_police_with_its_history(district_officer):
    agreement = agreement_create(actor=district_officer, data=agreement_data(review_dates=[D(2018, 4, 2)]))
    assert (agreement.area, agreement.status, agreement.review_dates) == (area("222"), "in_force", ["2018-04-02"])
    assert agreement.history.get().history_type == "+"


def test_the_area_defaults_from_the_partner_unit(district_officer, province_staff):
    unit = make_unit("222", commune=commune_of("222", 2))
    local = agreement_create(actor=district_officer, data=agreement_data(area=None, partner_name="", partner_unit=unit))
    assert local.area == area("222") and local.partner_name == unit.name
    provincial = agreement_create(actor=province_staff, data=agreement_data(
        area=None, partner_unit=unit, police_side="provincial", number="3/QCPH-CAT"))
    assert provincial.area == area("24")


def test_the_end_date_and_the_replacement_follow_the_status(district_officer):
    newer = agreement_create(actor=district_officer, data=agreement_data())
    cases = [
        ({"ended_on": D(2018, 1, 1)}, "ended_on", "Văn bản phối hợp đang có hiệu lực thì không có ngày kết thúc"),
        ({"status": "expired"}, "ended_on", "Nhập ngày văn bản phối hợp hết hiệu lực hoặc được thay thế."),
        ({"status": "expired", "ended_on": D(2017, 1, 1)}, "ended_on",
         "Ngày kết thúc không được trước ngày ký."),
        ({"replaced_by": newer}, "replaced_by", "Chỉ văn bản phối hợp đã được thay thế mới ghi văn bản thay thế nó."),
    ]
    for extra, field, message in cases:
        with pytest.raises(ValidationError) as excinfo:
            agreement_create(actor=district_officer, data=agreement_data(number="13/QCPH-CAH", **extra))
        assert errors_of(excinfo)[field].startswith(message), extra
    with pytest.raises(ValidationError) as excinfo:
        agreement_update(actor=district_officer, agreement=newer,
                         data={"status": "replaced", "ended_on": D(2018, 1, 1), "replaced_by": newer})
    assert errors_of(excinfo) == {"replaced_by": "Văn bản phối hợp không thể thay thế chính nó."}
    assert Agreement.objects.count() == 1 and Agreement.objects.get().status == "in_force"


def test_an_agreement_is_replaced_by_a_newer_one(district_officer):
    older = agreement_create(actor=district_officer, data=agreement_data(signed_on=D(2013, 2, 1)))
    newer = agreement_create(actor=district_officer, data=agreement_data(number="5/QCPH-CAH"))
    agreement_update(actor=district_officer, agreement=older,
                     data={"status": "replaced", "ended_on": newer.signed_on, "replaced_by": newer})
    older.refresh_from_db()
    assert (older.status, older.replaced_by, older.ended_on) == ("replaced", newer, D(2017, 4, 3))
    assert list(newer.replaces.all()) == [older]


def test_the_police_side_decides_the_level_of_the_area(province_staff):
    with pytest.raises(ValidationError) as excinfo:
        agreement_create(actor=province_staff, data=agreement_data(police_side="provincial"))
    assert errors_of(excinfo) == {"area": "Văn bản phối hợp do Công an tỉnh ký được tính ở cấp tỉnh: chọn tỉnh."}
    with pytest.raises(ValidationError) as excinfo:
        agreement_create(actor=province_staff, data=agreement_data(area=area("24")))
    assert errors_of(excinfo) == {
        "area": "Văn bản phối hợp do Công an đơn vị, địa phương ký được tính ở huyện hoặc xã của đơn vị đó."}
    assert not Agreement.objects.exists()


def test_the_partner_unit_must_lie_in_the_area_and_still_be_registered(district_officer):
    outside = make_unit("218")
    with pytest.raises(ValidationError) as excinfo:
        agreement_create(actor=district_officer, data=agreement_data(partner_unit=outside))
    assert errors_of(excinfo) == {
        "partner_unit": f"Đơn vị nằm ngoài địa bàn của văn bản phối hợp ({area('222').name})."}
    deleted = make_unit("222")
    deleted.deleted_at = timezone.now()
    deleted.save()
    with pytest.raises(ValidationError) as excinfo:
        agreement_create(actor=district_officer, data=agreement_data(partner_unit=deleted))
    assert set(errors_of(excinfo)) == {"partner_unit"}


def test_dates_in_the_future_or_reviews_before_signing_are_refused(district_officer):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        agreement_create(actor=district_officer, data=agreement_data(signed_on=tomorrow))
    assert set(errors_of(excinfo)) == {"signed_on"}
    with pytest.raises(ValidationError) as excinfo:
        agreement_create(actor=district_officer, data=agreement_data(review_dates=[D(2016, 1, 1)]))
    assert errors_of(excinfo) == {"review_dates": "Ngày sơ kết, tổng kết không được trước ngày ký."}


def test_writes_outside_the_scope_or_by_a_viewer_are_refused(district_officer, other_district_officer, viewer):
    with pytest.raises(PermissionDenied):
        agreement_create(actor=other_district_officer, data=agreement_data())
    with pytest.raises(PermissionDenied):
        agreement_create(actor=viewer, data=agreement_data())
    agreement = agreement_create(actor=district_officer, data=agreement_data())
    with pytest.raises(PermissionDenied):
        agreement_update(actor=other_district_officer, agreement=agreement, data={"subject": "Đổi"})
    with pytest.raises(PermissionDenied):  # moving it out of the scope
        agreement_update(actor=district_officer, agreement=agreement, data={"area": area("218")})
    with pytest.raises(PermissionDenied):
        agreement_delete(actor=other_district_officer, agreement=agreement)
    agreement.refresh_from_db()
    assert (agreement.subject, agreement.area) == ("Phối hợp bảo đảm ANTT trong nhà trường", area("222"))


def test_deleting_an_agreement_keeps_its_history_and_drops_its_citations(district_officer):
    agreement = agreement_create(actor=district_officer, data=agreement_data())
    document_cite(actor=district_officer, document=make_document(), record=agreement)
    pk = agreement.pk
    agreement_delete(actor=district_officer, agreement=agreement)
    assert not Agreement.objects.exists() and not DocumentCitation.objects.exists()
    assert Agreement.history.filter(id=pk, history_type="-").exists()


# --- Inspections ---------------------------------------------------------------------------------------------------

def test_an_inspection_is_counted_in_the_units_commune(district_officer):
    unit = make_unit("222", commune=commune_of("222", 3))
    inspection = inspection_create(actor=district_officer, data={
        "inspected_on": D(2018, 5, 15), "inspecting_body": "district_committee", "unit": unit,
        "subject": "Kiểm tra, hướng dẫn", "findings": "Chưa lắp camera."})
    assert inspection.area == commune_of("222", 3) and not inspection.follow_up_done
    moved = make_unit("222", commune=commune_of("222", 1))
    inspection_update(actor=district_officer, inspection=inspection, data={"unit": moved, "follow_up_done": True})
    inspection.refresh_from_db()
    assert (inspection.area, inspection.follow_up_done) == (commune_of("222", 1), True)
    assert inspection.history.count() == 2


def test_an_inspection_needs_a_unit_operating_then_and_a_past_date(district_officer):
    unit = make_unit("222", started_on=D(2017, 1, 1))
    base = {"inspecting_body": "standing_agency", "subject": "Kiểm tra"}
    with pytest.raises(ValidationError) as excinfo:
        inspection_create(actor=district_officer, data=base | {"inspected_on": D(2018, 1, 1)})
    assert errors_of(excinfo) == {"unit": "Chọn đơn vị được kiểm tra."}
    with pytest.raises(ValidationError) as excinfo:
        inspection_create(actor=district_officer, data=base | {"unit": unit, "inspected_on": D(2016, 6, 1)})
    assert errors_of(excinfo) == {"inspected_on": "Ngày đó đơn vị chưa hoạt động (bắt đầu hoạt động từ 01/01/2017)."}
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        inspection_create(actor=district_officer, data=base | {"unit": unit, "inspected_on": tomorrow})
    assert errors_of(excinfo) == {"inspected_on": "Ngày kiểm tra không được sau ngày hôm nay."}
    assert not Inspection.objects.exists()


def test_a_unit_outside_the_scope_cannot_be_inspected(district_officer):
    with pytest.raises(PermissionDenied):
        inspection_create(actor=district_officer, data={"inspected_on": D(2018, 1, 1), "unit": make_unit("218"),
                                                       "inspecting_body": "district_committee", "subject": "Kiểm tra"})
    assert not Inspection.objects.exists()


# --- Documents -----------------------------------------------------------------------------------------------------

def document_data(**extra) -> dict:
    return {"doc_type": "dispatch", "number": "1010/UBND-NC", "issued_on": D(2018, 4, 4),
            "issuer": "Chủ tịch UBND tỉnh Bắc Giang", "subject": "Đẩy mạnh phong trào", "area": area("24")} | extra


def test_number_and_date_are_unique_with_a_clear_message(province_staff):
    document_create(actor=province_staff, data=document_data())
    with pytest.raises(ValidationError) as excinfo:
        document_create(actor=province_staff, data=document_data(number="1010/ubnd-nc", subject="Khác"))
    assert errors_of(excinfo) == {"number": "Văn bản số 1010/ubnd-nc ngày 04/04/2018 đã có trong sổ văn bản."}
    # The same number another day is another document.
    document_create(actor=province_staff, data=document_data(issued_on=D(2019, 4, 4)))
    assert Document.objects.count() == 2


def test_a_document_file_is_a_pdf_a_word_file_or_an_image_of_at_most_10_mb(province_staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError) as excinfo:
        document_create(actor=province_staff, data=document_data(file=exe))
    assert errors_of(excinfo) == {
        "file": "Tệp “virus.exe” không được chấp nhận: chỉ nhận tệp PDF, DOC, DOCX, ODT, JPG, JPEG, PNG."}
    big = SimpleUploadedFile("scan.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    with pytest.raises(ValidationError) as excinfo:
        document_create(actor=province_staff, data=document_data(file=big))
    assert errors_of(excinfo) == {"file": "Tệp “scan.pdf” có dung lượng 10,1 MB; chỉ nhận tệp tối đa 10 MB."}
    assert not Document.objects.exists()
    pdf = SimpleUploadedFile("1010.pdf", b"%PDF-1.4 small", content_type="application/pdf")
    document = document_create(actor=province_staff, data=document_data(file=pdf))
    assert document.file.name.startswith("documents/") and document.file.name.endswith(".pdf")


def test_a_district_officer_records_the_districts_documents_only(district_officer):
    document = document_create(actor=district_officer, data=document_data(area=None, number="779/UBND-VP",
                                                                          issuer="UBND huyện Việt Yên"))
    assert document.area == area("222")  # the officer's district, when none is given
    with pytest.raises(PermissionDenied):
        document_create(actor=district_officer, data=document_data())
    provincial = make_document()
    with pytest.raises(PermissionDenied):
        document_update(actor=district_officer, document=provincial, data={"subject": "Đổi"})


def test_a_cited_document_cannot_be_deleted(province_staff):
    document = make_document()
    agreement = make_provincial_agreement()
    document_cite(actor=province_staff, document=document, record=agreement)
    with pytest.raises(ValidationError) as excinfo:
        document_delete(actor=province_staff, document=document)
    assert excinfo.value.messages == ["Văn bản đang được 1 hồ sơ viện dẫn: hãy bỏ các viện dẫn đó trước."]
    document_uncite(actor=province_staff, document=document, record=agreement)
    document_delete(actor=province_staff, document=document)
    assert not Document.objects.exists()


# --- Citations -----------------------------------------------------------------------------------------------------

def test_citing_twice_or_unciting_twice_changes_nothing(district_officer):
    document, agreement = make_document(), make_agreement()
    assert document_cite(actor=district_officer, document=document, record=agreement)[1] is True
    assert document_cite(actor=district_officer, document=document, record=agreement)[1] is False
    assert DocumentCitation.objects.count() == 1
    assert document_uncite(actor=district_officer, document=document, record=agreement) is True
    assert document_uncite(actor=district_officer, document=document, record=agreement) is False
    assert not DocumentCitation.objects.exists()


def test_a_record_outside_the_scope_cannot_cite_and_a_viewer_cannot_cite(other_district_officer, viewer):
    document, agreement = make_document(), make_agreement()
    with pytest.raises(PermissionDenied):
        document_cite(actor=other_district_officer, document=document, record=agreement)
    with pytest.raises(PermissionDenied):
        document_cite(actor=viewer, document=document, record=agreement)
    assert not DocumentCitation.objects.exists()


def test_a_district_may_cite_the_provinces_documents_but_not_another_districts(district_officer):
    agreement = make_agreement()
    document_cite(actor=district_officer, document=make_document(), record=agreement)
    luc_nam = make_document(number="55/UBND-CA", issued_on=D(2018, 6, 1), area_code="218")
    with pytest.raises(PermissionDenied):
        document_cite(actor=district_officer, document=luc_nam, record=agreement)
    assert DocumentCitation.objects.count() == 1


def test_a_document_is_cited_by_the_number_a_user_types_and_its_date_when_the_number_was_reused(district_officer):
    agreement, directive = make_agreement(), make_document()
    make_document(number="55/UBND-CA", issued_on=D(2018, 6, 1), area_code="218")  # Lục Nam's: not Việt Yên's to cite
    assert document_cite_by_number(actor=district_officer, record=agreement, number=" 07/ct-bca-v28 ") == (
        directive, True)
    with pytest.raises(ValidationError) as excinfo:
        document_cite_by_number(actor=district_officer, record=agreement, number="55/UBND-CA")
    assert excinfo.value.messages == [
        "Sổ văn bản chưa có văn bản số 55/UBND-CA: hãy thêm văn bản vào sổ trước."]
    reissued = make_document(number="07/CT-BCA-V28", issued_on=D(2015, 1, 5))
    with pytest.raises(ValidationError) as excinfo:
        document_cite_by_number(actor=district_officer, record=agreement, number="07/CT-BCA-V28")
    assert excinfo.value.messages == [
        "Có nhiều văn bản cùng số 07/CT-BCA-V28 (05/01/2015, 15/08/2014): hãy nhập thêm ngày ban hành."]
    assert document_cite_by_number(actor=district_officer, record=agreement, number="07/CT-BCA-V28",
                                   issued_on=D(2015, 1, 5)) == (reissued, True)
    assert DocumentCitation.objects.count() == 2


def test_any_registry_cites_and_a_deleted_record_takes_its_citations_along(province_staff):
    commendation = make_commendation(make_unit("222"))
    inspection = make_inspection()
    document = make_document(number="24/HD-HĐTĐKT", issued_on=D(2018, 9, 25), doc_type="guidance")
    document_cite(actor=province_staff, document=document, record=commendation)
    document_cite(actor=province_staff, document=document, record=inspection)
    commendation.delete()
    assert list(DocumentCitation.objects.values_list("object_id", flat=True)) == [inspection.pk]
    with pytest.raises(ValidationError):  # a unit does not cite documents
        document_cite(actor=province_staff, document=document, record=inspection.unit)
