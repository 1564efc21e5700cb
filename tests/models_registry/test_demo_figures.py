import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from antqcore.demo import demo_accounts_seed, demo_seeders
from antqcore.models import AreaLevel, User
from models_registry.demo import models_demo_seed
from models_registry.models import Activity, ModelStatus, MovementModel, PilotSelection, Review
from models_registry.selectors import maintained_on, with_formalism
from units.demo import units_demo_seed
from units.models import UnitSubtype

pytestmark = pytest.mark.django_db
STATS = "/api/v1/stats/"
PERIOD = {"from": "2014-08-15", "to": "2019-09-30"}
START, END = datetime.date(2014, 8, 15), datetime.date(2019, 9, 30)
# The seed report's figures (shared/seeds/seed-figures.csv, sections II.1 and 2.5). models.new_pilots follows its
# parts (25 + 3 + 7), not its total of 34.
SEED_FIGURES = {
    "models.self_managed": 219,
    "models.border_clusters": 37,
    "models.linked_clusters": 33,
    "models.area_clusters": 55,
    "models.safety_belt_clusters": 8,
    "models.new_pilots": 35,
    "models.new_pilots.antt_safe": 25,
    "models.new_pilots.self_managed": 3,
    "models.new_pilots.linkage": 7,
    "models.fdi_linkage_participants": 12,
    "models.pilot_units_2015": 13,
}
SONG_KHE = ("Liên kết bảo đảm ANTT giữa UBND xã Song Khê với các Công ty, doanh nghiệp phía Bắc Khu công nghiệp "
            "Song Khê - Nội Hoàng")
# Models the seed names, and the unit each one is built on (None: a commune government with several units).
NAMED_MODELS = {
    SONG_KHE: None,
    "“Đội công nhân xung kích bảo đảm ANTT” tại Công ty TNHH Siflex Việt Nam": "Công ty TNHH Siflex Việt Nam",
    "“Đội tự quản bảo đảm ANTT, an toàn tài sản” tại Công ty TNHH Fuhong Precision Component Bắc Giang":
        "Công ty TNHH Fuhong Precision Component Bắc Giang",
    "“Trường học an toàn về ANTT” tại Trường THPT Ngô Sỹ Liên": "Trường THPT Ngô Sỹ Liên",
    "“Bệnh viện an toàn về ANTT” tại Bệnh viện Sản - Nhi Bắc Giang": "Bệnh viện Sản - Nhi Bắc Giang",
    "“Công ty an toàn về ANTT” tại Tổng Công ty may Bắc Giang LGG": "Tổng Công ty may Bắc Giang LGG",
    "“Tự quản về ANTT” tại Công ty may Yên Thế": "Công ty may Yên Thế",
    "Liên kết bảo đảm ANTT giữa UBND phường Đình Kế với Công ty cổ phần Tổng Công ty may Bắc Giang":
        "Công ty cổ phần Tổng Công ty may Bắc Giang",
    "Liên kết bảo đảm ANTT giữa UBND phường Lê Lợi với Trường Trung cấp Y tế Bắc Giang":
        "Trường Trung cấp Y tế Bắc Giang",
    "Liên kết bảo đảm ANTT giữa UBND xã Tân Mỹ với Bệnh viện Ung Bướu, Bệnh viện Nội Tiết tỉnh Bắc Giang": None,
    "Liên kết bảo đảm ANTT giữa UBND phường Ngô Quyền với các Ngân hàng đóng trên địa bàn phường": None,
}


def test_the_models_of_bac_giang_2014_2019_equal_the_seed_report(client):
    users = {u.username: u for u in demo_accounts_seed()}
    units_demo_seed()
    created = models_demo_seed()
    assert created["models"] > 450 and created["pilot_units"] > 13

    # Every figure of the seed, as the statistics endpoint gives it to the province.
    client.force_login(users["tinh"])
    r = client.get(STATS, {"area": "24", **PERIOD, "keys": ",".join(SEED_FIGURES)})
    assert r.status_code == 200
    assert r.json()["figures"] == SEED_FIGURES

    # The models the seed names, on the units it names; the Song Khê model has its 12 FDI enterprises.
    named = {m.name: m for m in MovementModel.objects.filter(name__in=NAMED_MODELS).select_related("host_unit")}
    assert sorted(named) == sorted(NAMED_MODELS)
    assert {name: m.host_unit.name if m.host_unit else None for name, m in named.items()} == NAMED_MODELS
    song_khe = named[SONG_KHE]
    assert (song_khe.type.code, song_khe.partner_commune.short_name, song_khe.is_pilot) == ("linkage", "Song Khê", True)
    fdi = song_khe.participants.filter(subtype=UnitSubtype.FDI_ENTERPRISE)
    assert fdi.count() == 12
    assert {u.zone.name for u in fdi} == {"Khu công nghiệp Song Khê - Nội Hoàng"}
    assert PilotSelection.objects.filter(plan="Kế hoạch 61/KH-CAT-PV28", selected_on="2015-03-31").count() == 13

    # Rows the counting rules must leave out: eliminated in the period (with a reason), founded after it.
    eliminated = MovementModel.objects.filter(eliminated_on__range=(START, END))
    assert eliminated.count() >= 10
    assert not eliminated.exclude(status=ModelStatus.ELIMINATED).exists()
    assert not eliminated.filter(elimination_reason="").exists()
    assert MovementModel.objects.filter(established_on__gt=END).count() >= 4
    assert MovementModel.objects.filter(eliminated_on__gt=END).exists()  # still counted on 30/09/2019
    assert PilotSelection.objects.exclude(selected_on__range=(START, END)).exists()

    # Spread over the ten districts, on communes; a realistic share of formalistic models, of each kind.
    maintained = with_formalism(maintained_on(MovementModel.objects.all(), END), END)
    assert {m.area.level for m in maintained.select_related("area")} == {AreaLevel.COMMUNE}
    assert maintained.values("area__parent").distinct().count() == 10
    formalistic = maintained.filter(formalistic=True)
    assert 0.10 <= formalistic.count() / maintained.count() <= 0.15
    for sign in ("no_regulation", "no_launch", "silent"):
        assert formalistic.filter(**{sign: True}).exists(), sign
    assert not formalistic.filter(is_pilot=True, pilot_since__gte="2018-01-01").exists()
    assert not formalistic.filter(name__in=NAMED_MODELS).exists()
    # Quarterly briefings for most, and reviews with ratings for some.
    assert Activity.objects.filter(date__year__lt=2015).count() == 0
    assert Activity.objects.filter(date__year__gt=2019).count() == 0
    assert maintained.filter(last_activity__gte=END - datetime.timedelta(days=120)).count() > 0.8 * maintained.count()
    assert Review.objects.values("rating__name").distinct().count() == 4
    assert all(m.search_text and m.search_text.isascii() for m in MovementModel.objects.all())

    # Seeding again adds nothing.
    counts = (MovementModel.objects.count(), Activity.objects.count(), Review.objects.count(),
              PilotSelection.objects.count(), MovementModel.participants.through.objects.count())
    assert set(models_demo_seed().values()) == {0}
    assert (MovementModel.objects.count(), Activity.objects.count(), Review.objects.count(),
            PilotSelection.objects.count(), MovementModel.participants.through.objects.count()) == counts
    assert User.objects.filter(username="tinh").exists()


def test_the_models_demo_is_registered_after_the_units_and_refused_by_production_settings(settings):
    names = [name for name, _seeder in demo_seeders()]
    assert ("models", models_demo_seed) in demo_seeders() and names.index("units") < names.index("models")
    settings.ANTQ_ALLOW_DEMO_DATA = False
    with pytest.raises(ImproperlyConfigured):
        models_demo_seed()
    assert not MovementModel.objects.exists()
