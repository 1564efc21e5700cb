"""Any province's history supplement (antqcore/data/history/README.md), loaded by `manage.py load_area_history`.

The Hà Tĩnh file written here is an example in the format, not the province's real history: two communes of Hương
Sơn that the package's map of mid-2025 no longer has as they were in 2019 (one merged away, one renamed in place)."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from antqcore import areas_source
from antqcore.models import Area, AreaLevel
from antqcore.selectors import area_resolve
from antqcore.services import areas_load

pytestmark = pytest.mark.django_db
D2019 = datetime.date(2019, 9, 30)
D2021 = datetime.date(2021, 9, 30)

MANIFEST = {
    "province": "42",
    "year": 2019,
    "communes": "42_ha_tinh_2019.csv",
    "changes": [
        {"on": "2020-01-01", "act": "Nghị quyết 819/NQ-UBTVQH14 ngày 21/11/2019 (ví dụ)",
         "merged": ["18166"], "renamed": ["18163"]},
    ],
}
COMMUNES = """commune_code,commune_name,commune_kind,district_code,district_name,successor_codes
18157,Xã Sơn Giang,Xã,439,Huyện Hương Sơn,18157
18163,Xã Sơn Thịnh,Xã,439,Huyện Hương Sơn,18163
18166,Xã Sơn Hòa,Xã,439,Huyện Hương Sơn,18163
"""


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def write(folder, manifest=MANIFEST, communes=COMMUNES, text=None):
    folder.mkdir(exist_ok=True)
    path = folder / "42_ha_tinh.json"
    path.write_text(text if text is not None else json.dumps(manifest, ensure_ascii=False, indent=2),
                    encoding="utf-8")
    (folder / manifest["communes"]).write_text(communes, encoding="utf-8")
    return path


def load(path, *args) -> str:
    out = StringIO()
    call_command("load_area_history", str(path), *args, stdout=out)
    return out.getvalue()


def communes_of_ha_tinh(on):
    return Area.objects.valid_on(on).filter(level=AreaLevel.COMMUNE, path__startswith="L.42.").count()


def test_a_history_of_ha_tinh_changes_its_2019_commune_count_once(tmp_path, media):
    areas_load(province_codes={"42"})
    assert communes_of_ha_tinh(D2019) == communes_of_ha_tinh(D2021) == 209
    path = write(tmp_path / "in")

    dry = load(path, "--dry-run")
    assert "dry run: nothing written" in dry and "Xã Sơn Hòa" in dry
    assert communes_of_ha_tinh(D2019) == 209

    report = load(path)
    assert communes_of_ha_tinh(D2019) == 210  # Sơn Hòa until 31/12/2019
    assert communes_of_ha_tinh(D2021) == 209
    assert "+ Xã Sơn Hòa (commune 18166, L.42.439.18166), until 31/12/2019" in report
    assert "+ Xã Sơn Thịnh (commune 18163, L.42.439.18163-2019), until 31/12/2019" in report
    assert "Xã An Hòa Thịnh (commune 18163, L.42.439.18163): starts 01/01/2020 (was —)" in report
    assert "Xã Sơn Hòa (L.42.439.18166) → Xã An Hòa Thịnh (L.42.439.18163)" in report
    assert "Communes of province 42 on 01/01/2019: 209 before, now 210." in report
    # A code means one commune on a date: 18163 is Sơn Thịnh in 2019 and An Hòa Thịnh after.
    assert area_resolve(code="18163", on=D2019).name == "Xã Sơn Thịnh"
    assert area_resolve(code="18163", on=D2021).name == "Xã An Hòa Thịnh"
    assert [a.name for a in area_resolve(code="18166", on=D2019).successors.all()] == ["Xã An Hòa Thịnh"]

    again = load(path)
    assert "Nothing changed: this history is already loaded." in again
    assert "+ " not in again and "~ " not in again
    assert communes_of_ha_tinh(D2019) == 210
    # The supplement is kept where load_areas finds it: loading the province again keeps its history.
    out = StringIO()
    call_command("load_areas", "--province", "42", stdout=out)
    assert "Created 0 areas, updated 0, added 0 succession links." in out.getvalue()
    assert (media / "area_history" / "42_ha_tinh.json").is_file()


def test_the_shipped_history_of_bac_giang_loads_through_the_same_command():
    report = load(areas_source.HISTORY_DIR / "24_bac_giang.json")
    assert "Nothing changed: this history is already loaded." in report
    assert "Communes of province 24 on 01/01/2019: 230 before, now 230." in report


def test_a_file_with_mistakes_loads_nothing_and_names_each_one(tmp_path, media):
    manifest = json.loads(json.dumps(MANIFEST))
    manifest["source"] = "a key the format does not have"
    manifest["changes"][0]["merged"] = ["18166", "18169"]
    manifest["changes"].append({"on": "2025-07-01", "act": "Nghị quyết (sau bản đồ cũ)", "renamed": ["18157"],
                                "dissolved": ["18160"]})
    communes = COMMUNES.replace("18163\n", "99999\n", 1) + "18170,Xã Sơn Hàm,Xã,999,Huyện Không Có,18157\n" \
        + "18157,Xã Sơn Giang,Xã,439,Huyện Hương Sơn,18157\n"
    path = write(tmp_path / "in", manifest, communes)
    before = Area.objects.count()
    with pytest.raises(CommandError) as refused:
        load(path)
    message = str(refused.value)
    lines = path.read_text(encoding="utf-8").splitlines()

    def line_of(text):
        return next(i for i, line in enumerate(lines, 1) if text in line)

    assert message.startswith("Nothing was loaded: ")
    assert f"42_ha_tinh.json: unknown key 'source'; the keys are province, year, communes, changes " \
           f"(line {line_of('source')})" in message
    assert "42_ha_tinh.json: unknown key 'dissolved' in a change" in message
    assert f"(line {line_of('dissolved')}, changes[1])" in message
    assert "42_ha_tinh.json: 01/07/2025 is outside the old map after the list's day" in message
    assert f"(line {line_of('2025-07-01')}, changes[1])" in message
    assert "42_ha_tinh.json: the changes name communes missing from 42_ha_tinh_2019.csv: ['18169']" in message
    assert "42_ha_tinh_2019.csv: no commune 99999 on 2020-01-01 to succeed 18163 Xã Sơn Thịnh (line 3)" in message
    assert "42_ha_tinh_2019.csv: district 999 is neither in the package nor merged by a change (line 5)" in message
    assert "42_ha_tinh_2019.csv: commune 18157 is listed twice (line 2 too) (line 6)" in message
    assert Area.objects.count() == before
    assert not (media / "area_history").exists()


def test_a_commune_named_by_two_changes_or_under_a_district_not_yet_made_is_refused(tmp_path, media):
    manifest = json.loads(json.dumps(MANIFEST))
    manifest["changes"].append({"on": "2021-01-01", "act": "Nghị quyết (ví dụ)", "merged": ["18166"],
                                "districts_created": ["439"]})
    with pytest.raises(CommandError) as refused:
        load(write(tmp_path / "in", manifest))
    message = str(refused.value)
    assert "commune 18166 is named by two changes: its row would be valid twice" in message
    assert "42_ha_tinh_2019.csv: district 439 Huyện Hương Sơn did not exist on 01/01/2019: a change creates it " \
           "on 01/01/2021 (line 2)" in message


def test_a_file_that_is_not_json_names_its_line(tmp_path, media):
    path = write(tmp_path / "in", text='{\n  "province": "42",\n  "year": 2019,,\n}')
    with pytest.raises(CommandError, match=r"42_ha_tinh.json: not valid JSON: .* \(line 3\)"):
        load(path)


NOTE = "Danh sách đơn vị hành chính của Tỉnh Hà Tĩnh theo bản đồ ngày 30/06/2025 (chưa nạp lịch sử trước đó)"


def stats_2023(user, area_code):
    from tests.conftest import client_for

    response = client_for(user).get("/api/v1/stats/", {"area": area_code, "from": "2023-01-01", "to": "2023-12-31",
                                                       "map": "old", "keys": "context.communes,context.districts"})
    assert response.status_code == 200
    return response.json()


def test_the_commune_count_of_a_province_without_history_says_which_map_it_uses(tmp_path, media, admin_user):
    areas_load(province_codes={"42"})
    body = stats_2023(admin_user, "42")
    assert body["figures"]["context.communes"] == 209  # the map of 30/06/2025: the value itself is unchanged
    assert body["notes"] == {"context.communes": NOTE, "context.districts": NOTE}
    assert stats_2023(admin_user, "24")["notes"] == {}  # Bắc Giang has its history

    load(write(tmp_path / "in"))
    body = stats_2023(admin_user, "42")
    assert body["notes"] == {}
    assert body["figures"]["context.communes"] == 209


def test_the_area_pickers_say_which_map_they_list(tmp_path, media):
    from antqcore.models import Role
    from incidents.forms import IncidentForm
    from models_registry.forms import MovementModelForm
    from tests.conftest import make_user

    areas_load(province_codes={"42"})
    ha_tinh = make_user("hatinh", Role.PROVINCE_STAFF, None)
    ha_tinh.scope_area = area_resolve(code="42", on=D2019)
    ha_tinh.save()
    bac_giang = make_user("bacgiang", Role.PROVINCE_STAFF, "24")

    help_text = str(IncidentForm(user=ha_tinh).fields["area"].help_text)
    assert help_text.endswith(NOTE) and help_text != NOTE  # the field's own help comes first
    assert str(MovementModelForm(user=ha_tinh).fields["partner_commune"].help_text).endswith(NOTE)
    assert "bản đồ ngày 30/06/2025" not in str(IncidentForm(user=bac_giang).fields["area"].help_text)

    load(write(tmp_path / "in"))
    assert "bản đồ ngày 30/06/2025" not in str(IncidentForm(user=ha_tinh).fields["area"].help_text)
