"""One unit through a recognition campaign in a real Chromium: a district officer registers it, fills the
self-assessment and submits the dossier, and is refused a step out of order; province staff appraise it and record
the decision."""

import datetime

import pytest
from django.utils import timezone

from antqcore.models import Role
from certification.criteria_data import criteria_load
from certification.models import Council, Participation, Scheme, Status
from certification.services import campaign_open
from tests.certification.helpers import recognize, walk_to_appraised
from tests.conftest import area, make_user, sign_in
from tests.units.factories import make_unit
from units.tabs import unit_tabs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNIT = "Công ty TNHH Fuhong Precision Component Bắc Giang"


def load_criteria():
    # A transactional test starts from an empty database: the shipped criteria come from a data migration.
    criteria_load()


def test_a_unit_goes_from_registration_to_recognition(page, areas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the attachment uploaded below
    today = f"{timezone.localdate():%d/%m/%Y}"  # every step is entered as it happens
    load_criteria()
    make_user("vietyen", Role.DISTRICT_OFFICER, "222", first_name="Nguyễn Văn", last_name="An")
    make_user("tinh", Role.PROVINCE_STAFF, "24")
    make_unit("222", name=UNIT, subtype="fdi_enterprise", investor_country="Đài Loan")
    make_unit("218", name="Công ty may Lục Nam")
    campaign_open(scheme=Scheme.objects.get(code="antt_safe"), year=2019, actor=None)
    Council.objects.create(name="Hội đồng thẩm định tỉnh", members="Đồng chí A, Phó Giám đốc Công an tỉnh",
                           area=area("24"))

    sign_in(page, "vietyen", "pw-vietyen")
    page.goto("/certification/")
    page.get_by_role("link", name="An toàn về ANTT").click()
    page.get_by_role("link", name="Đăng ký đơn vị").click()
    assert "Công ty may Lục Nam" not in page.locator("#candidates").inner_text()
    page.get_by_label(UNIT).check()
    assert page.locator("#id_registered_on").count() == 0  # only province staff date a step (#17): today
    page.get_by_role("button", name="Đăng ký các đơn vị đã chọn").click()
    assert "Đã đăng ký 1 đơn vị" in page.get_by_role("alert").inner_text()

    page.locator("#participations").get_by_role("link", name=UNIT).click()
    form = page.locator("#step-assess")
    for select in form.locator("#assessment select").all():
        select.select_option(label="Có")
    form.locator("input[type=file]").first.set_input_files(
        files=[{"name": "bien-ban-tu-danh-gia.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}])
    form.get_by_role("button", name="Lưu kết quả tự đánh giá").click()
    assert "Đã ghi “Tự đánh giá”" in page.get_by_role("alert").inner_text()

    page.locator("#step-submit").get_by_role("button", name="Nộp hồ sơ").click()
    participation = Participation.objects.get(unit__name=UNIT)
    assert participation.status == Status.SUBMITTED

    # Out of order: the dossier has not been appraised, so no decision can be recorded on it.
    page.goto(f"/certification/participations/{participation.pk}/decide/")
    page.locator("#id_number").fill("15/QĐ-UBND")
    page.locator("#id_date").fill("20/12/2019")
    page.locator("#id_authority").fill("Chủ tịch UBND thị xã Việt Yên")
    page.locator("#id_area").select_option(str(area("222").pk))
    page.locator("#id_recognized").select_option("1")
    page.get_by_role("button", name="Ghi quyết định").click()
    assert "Không thể thực hiện bước này" in page.get_by_role("alert").inner_text()
    assert Participation.objects.get(pk=participation.pk).status == Status.SUBMITTED

    page.context.clear_cookies()
    sign_in(page, "tinh", "pw-tinh")
    page.goto(f"/certification/participations/{participation.pk}/")
    form = page.locator("#step-appraise")
    form.locator("#id_council").select_option(label="Hội đồng thẩm định tỉnh")
    form.locator("#id_meeting_on").fill(today)  # never before the submission, entered today
    form.locator("#id_recommends").select_option(label="Có")
    form.get_by_role("button", name="Ghi kết quả thẩm định").click()
    assert "Đã ghi “Thẩm định”" in page.get_by_role("alert").inner_text()

    form = page.locator("#step-decide")
    form.locator("#id_number").fill("120/QĐ-UBND")
    form.locator("#id_date").fill(today)
    form.locator("#id_authority").fill("Chủ tịch UBND tỉnh Bắc Giang")
    form.locator("#id_signer").fill("Nguyễn Văn Linh")
    form.locator("#id_recognized").select_option("1")
    form.locator("#id_certificate_number").fill("GCN-2019-001")
    form.get_by_role("button", name="Ghi quyết định").click()
    assert "Đã ghi “Quyết định”" in page.get_by_role("alert").inner_text()
    assert "Đã công nhận" in page.locator("#participation-status").inner_text()
    assert "120/QĐ-UBND" in page.locator("#decision").inner_text()


@pytest.mark.skipif("certification" not in {t.key for t in unit_tabs()},
                    reason="the unit page does not show the certification tab yet (CertificationConfig.ready() must "
                           "import certification.tabs, and units/unit_detail.html must not pass `context=` to include)")
def test_the_unit_page_shows_the_recognition_in_its_tab(page, areas):
    load_criteria()
    make_user("vietyen", Role.DISTRICT_OFFICER, "222")
    unit = make_unit("222", name=UNIT)
    recognize(walk_to_appraised(unit), date=datetime.date(2019, 12, 20))
    sign_in(page, "vietyen", "pw-vietyen")
    page.goto(f"/units/{unit.pk}/")
    page.get_by_role("tab", name="Công nhận").click()
    history = page.locator("#certification-history").inner_text()
    assert "Đã công nhận" in history and "100/QĐ-UBND" in history
