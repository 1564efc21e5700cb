"""A medal in a real Chromium: the province staff records the “Bảo vệ an ninh Tổ quốc” medal of a person of a unit,
with the form showing only the individual's fields; a second medal for the same person is refused on screen, with
the first decision's number, and nothing is saved."""

import pytest

from antqcore.models import Role
from commendations.models import Commendation
from tests.conftest import make_user, sign_in
from tests.pickers import pick
from tests.units.factories import make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNIT = "Công ty TNHH Siflex Việt Nam"


def fill_medal(page, unit, decision: str, date: str) -> None:
    page.locator("#id_recipient_kind_1").check()  # Cá nhân
    assert page.locator("#section-individual").is_visible() and not page.locator("#section-collective").is_visible()
    page.locator("#id_form").select_option("medal")
    page.locator("#id_grantor").select_option("ministry")
    assert not page.locator("#field-other_grantor").is_visible()
    page.locator("#id_occasion").select_option("august_19")
    page.locator("#id_decision_number").fill(decision)
    page.locator("#id_decision_date").fill(date)
    pick(page, "id_unit", "siflex", unit.name)
    page.locator("#id_person_name").fill("Nguyễn Văn An")
    page.locator("#id_birth_year").fill("1975")
    page.locator("#id_position").fill("Đội trưởng Đội bảo vệ")


def test_a_medal_is_recorded_and_a_second_one_for_the_same_person_is_refused(page, areas):
    make_user("tinh", Role.PROVINCE_STAFF, "24", first_name="Cán bộ", last_name="tỉnh")
    unit = make_unit("222", name=UNIT)
    sign_in(page, "tinh", "pw-tinh")

    page.get_by_role("link", name="Khen thưởng").first.click()
    page.locator("#add-commendation").click()
    # The script shows the fields of the recipient chosen, and the name of another authority only when chosen.
    page.locator("#id_recipient_kind_0").check()  # Tập thể
    assert page.locator("#section-collective").is_visible() and not page.locator("#section-individual").is_visible()
    page.locator("#id_grantor").select_option("other")
    assert page.locator("#field-other_grantor").is_visible()
    fill_medal(page, unit, "2345/QĐ-BCA-X15", "16/08/2016")
    page.locator("#save").click()
    assert "Đã ghi khen thưởng của Nguyễn Văn An" in page.get_by_role("alert").first.inner_text()
    assert "Quyết định số 2345/QĐ-BCA-X15 ngày 16/08/2016" in page.locator("#decision").inner_text()
    first = Commendation.objects.get()
    assert (first.form, first.area, first.unit) == ("medal", unit.commune, unit)

    # A second medal for the same person, years later: refused on screen, naming the first decision.
    page.goto("/commendations/new/")
    fill_medal(page, unit, "3001/QĐ-BCA-X15", "12/08/2019")
    page.locator("#id_person_name").fill("Nguyen van An")  # typed without accents: the same person
    page.locator("#save").click()
    message = page.locator("#field-person_name .invalid-feedback").inner_text()
    assert "2345/QĐ-BCA-X15" in message and "16/08/2016" in message
    assert "Ông/Bà Nguyễn Văn An đã được tặng Kỷ niệm chương" in message
    assert page.locator("#section-individual").is_visible()  # the form comes back as it was filled
    assert Commendation.objects.count() == 1

    # The unit's page lists the medal under its people.
    page.goto(f"/units/{unit.pk}/")
    page.get_by_role("tab", name="Khen thưởng").click()
    people = page.locator("#unit-commendations-individual")
    assert people.is_visible() and "Nguyễn Văn An" in people.inner_text()
