"""The 2019 map of Bắc Giang (antqcore/data/history), loaded on top of the package's map of mid-2025."""

import datetime
import json
import shutil
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from antqcore import areas_source
from antqcore.areas_source import HistoryError, read_area_source
from antqcore.models import Area, AreaLevel, Organisation, Role
from antqcore.scoping import area_in_scope, areas_in_scope_q
from antqcore.selectors import AreaNotFound, area_descendants, area_q, area_resolve
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
D2019 = datetime.date(2019, 9, 30)
LAST_OLD_DAY = datetime.date(2025, 6, 30)


def communes_of(code: str, on: datetime.date):
    area = area_resolve(code=code, on=on)
    return Area.objects.valid_on(on).filter(level=AreaLevel.COMMUNE, path__startswith=area.path + ".")


def kinds(code: str, on: datetime.date) -> Counter:
    return Counter(communes_of(code, on).values_list("kind", flat=True))


def district_names(on: datetime.date) -> set[str]:
    province = area_resolve(code="24", on=on)
    return set(Area.objects.valid_on(on).filter(level=AreaLevel.DISTRICT, path__startswith=province.path + ".")
               .values_list("name", flat=True))


def test_bac_giang_had_230_communes_in_2019_as_the_review_says():
    assert kinds("24", D2019) == {"Xã": 204, "Thị trấn": 16, "Phường": 10}


def test_between_the_two_rounds_of_mergers_it_had_209_as_the_resolutions_say():
    # After Nghị quyết 510/NQ-UBTVQH15 (01/07/2022): 209 = 182 xã, 10 phường, 17 thị trấn.
    assert communes_of("24", datetime.date(2022, 12, 31)).count() == 209
    # After Nghị quyết 938/NQ-UBTVQH15 (01/02/2024): 209 = 175 xã, 19 phường, 15 thị trấn.
    assert kinds("24", datetime.date(2024, 6, 30)) == {"Xã": 175, "Phường": 19, "Thị trấn": 15}


def test_on_the_last_day_of_the_old_map_it_has_the_packages_192_communes():
    assert communes_of("24", LAST_OLD_DAY).count() == 192
    assert area_descendants(area=area_resolve(code="24", on=LAST_OLD_DAY), level=AreaLevel.COMMUNE,
                            on=LAST_OLD_DAY).count() == 192


def test_the_ten_districts_of_2019_include_yen_dung_and_not_chu():
    names = district_names(D2019)
    assert len(names) == 10
    assert "Huyện Yên Dũng" in names
    assert "Thị xã Chũ" not in names


def test_the_ten_districts_of_2025_include_chu_and_not_yen_dung():
    names = district_names(LAST_OLD_DAY)
    assert len(names) == 10
    assert "Thị xã Chũ" in names
    assert "Huyện Yên Dũng" not in names


def test_yen_dung_exists_in_2019_with_21_communes_until_its_merger_into_the_city():
    yen_dung = area_resolve(code="221", on=D2019)
    assert (yen_dung.name, yen_dung.valid_to) == ("Huyện Yên Dũng", datetime.date(2024, 12, 31))
    assert communes_of("221", D2019).count() == 21
    assert communes_of("221", datetime.date(2024, 12, 31)).count() == 18
    with pytest.raises(AreaNotFound):
        area_resolve(code="221", on=datetime.date(2025, 1, 1))
    assert [a.code for a in yen_dung.successors.all()] == ["213"]
    # The city had 16 communes in 2019 and 31 once Yên Dũng's were in it (two wards merged on the same day).
    assert communes_of("213", D2019).count() == 16
    assert communes_of("213", LAST_OLD_DAY).count() == 31


def test_chu_exists_in_2025_and_not_in_2019():
    with pytest.raises(AreaNotFound):
        area_resolve(code="224", on=D2019)
    assert area_resolve(code="224", on=LAST_OLD_DAY).name == "Thị xã Chũ"
    assert communes_of("224", LAST_OLD_DAY).count() == 10
    assert communes_of("219", D2019).count() == 30


def test_a_merged_commune_resolves_in_2019_and_not_after_its_merger():
    thang_2019 = area_resolve(code="07810", on=D2019)
    assert (thang_2019.name, thang_2019.path) == ("Thị trấn Thắng", "L.24.223.07810")
    with pytest.raises(AreaNotFound):
        area_resolve(code="07810", on=datetime.date(2020, 6, 30))
    # Đức Thắng's code went on with the merged town.
    successor = area_resolve(code="07840", on=datetime.date(2020, 6, 30))
    assert list(thang_2019.successors.all()) == [successor]
    assert successor.name == "Thị trấn Thắng"


def test_a_code_reused_in_the_same_district_resolves_by_date():
    before = area_resolve(code="07840", on=D2019)
    after = area_resolve(code="07840", on=LAST_OLD_DAY)
    assert (before.name, before.path, before.valid_to) == ("Xã Đức Thắng", "L.24.223.07840-2019",
                                                          datetime.date(2019, 12, 31))
    assert (after.name, after.path, after.valid_from) == ("Thị trấn Thắng", "L.24.223.07840",
                                                          datetime.date(2020, 1, 1))
    assert before.parent == after.parent


def test_a_commune_that_moved_district_resolves_to_its_district_of_the_day():
    neo = area_resolve(code="07681", on=D2019)
    nham_bien = area_resolve(code="07681", on=LAST_OLD_DAY)
    assert (neo.name, neo.parent.name) == ("Thị trấn Neo", "Huyện Yên Dũng")
    assert (nham_bien.name, nham_bien.parent.name) == ("Phường Nham Biền", "Thành phố Bắc Giang")
    assert list(neo.successors.all()) == [nham_bien]
    chu_2019 = area_resolve(code="07525", on=D2019)
    assert (chu_2019.name, chu_2019.parent.name) == ("Thị trấn Chũ", "Huyện Lục Ngạn")
    assert area_resolve(code="07525", on=LAST_OLD_DAY).parent.name == "Thị xã Chũ"


def test_a_commune_merged_in_2020_into_one_that_moved_in_2025_follows_the_chain():
    tan_an_2019 = area_resolve(code="07693", on=D2019)  # Xã Tân An, merged into Thị trấn Tân Dân → Tân An
    tan_dan = area_resolve(code="07682", on=datetime.date(2020, 1, 1))
    assert tan_dan.parent.name == "Huyện Yên Dũng"
    assert list(tan_an_2019.successors.all()) == [tan_dan]
    phuong_tan_an = area_resolve(code="07682", on=LAST_OLD_DAY)
    assert tan_an_2019.path in phuong_tan_an.coverage_paths()
    # and the commune of the 2025 map covers both
    new_commune = phuong_tan_an.successors.get()
    assert {tan_an_2019.path, tan_dan.path, phuong_tan_an.path} <= set(new_commune.coverage_paths())


def test_the_successor_covers_the_records_of_the_merged_commune():
    hoang_an = area_resolve(code="07828", on=D2019)  # merged into Hoàng Vân on 01/01/2025
    record = Organisation.objects.create(name="Công an xã Hoàng An", area=hoang_an)
    hoang_van = area_resolve(code="07822", on=LAST_OLD_DAY)
    assert list(Organisation.objects.filter(area_q(hoang_van, "area"))) == [record]
    assert not Organisation.objects.filter(area_q(area_resolve(code="07825", on=LAST_OLD_DAY), "area")).exists()


def test_the_city_on_the_2025_map_covers_yen_dungs_2019_rows():
    city = make_user("tpbg", Role.DISTRICT_OFFICER, "213")  # resolved on 30/09/2019: the city itself
    lao_ho = area_resolve(code="07684", on=D2019)
    assert area_in_scope(city, lao_ho)
    assert area_in_scope(city, area_resolve(code="221", on=D2019))
    assert Area.objects.filter(areas_in_scope_q(city), path__startswith="L.24.221.").count() == 21


def test_other_districts_do_not_see_yen_dung():
    viet_yen = make_user("vy", Role.DISTRICT_OFFICER, "222")
    assert not area_in_scope(viet_yen, area_resolve(code="07684", on=D2019))
    assert area_in_scope(viet_yen, area_resolve(code="07753", on=D2019))  # Thị trấn Bích Động of 2019


def test_luc_ngan_keeps_the_2019_rows_of_the_communes_that_went_to_chu():
    luc_ngan = make_user("ln", Role.DISTRICT_OFFICER, "219")
    assert area_in_scope(luc_ngan, area_resolve(code="07525", on=D2019))
    assert not area_in_scope(luc_ngan, area_resolve(code="07525", on=LAST_OLD_DAY))


def test_the_province_covers_every_row_of_both_maps_of_bac_giang():
    bac_giang = area_resolve(code="24", on=D2019)
    assert Area.objects.filter(area_q(bac_giang, None)).count() == Area.objects.filter(
        path__startswith="L.24").count()
    assert Area.objects.filter(area_q(bac_giang, None), path__endswith="-2019").count() == 36


def test_loading_the_history_again_changes_nothing():
    out = StringIO()
    call_command("load_areas", "--province", "24", "--dry-run", stdout=out)
    assert out.getvalue().startswith("Would create 0 areas, updated 0")


def test_loading_repairs_a_changed_start_date():
    Area.objects.filter(path="L.24.223.07840").update(valid_from=None)
    out = StringIO()
    call_command("load_areas", "--province", "24", stdout=out)
    assert "updated 1" in out.getvalue()
    assert area_resolve(code="07840", on=D2019).name == "Xã Đức Thắng"


@pytest.fixture
def history_dir(tmp_path, monkeypatch):
    for path in areas_source.HISTORY_DIR.iterdir():
        shutil.copy(path, tmp_path)
    monkeypatch.setattr(areas_source, "HISTORY_DIR", tmp_path)
    return tmp_path


def edit_manifest(history_dir, edit):
    path = history_dir / "24_bac_giang.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    edit(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def test_a_merged_commune_left_out_of_the_changes_is_refused(history_dir):
    edit_manifest(history_dir, lambda m: m["changes"][0]["merged"].remove("07810"))
    with pytest.raises(HistoryError, match="07810 Thị trấn Thắng is not on the package's map"):
        read_area_source({"24"})


def test_a_change_the_package_contradicts_is_refused(history_dir):
    edit_manifest(history_dir, lambda m: m["changes"][0]["merged"].append("07201"))
    with pytest.raises(HistoryError, match="07201 .* listed as merged"):
        read_area_source({"24"})


def test_a_change_naming_a_commune_missing_from_the_list_is_refused(history_dir):
    edit_manifest(history_dir, lambda m: m["changes"][1]["renamed"].append("99999"))
    with pytest.raises(HistoryError, match=r"missing from 24_bac_giang_2019.csv: \['99999'\]"):
        read_area_source({"24"})


def test_a_refused_history_writes_nothing(history_dir):
    edit_manifest(history_dir, lambda m: m["changes"][3]["districts_merged"].update({"221": "299"}))
    before = Area.objects.count()
    with pytest.raises(CommandError, match="Nothing was loaded: 24_bac_giang.json: district 221 merged into 299"):
        call_command("load_areas", "--province", "24", stdout=StringIO())
    assert Area.objects.count() == before


def test_provinces_without_a_history_file_are_the_package_alone():
    source = read_area_source({"27"})
    assert not [row for row in source.rows if row.starts or (row.ends and row.era == "legacy")]
