"""Area names as the law writes them ("Thị xã", not the package's "Thị Xã"), and as they were on a date (Huyện Việt
Yên until it became a town on 01/02/2024, Nghị quyết 938/NQ-UBTVQH15)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from antqcore.areas_source import law_spelling, read_area_source
from antqcore.models import Area
from antqcore.selectors import area_resolve
from commendations.forms import CommendationForm

pytestmark = pytest.mark.django_db
D2019 = datetime.date(2019, 9, 30)
TOWN_DAY = datetime.date(2024, 2, 1)


@pytest.mark.parametrize(("package", "law"), [
    ("Thị Xã Việt Yên", "Thị xã Việt Yên"),
    ("Thành Phố Bắc Kạn", "Thành phố Bắc Kạn"),
    ("Thị Trấn Cầu Gồ", "Thị trấn Cầu Gồ"),
    ("Thị xã Chũ", "Thị xã Chũ"),
    ("Xã Xuân Cẩm", "Xã Xuân Cẩm"),
    ("Thành phố Phan Rang - Tháp Chàm", "Thành phố Phan Rang - Tháp Chàm"),
])
def test_the_kind_is_spelled_as_the_law_writes_it(package, law):
    assert law_spelling(package) == law


def test_no_area_of_the_country_keeps_a_capital_on_the_second_word_of_its_kind():
    rows = read_area_source()  # the whole package, both maps
    wrong = [r.name for r in rows.rows if r.name.startswith(("Thị Xã", "Thị Trấn", "Thành Phố", "Đặc Khu"))]
    assert wrong == []
    assert {"Thị xã Việt Yên", "Thành phố Bắc Kạn", "Thị xã Buôn Hồ"} <= {r.name for r in rows.rows}


def test_viet_yen_is_a_town_in_the_database():
    assert area_resolve(code="222", on=datetime.date(2025, 6, 30)).name == "Thị xã Việt Yên"
    assert not Area.objects.filter(name__startswith="Thị Xã").exists()


def test_loading_again_repairs_a_name_spelled_as_the_package_gives_it():
    Area.objects.filter(path="L.24.222").update(name="Thị Xã Việt Yên", kind="Thị Xã")
    out = StringIO()
    call_command("load_areas", "--province", "24", stdout=out)
    assert "updated 1" in out.getvalue()
    viet_yen = Area.objects.get(path="L.24.222")
    assert (viet_yen.name, viet_yen.kind) == ("Thị xã Việt Yên", "Thị xã")


def test_viet_yen_was_a_district_until_it_became_a_town():
    viet_yen = area_resolve(code="222", on=D2019)
    assert viet_yen.name_on(D2019) == "Huyện Việt Yên"
    assert viet_yen.name_on(TOWN_DAY - datetime.timedelta(days=1)) == "Huyện Việt Yên"
    assert viet_yen.name_on(TOWN_DAY) == "Thị xã Việt Yên"
    assert viet_yen.earlier_names[0]["kind"] == "Huyện"


def test_the_towns_of_viet_yen_became_wards_with_it():
    bich_dong = area_resolve(code="07777", on=datetime.date(2021, 1, 1))
    assert bich_dong.name_on(datetime.date(2021, 1, 1)) == "Thị trấn Bích Động"
    assert bich_dong.name_on(TOWN_DAY) == "Phường Bích Động"
    # In 2019 the code was Xã Bích Sơn, a row of its own with its own name.
    assert area_resolve(code="07777", on=D2019).name_on(D2019) == "Xã Bích Sơn"


def test_an_area_that_never_changed_name_has_one_name():
    luc_nam = area_resolve(code="218", on=D2019)
    assert luc_nam.earlier_names == []
    assert luc_nam.name_on(D2019) == luc_nam.name_on(TOWN_DAY) == "Huyện Lục Nam"


def test_a_picker_names_a_communes_district_as_it_was_on_the_communes_last_day(province_staff):
    labels = {str(label) for _, label in CommendationForm(user=province_staff).fields["area"].choices}
    assert "Xã Tự Lạn (đến 31/01/2024) — Huyện Việt Yên" in labels
    assert "Phường Tự Lạn — Thị xã Việt Yên" in labels
    assert not any(label.endswith("Thị Xã Việt Yên") for label in labels)
