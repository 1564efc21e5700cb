import pytest
from django.core.exceptions import ImproperlyConfigured

from antqcore.demo import demo_accounts_seed
from antqcore.models import User
from units.demo import units_demo_seed
from units.models import FireTeamConsolidation, GuardForce, IndustrialZone, Unit, UnitSubtype, ZoneInvestment

pytestmark = pytest.mark.django_db
STATS = "/api/v1/stats/"
PERIOD = {"from": "2014-08-15", "to": "2019-09-30"}
# The seed report's figures (shared/seeds/seed-figures.csv); guards.total follows its parts, not its 1.658.
SEED_FIGURES = {
    "context.units": 1575,
    "context.industrial_zones": 6,
    "context.industrial_clusters": 38,
    "context.investment_projects": 544,
    "context.enterprises_operating": 473,
    "context.workers": 145554,
    "guards.official": 140,
    "guards.long_term": 555,
    "guards.short_term": 471,
    "guards.bodyguards": 1171,
    "guards.total": 2337,
    "fire.teams_new": 52,
    "fire.teams_consolidated": 856,
}
NAMED_BY_THE_SEED = [
    "Công ty TNHH Siflex Việt Nam", "Công ty TNHH Fuhong Precision Component Bắc Giang",
    "Công ty cổ phần Tổng Công ty may Bắc Giang", "Tổng Công ty may Bắc Giang LGG", "Công ty may Yên Thế",
    "Trường Cao đẳng Kỹ thuật - Công nghiệp", "Trường Phổ thông Dân tộc nội trú tỉnh",
    "Bệnh viện Đa khoa huyện Tân Yên", "Trường Trung cấp Y tế Bắc Giang",
]


@pytest.fixture
def demo_users():
    demo_accounts_seed()
    units_demo_seed()
    return {u.username: u for u in User.objects.all()}


def test_every_figure_of_bac_giang_2014_2019_equals_the_seed_report(demo_users, client):
    client.force_login(demo_users["tinh"])
    r = client.get(STATS, {"area": "24", **PERIOD, "keys": ",".join(SEED_FIGURES)})
    assert r.status_code == 200
    assert r.json()["figures"] == SEED_FIGURES


def test_the_demo_holds_rows_the_counting_rules_must_leave_out(demo_users):
    # A deleted unit; older and later guard records; consolidations out of the period.
    assert Unit.objects.count() == 1576 and Unit.objects.alive().count() == 1575
    assert GuardForce.objects.filter(year__lt=2019).values("unit").distinct().count() > 50
    assert GuardForce.objects.filter(year=2020).exists()
    assert ZoneInvestment.objects.filter(year__gt=2019).exists()
    assert IndustrialZone.objects.filter(kind="cluster").count() > 38
    assert FireTeamConsolidation.objects.exclude(date__range=("2014-08-15", "2019-09-30")).exists()


def test_the_units_the_seed_names_are_where_it_says(demo_users):
    units = {u.name: u for u in Unit.objects.filter(name__in=NAMED_BY_THE_SEED).select_related("commune__parent",
                                                                                                "zone")}
    assert sorted(units) == sorted(NAMED_BY_THE_SEED)
    siflex, fuhong = units["Công ty TNHH Siflex Việt Nam"], units["Công ty TNHH Fuhong Precision Component Bắc Giang"]
    assert (siflex.zone.name, siflex.investor_country, siflex.commune.parent.code) == (
        "Khu công nghiệp Quang Châu", "Hàn Quốc", "222")
    assert (fuhong.zone.name, fuhong.investor_country, fuhong.commune.parent.code) == (
        "Khu công nghiệp Đình Trám", "Đài Loan", "222")
    assert units["Công ty may Yên Thế"].commune.parent.short_name == "Yên Thế"
    assert units["Tổng Công ty may Bắc Giang LGG"].commune.parent.short_name == "Lạng Giang"
    assert units["Bệnh viện Đa khoa huyện Tân Yên"].commune.parent.short_name == "Tân Yên"
    song_khe_fdi = Unit.objects.filter(zone__name="Khu công nghiệp Song Khê - Nội Hoàng",
                                       subtype=UnitSubtype.FDI_ENTERPRISE)
    assert song_khe_fdi.count() == 12


def test_the_district_officer_lists_only_viet_yen_units(demo_users, client):
    client.force_login(demo_users["vietyen"])
    rows, url = [], "/api/v1/units/?page_size=500"
    while url:
        body = client.get(url).json()
        rows += body["results"]
        url = body["next"]
    assert len(rows) == Unit.objects.alive().filter(commune__parent__code="222").count() > 100
    assert {row["district"]["code"] for row in rows} == {"222"}
    assert "Công ty TNHH Siflex Việt Nam" in {row["name"] for row in rows}


def test_seeding_twice_does_not_duplicate(demo_users):
    counts = (Unit.objects.count(), IndustrialZone.objects.count(), GuardForce.objects.count())
    assert units_demo_seed()["units"] == 0
    assert (Unit.objects.count(), IndustrialZone.objects.count(), GuardForce.objects.count()) == counts


def test_production_settings_refuse_the_demo_units(settings):
    settings.ANTQ_ALLOW_DEMO_DATA = False
    with pytest.raises(ImproperlyConfigured):
        units_demo_seed()
    assert not Unit.objects.exists()


def test_province_staff_count_the_seeds_1575_units_in_the_api(demo_users, client):
    client.force_login(demo_users["tinh"])
    assert client.get("/api/v1/units/", {"page_size": 1}).json()["count"] == 1575
