import datetime

import pytest

from antqcore.models import Area, AreaEra, AreaLevel
from antqcore.selectors import AreaNotFound, area_resolve
from antqcore.services import areas_load

pytestmark = pytest.mark.django_db
D2019 = datetime.date(2019, 9, 30)
D2026 = datetime.date(2026, 1, 1)


def test_a_code_resolves_by_date():
    assert area_resolve(code="24", on=D2019).name == "Tỉnh Bắc Giang"
    assert area_resolve(code="24", on=D2026).name == "Tỉnh Bắc Ninh"
    assert area_resolve(code="24", on=datetime.date(2025, 6, 30)).era == AreaEra.LEGACY
    assert area_resolve(code="24", on=datetime.date(2025, 7, 1)).era == AreaEra.REFORM_2025


def test_a_district_code_does_not_exist_after_the_reform():
    assert area_resolve(code="222", on=D2019).short_name == "Việt Yên"
    with pytest.raises(AreaNotFound):
        area_resolve(code="222", on=D2026)


def test_bac_giang_had_ten_district_level_units_in_2019():
    bac_giang = area_resolve(code="24", on=D2019)
    districts = Area.objects.valid_on(D2019).within(bac_giang).filter(level=AreaLevel.DISTRICT)
    assert districts.count() == 10
    assert "Việt Yên" in {d.short_name for d in districts}


def test_the_merged_province_succeeds_both_old_ones():
    bac_ninh_2026 = area_resolve(code="24", on=D2026)
    assert {a.path for a in bac_ninh_2026.predecessors.all()} == {"L.24", "L.27"}
    assert bac_ninh_2026.coverage_paths() == ["L.24", "L.27", "N.24"]


def test_an_old_commune_knows_its_ancestors_on_any_date():
    viet_yen = area_resolve(code="222", on=D2019)
    commune = area_resolve(code="07759", on=D2019)  # Xã Thượng Lan, unchanged from 2019 to 2025
    assert [a.name for a in commune.ancestors_on(D2019)] == ["Tỉnh Bắc Giang", viet_yen.name]
    later = commune.ancestors_on(D2026)
    assert later[0].name == "Tỉnh Bắc Ninh"
    assert later[-1] in commune.successors.all()


def test_loading_again_changes_nothing():
    before = Area.objects.count()
    result = areas_load(province_codes={"24", "27"})
    assert (result.created, result.updated, result.successions_created) == (0, 0, 0)
    assert Area.objects.count() == before


def test_loading_repairs_an_edited_area():
    Area.objects.filter(path="L.24").update(name="Sai tên")
    result = areas_load(province_codes={"24"})
    assert result.updated == 1
    assert Area.objects.get(path="L.24").name == "Tỉnh Bắc Giang"


def test_dry_run_writes_nothing():
    Area.objects.filter(path="L.24").update(name="Sai tên")
    result = areas_load(province_codes={"24"}, dry_run=True)
    assert result.updated == 1
    assert Area.objects.get(path="L.24").name == "Sai tên"
