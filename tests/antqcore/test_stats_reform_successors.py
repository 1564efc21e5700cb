"""Counting the other way (#15 part 5): a record of the new map counted under the old area it lies in (successor →
predecessor, by commune), so that 2026 can be compared with 2024 for an old district's territory
(`GET /api/v1/stats/?map=old`), and the breakdowns of a period after the reform: by the new communes, or by the former
provinces when asked."""

import datetime

import pytest

from antqcore.models import Area, AreaEra, AreaLevel, AreaSuccession
from antqcore.selectors import area_successor_paths, last_day_of_old_map
from tests.conftest import client_for
from tests.incidents.helpers import at, make_incident
from units.services import unit_create

pytestmark = pytest.mark.django_db
URL = "/api/v1/stats/"
OLD_DAY = last_day_of_old_map()
H1_2026 = {"from": "2026-01-01", "to": "2026-06-30"}


def old_district(code: str) -> Area:
    return Area.objects.valid_on(OLD_DAY).get(level=AreaLevel.DISTRICT, code=code, path__startswith="L.24.")


def thefts_in(commune: Area, day: str, n: int = 1) -> None:
    unit = unit_create(actor=None, data={
        "name": f"Công ty TNHH Kế thừa {commune.code}", "kind": "enterprise", "subtype": "private_enterprise",
        "commune": commune, "managing_level": "province", "tax_code": f"03{commune.code}99"[:10], "worker_count": 120})
    for i in range(n):
        make_incident("theft", unit=unit, occurred_at=at(day, f"{8 + i:02d}:30"))


@pytest.fixture
def split(db):
    """An old commune X of Việt Yên (222) split: most of it went, by default, to the new commune N1 that counts under
    Việt Yên; a part went to N2, which took over a commune of Lục Nam (218) by default and counts there; another part
    became N3 alone (no default link: only a part of a split commune)."""
    viet_yen, luc_nam = old_district("222"), old_district("218")
    n1 = Area.objects.get(path=area_successor_paths(area=viet_yen)[0])
    n2 = Area.objects.get(path=area_successor_paths(area=luc_nam)[0])
    x = n1.predecessors.filter(path__startswith=viet_yen.path + ".").order_by("code").first()
    AreaSuccession.objects.create(predecessor=x, successor=n2, is_default=False)
    n3 = Area.objects.create(code="99990", name="Xã Kế Thừa", short_name="Kế Thừa", kind="Xã", level=AreaLevel.COMMUNE,
                             era=AreaEra.REFORM_2025, parent=Area.objects.get(path="N.24"), path="N.24.99990",
                             valid_from=datetime.date(2025, 7, 1))
    AreaSuccession.objects.create(predecessor=x, successor=n3, is_default=False)
    return viet_yen, luc_nam, x, n1, n2, n3


def test_a_new_commune_counts_under_the_old_district_of_its_principal_predecessor(split):
    viet_yen, luc_nam, x, n1, n2, n3 = split
    in_viet_yen, in_luc_nam = area_successor_paths(area=viet_yen), area_successor_paths(area=luc_nam)
    assert n1.path in in_viet_yen and n3.path in in_viet_yen
    # N2 took a part of X, but it succeeds a Lục Nam commune by default: it counts there, once.
    assert n2.path in in_luc_nam and n2.path not in in_viet_yen
    assert not set(in_viet_yen) & set(in_luc_nam)
    # The old province's districts share its new communes: each counted under exactly one.
    districts = Area.objects.valid_on(OLD_DAY).filter(level=AreaLevel.DISTRICT, path__startswith="L.24.")
    shares = [path for d in districts for path in area_successor_paths(area=d)]
    assert len(shares) == len(set(shares)) == len(area_successor_paths(area=Area.objects.get(path="L.24")))


def test_2026_records_count_under_the_old_district_they_lie_in(split, admin_user):
    viet_yen, luc_nam, x, n1, n2, n3 = split
    thefts_in(x, "2024-03-05", 2)  # the old map: Việt Yên's own
    thefts_in(n1, "2026-02-10", 3)
    thefts_in(n2, "2026-04-20", 5)
    thefts_in(n3, "2026-05-02", 7)
    staff = client_for(admin_user)

    r = staff.get(URL, {"area": "222", "map": "old", **H1_2026, "keys": "incidents.thefts"})
    assert r.status_code == 200, r.json()
    assert r.json()["area"]["name"] == viet_yen.name and r.json()["map"] == "old"
    assert r.json()["figures"] == {"incidents.thefts": 3 + 7}
    r = staff.get(URL, {"area": "218", "map": "old", **H1_2026, "keys": "incidents.thefts"})
    assert r.json()["figures"] == {"incidents.thefts": 5}
    # Compared with 2024 on the same territory.
    year_2024 = {"from": "2024-01-01", "to": "2024-12-31"}
    r = staff.get(URL, {"area": "222", "map": "old", **year_2024, "keys": "incidents.thefts"})
    assert r.json()["figures"] == {"incidents.thefts": 2}
    # Without map=old an old district's code means nothing in 2026; the old province counts its territory's records.
    assert staff.get(URL, {"area": "222", **H1_2026}).status_code == 404
    r = staff.get(URL, {"area": "24", "map": "old", **H1_2026, "keys": "incidents.thefts"})
    assert (r.json()["area"]["name"], r.json()["figures"]) == ("Tỉnh Bắc Giang", {"incidents.thefts": 15})


def test_a_period_across_the_reform_breaks_down_by_new_commune_or_by_former_province(split, admin_user):
    viet_yen, luc_nam, x, n1, n2, n3 = split
    thefts_in(x, "2025-03-05", 2)  # old Bắc Giang, before the reform
    bac_ninh_old_commune = Area.objects.valid_on(OLD_DAY).filter(level=AreaLevel.COMMUNE,
                                                                 path__startswith="L.27.").order_by("code").first()
    thefts_in(bac_ninh_old_commune, "2025-05-05", 4)
    thefts_in(n2, "2025-09-20", 5)
    thefts_in(n3, "2025-11-02", 7)
    staff = client_for(admin_user)
    query = {"area": "24", "from": "2025-01-01", "to": "2025-12-31", "keys": "incidents.thefts"}

    body = staff.get(URL, query | {"breakdown": "area"}).json()
    assert body["figures"] == {"incidents.thefts": 18}
    rows = {row["name"]: row["figures"]["incidents.thefts"] for row in body["breakdown"]}
    assert len(rows) == 100 and not any(name.startswith(("Huyện", "Thị xã", "Thành phố")) for name in rows)
    assert rows[n1.name] == 2 and rows[n2.name] == 5 and rows[n3.name] == 7  # X's records go to its default successor
    assert sum(rows.values()) == 18

    body = staff.get(URL, query | {"breakdown": "former"}).json()
    rows = {row["name"]: row["figures"]["incidents.thefts"] for row in body["breakdown"]}
    # After the reform, N2 counts under Lục Nam's province and N3 under X's: both the old Bắc Giang.
    assert rows == {"Tỉnh Bắc Giang": 2 + 5 + 7, "Tỉnh Bắc Ninh": 4}
