"""A linkage model in a real Chromium: the Việt Yên officer creates it between a commune government and three units of
the district, records the launch and a briefing, and finds it on each participating unit's page."""

import pytest
from django.utils import timezone

from antqcore.forms import area_choice_label
from antqcore.models import Role
from models_registry.models import ModelType, MovementModel
from models_registry.reference_data import reference_load
from tests.conftest import make_user, sign_in
from tests.pickers import pick
from tests.units.factories import commune_of, make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MODEL = "Liên kết bảo đảm ANTT giữa UBND xã Quang Châu với các doanh nghiệp KCN Quang Châu"
UNITS = ["Công ty TNHH Siflex Việt Nam", "Công ty TNHH Fuhong Precision Component Bắc Giang",
         "Trường THPT Việt Yên số 1"]
TYPED = ["siflex", "fuhong", "thpt viet yen"]  # what the officer types into the participants' picker: no accents


def test_a_linkage_model_is_created_launched_briefed_and_seen_on_each_units_page(page, areas):
    # A transactional test starts from an empty database: the shipped types and ratings come from a data migration.
    reference_load()
    make_user("vietyen", Role.DISTRICT_OFFICER, "222", first_name="Nguyễn Văn", last_name="An")
    commune = commune_of("222", 3)
    units = [make_unit("222", name=name, commune=commune) for name in UNITS[:2]]
    units.append(make_unit("222", name=UNITS[2], kind="school", subtype="upper_secondary", tax_code=""))
    make_unit("218", name="Công ty may Lục Nam")
    sign_in(page, "vietyen", "pw-vietyen")

    page.get_by_role("link", name="Mô hình").first.click()
    page.get_by_role("link", name="Thêm mô hình").click()
    page.locator("#id_name").fill(MODEL)
    page.locator("#id_type").select_option(label=ModelType.objects.get(code="linkage").name)
    pick(page, "id_area", commune.code, area_choice_label(commune))
    pick(page, "id_partner_commune", commune.code, area_choice_label(commune))
    page.locator("#id_established_on").fill("15/03/2019")
    page.locator("#id_decision_number").fill("25/QĐ-UBND")
    page.locator("#id_members_count").fill("15")
    page.locator("#id_regulation_on").fill("20/03/2019")
    for name, typed in zip(UNITS, TYPED, strict=True):
        offered = pick(page, "id_participants", typed, name)
        assert len(offered) == 1 and "Công ty may Lục Nam" not in offered[0]
    page.get_by_role("button", name="Lưu").click()
    assert "Đã thêm mô hình" in page.get_by_role("alert").first.inner_text()
    assert page.locator("#model-name").inner_text() == MODEL
    assert set(page.locator("#participants a").all_inner_texts()) == set(UNITS)
    assert "Không tổ chức lễ ra mắt" in page.locator("#formalistic-reasons").inner_text()

    page.get_by_role("link", name="Sửa").click()
    page.locator("#id_launched_on").fill("20/04/2019")
    page.get_by_role("button", name="Lưu").click()
    assert "Đã lưu thay đổi" in page.get_by_role("alert").first.inner_text()
    assert "20/04/2019" in page.locator("#launch").inner_text()

    today = timezone.localdate().strftime("%d/%m/%Y")
    form = page.locator("#activity-form")
    form.locator("#id_kind").select_option("briefing")
    form.locator("#id_date").fill(today)
    form.locator("#id_note").fill("Giao ban quý, rà soát tình hình ANTT")
    form.get_by_role("button", name="Ghi giao ban hoặc báo cáo").click()
    assert "Đã ghi giao ban hoặc báo cáo" in page.get_by_role("alert").first.inner_text()
    assert today in page.locator("#activity-list").inner_text()
    # Regulation, launch and a fresh briefing: no longer a model on paper.
    assert page.locator("#formalistic-reasons").count() == 0
    model = MovementModel.objects.get(name=MODEL)
    assert model.launched_on.isoformat() == "2019-04-20" and model.participants.count() == 3

    for name in UNITS:
        page.goto(f"/models/{model.pk}/")
        page.locator("#participants").get_by_role("link", name=name).click()
        assert page.locator("#unit-name").inner_text() == name
        page.get_by_role("tab", name="Mô hình").click()
        tab = page.locator("#unit-models")
        assert tab.is_visible() and MODEL in tab.inner_text()
