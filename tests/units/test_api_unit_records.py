"""#16: a unit's guard force, fire team and its consolidations, and a zone's yearly investment projects are entered
through /api/v1/ as on the unit's page: scoped (another district's unit answers 404 to a read, 403 to a write),
refused with the rules' Vietnamese messages, and counted by the figures."""

import datetime

import pytest

from antqcore.stats import figures_compute
from tests.conftest import area, client_for
from tests.units.factories import commune_of, make_unit
from units.models import FireTeam, GuardForce, IndustrialZone, ZoneInvestment

pytestmark = pytest.mark.django_db
GUARDS = {"year": 2019, "organisation_form": "team", "staffing": "own", "official_staff": 4, "long_term": 3,
          "short_term": 2, "bodyguards": 1, "trained": 6}


@pytest.fixture
def viet_yen_unit(db):
    return make_unit("222", name="Công ty TNHH Bảo vệ Việt Yên")


@pytest.fixture
def luc_nam_unit(db):
    return make_unit("218", name="Công ty may Lục Nam")


def test_a_guard_force_posted_is_listed_and_counted(district_officer, viet_yen_unit):
    client = client_for(district_officer)
    url = f"/api/v1/units/{viet_yen_unit.pk}/guard-forces/"
    r = client.post(url, GUARDS, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["total"] == 10
    # The same year again replaces it.
    assert client.post(url, GUARDS | {"long_term": 5}, format="json").status_code == 201
    assert [(g["year"], g["long_term"], g["total"]) for g in client.get(url).json()] == [(2019, 5, 12)]
    figures = figures_compute(area=area("222"), start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31),
                              keys=["guards.total", "guards.long_term"])
    assert (figures["guards.total"], figures["guards.long_term"]) == (12, 5)


def test_more_guards_trained_than_guards_is_refused_in_vietnamese(district_officer, viet_yen_unit):
    r = client_for(district_officer).post(f"/api/v1/units/{viet_yen_unit.pk}/guard-forces/",
                                          GUARDS | {"trained": 11}, format="json")
    assert r.status_code == 400
    assert r.json()["errors"]["trained"] == ["Số bảo vệ được tập huấn không được nhiều hơn tổng số bảo vệ."]
    assert not GuardForce.objects.exists()


def test_another_districts_unit_answers_404_to_reads_and_403_to_writes(district_officer, luc_nam_unit):
    client = client_for(district_officer)
    base = f"/api/v1/units/{luc_nam_unit.pk}/"
    for path in ("guard-forces/", "fire-team/", "fire-team/consolidations/"):
        assert client.get(base + path).status_code == 404, path
    assert client.post(base + "guard-forces/", GUARDS, format="json").status_code == 403
    assert client.post(base + "fire-team/", {"established_on": "2019-03-01", "members": 8},
                       format="json").status_code == 403
    assert not GuardForce.objects.exists() and not FireTeam.objects.exists()


def test_a_viewer_reads_but_cannot_write(viewer, viet_yen_unit):
    client = client_for(viewer)
    url = f"/api/v1/units/{viet_yen_unit.pk}/guard-forces/"
    assert client.get(url).status_code == 200
    assert client.post(url, GUARDS, format="json").status_code == 403


def test_a_fire_team_and_its_consolidations(district_officer, viet_yen_unit):
    client = client_for(district_officer)
    url = f"/api/v1/units/{viet_yen_unit.pk}/fire-team/"
    assert client.get(url).status_code == 404
    # No team yet: a consolidation is refused, in Vietnamese.
    r = client.post(url + "consolidations/", {"date": "2019-06-01", "members": 10}, format="json")
    assert r.status_code == 400
    assert r.json()["errors"] == {"non_field_errors": ["Hãy ghi nhận đội PCCC cơ sở trước."]}
    assert r.json()["detail"] == "Hãy ghi nhận đội PCCC cơ sở trước."
    assert client.post(url, {"established_on": "2019-03-01", "members": 8}, format="json").status_code == 201
    r = client.post(url + "consolidations/", {"date": "2019-02-01", "members": 10}, format="json")
    assert r.status_code == 400 and "date" in r.json()["errors"]
    r = client.post(url + "consolidations/", {"date": "2019-06-01", "members": 10, "note": "Kiện toàn"},
                    format="json")
    assert r.status_code == 201, r.json()
    team = client.get(url).json()
    assert (team["established_on"], team["members"]) == ("2019-03-01", 10)
    assert [(c["date"], c["note"]) for c in team["consolidations"]] == [("2019-06-01", "Kiện toàn")]
    figures = figures_compute(area=area("222"), start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31),
                              keys=["fire.teams_new", "fire.teams_consolidated"])
    assert (figures["fire.teams_new"], figures["fire.teams_consolidated"]) == (1, 1)


def test_a_negative_member_count_is_refused(district_officer, viet_yen_unit):
    r = client_for(district_officer).post(f"/api/v1/units/{viet_yen_unit.pk}/fire-team/",
                                          {"established_on": "2019-03-01", "members": -1}, format="json")
    assert r.status_code == 400 and "members" in r.json()["errors"]
    assert not FireTeam.objects.exists()


def test_a_zones_investments_are_posted_by_year_and_summed(district_officer, other_district_officer):
    zone = IndustrialZone.objects.create(name="Khu công nghiệp Quang Châu", kind="zone", area=commune_of("222"))
    client = client_for(district_officer)
    url = f"/api/v1/industrial-zones/{zone.pk}/investments/"
    for year, projects in ((2018, 30), (2019, 5), (2019, 12)):
        assert client.post(url, {"year": year, "projects": projects}, format="json").status_code == 201
    assert [(i["year"], i["projects"]) for i in client.get(url).json()] == [(2018, 30), (2019, 12)]
    assert client.get(f"/api/v1/industrial-zones/{zone.pk}/").json()["investment_projects"] == 42
    # Another district's officer: 404 to a read, 403 to a write.
    other = client_for(other_district_officer)
    assert other.get(url).status_code == 404
    assert other.post(url, {"year": 2020, "projects": 1}, format="json").status_code == 403
    r = client.post(url, {"year": 2020, "projects": "nhiều"}, format="json")
    assert r.status_code == 400 and r.json()["errors"]["projects"]
    assert ZoneInvestment.objects.count() == 2
