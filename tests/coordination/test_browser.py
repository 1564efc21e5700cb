"""Records in a real Chromium: the Việt Yên officer records, from a unit's page, a coordination regulation with the
unit and an inspection of it; cites the Ministry's directive on the regulation, typing words of it into the picker;
finds both on the unit's tab, and the regulation among the records citing the directive."""

import pytest
from playwright.sync_api import expect

from antqcore.models import Role
from coordination.models import Agreement, DocumentCitation, Inspection
from tests.conftest import make_user, sign_in
from tests.pickers import pick
from tests.units.factories import make_unit

from .factories import D, make_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNIT = "Công ty TNHH Siflex Việt Nam"


def test_an_agreement_and_an_inspection_are_recorded_from_a_unit_and_the_agreement_cites_a_directive(page, areas):
    make_user("vietyen", Role.DISTRICT_OFFICER, "222", first_name="Nguyễn Văn", last_name="An")
    unit = make_unit("222", name=UNIT, started_on=D(2010, 1, 1))
    directive = make_document()
    make_document(number="55/UBND-CA", issued_on=D(2018, 6, 1), area_code="218", doc_type="dispatch")
    sign_in(page, "vietyen", "pw-vietyen")

    page.goto(f"/units/{unit.pk}/")
    page.get_by_role("tab", name="Phối hợp, kiểm tra").click()
    page.get_by_role("link", name="Ghi văn bản phối hợp").click()
    assert page.locator("#id_partner_unit").input_value() == str(unit.pk)
    page.locator("#id_kind").select_option("regulation")
    page.locator("#id_number").fill("15/QCPH-CAH")
    page.locator("#id_signed_on").fill("10/03/2019")
    page.locator("#id_police_side").select_option("local")
    page.locator("#id_police_unit_name").fill("Công an huyện Việt Yên")
    page.locator("#id_subject").fill("Phối hợp bảo đảm an ninh, trật tự tại doanh nghiệp")
    page.locator("#save").click()
    assert "Đã ghi Quy chế phối hợp 15/QCPH-CAH." in page.get_by_role("alert").first.inner_text()
    assert UNIT in page.locator("#partner").inner_text()
    agreement = Agreement.objects.get()
    assert agreement.area.code == "222"

    # Cite the Ministry's directive, found by words of its subject typed without accents; Lục Nam's dispatch, on
    # the same subject, is not the district's to read.
    assert "Chưa viện dẫn văn bản nào." in page.locator("#cited-documents").inner_text()
    offered = pick(page, "id_cite-document", "bao ve an ninh", "07/CT-BCA-V28")
    assert len(offered) == 1 and offered[0].startswith("Chỉ thị số 07/CT-BCA-V28 ngày 15/08/2014 — Đẩy mạnh")
    page.get_by_role("button", name="Viện dẫn", exact=True).click()
    # Back on the same address: wait for the new page's message, not the one of the page before.
    expect(page.get_by_role("alert").first).to_contain_text("Đã viện dẫn Chỉ thị 07/CT-BCA-V28 (15/08/2014).")
    assert "Chỉ thị 07/CT-BCA-V28" in page.locator("#cited-documents-list").inner_text()
    assert DocumentCitation.objects.get().object_id == agreement.pk

    page.goto(f"/units/{unit.pk}/")
    page.get_by_role("tab", name="Phối hợp, kiểm tra").click()
    page.get_by_role("link", name="Ghi lượt kiểm tra").click()
    page.locator("#id_inspected_on").fill("02/04/2019")
    page.locator("#id_inspecting_body").select_option("district_committee")
    page.locator("#id_subject").fill("Kiểm tra việc thực hiện Công văn số 1010/UBND-NC")
    page.locator("#id_findings").fill("Chưa lắp đặt camera an ninh tại cổng.")
    page.locator("#save").click()
    assert f"Đã ghi lượt kiểm tra {UNIT}." in page.get_by_role("alert").first.inner_text()
    assert Inspection.objects.get().area == unit.commune

    page.goto(f"/units/{unit.pk}/")
    page.get_by_role("tab", name="Phối hợp, kiểm tra").click()
    assert "15/QCPH-CAH" in page.locator("#unit-agreements").inner_text()
    assert "02/04/2019" in page.locator("#unit-inspections").inner_text()

    page.goto(f"/activities/documents/{directive.pk}/")
    citing = page.locator("#citing-records")
    assert "Quy chế phối hợp 15/QCPH-CAH" in citing.inner_text()
    citing.get_by_role("link", name="Quy chế phối hợp 15/QCPH-CAH").click()
    page.wait_for_url(f"**/activities/agreements/{agreement.pk}/")
