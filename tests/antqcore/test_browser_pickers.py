"""The pickers in a real Chromium: on /models/new/ the Việt Yên officer types part of a unit's name, chooses it from
what the server answers, picks the establishment date on the Vietnamese calendar, and the saved model shows both."""

import pytest
from django.utils import timezone

from antqcore.models import Role
from models_registry.models import ModelType
from models_registry.reference_data import reference_load
from tests.conftest import make_user, sign_in
from tests.pickers import pick
from tests.units.factories import make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_unit_is_found_by_typing_and_a_date_picked_on_the_calendar(page, areas):
    reference_load()  # the shipped model types: a transactional test starts from an empty database
    make_user("vietyen", Role.DISTRICT_OFFICER, "222")
    make_unit("222", name="Công ty TNHH Siflex Việt Nam")
    make_unit("222", name="Công ty TNHH Fuhong Precision")
    make_unit("218", name="Công ty TNHH Siflex Lục Nam")  # another district: never offered
    sign_in(page, "vietyen", "pw-vietyen")

    page.goto("/models/new/")
    page.locator("#id_name").fill("Tổ tự quản an ninh Siflex")
    page.locator("#id_type").select_option(label=ModelType.objects.get(code="boarding_house_team").name)
    offered = pick(page, "id_host_unit", "siflex", "Công ty TNHH Siflex Việt Nam")
    assert offered == ["Công ty TNHH Siflex Việt Nam — " + offered[0].split(" — ")[1]]

    page.locator("#id_established_on").click()
    calendar = page.locator(".flatpickr-calendar.open")
    assert "Tháng" in calendar.locator(".flatpickr-current-month").inner_text()  # the Vietnamese months
    calendar.locator(".flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)", has_text="1").first.click()
    first_of_month = timezone.localdate().replace(day=1).strftime("%d/%m/%Y")
    assert page.locator("#id_established_on").input_value() == first_of_month

    page.get_by_role("button", name="Lưu").click()
    assert "Đã thêm mô hình" in page.get_by_role("alert").first.inner_text()
    fields = page.locator("#model-fields").inner_text()
    assert "Công ty TNHH Siflex Việt Nam" in fields and first_of_month in fields
