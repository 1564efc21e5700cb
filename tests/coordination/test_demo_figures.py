"""The demo's agreements and inspections equal the seed report's (sections 2.2 and 2.3) for Bắc Giang,
15/08/2014 – 30/09/2019, as the statistics endpoint gives them; what the seed does not count is there too, and left
out; the documents the seed names are in the register, cited by the records."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from antqcore.demo import demo_accounts_seed, demo_seeders
from antqcore.models import Area
from coordination.demo import coordination_demo_seed
from coordination.models import Agreement, AgreementStatus, Document, DocumentCitation, InspectingBody, Inspection
from units.demo import units_demo_seed

pytestmark = pytest.mark.django_db
STATS = "/api/v1/stats/"
PERIOD = {"from": "2014-08-15", "to": "2019-09-30"}
START, END = datetime.date(2014, 8, 15), datetime.date(2019, 9, 30)
# shared/seeds/seed-figures.csv, sections 2.2 and 2.3.
SEED_FIGURES = {
    "coordination.total": 66,
    "coordination.provincial_police": 22,
    "coordination.local_police": 44,
    "inspections.district_committees": 115,
    "inspections.standing_agency": 353,
}
SEED_DOCUMENTS = [
    ("07/CT-BCA-V28", "2014-08-15", "Bộ Công an"), ("1010/UBND-NC", "2018-04-04", "Chủ tịch UBND tỉnh Bắc Giang"),
    ("24/HD-HĐTĐKT", "2018-09-25", None), ("01/CTr-CA-MTTQ", "2014-01-08", None),
    ("03/QC-BCA-BYT", "2013-09-26", None), ("06/2015/TTLT/BCA-BGDĐT", "2015-08-28", None),
    ("03/QCPH-BCA-TLĐLĐ", "2017-09-12", None), ("03/2010/NQLT", "2010-06-24", None),
    ("06/2013/NĐ-CP", "2013-01-09", "Chính phủ"), ("23/2012/TT-BCA", "2012-04-27", "Bộ Công an"),
    ("193-NQ/HU", "2019-01-15", "Huyện ủy Yên Dũng"), ("779/UBND-VP", "2018-04-18", "UBND huyện Hiệp Hòa"),
    ("492/UBND-CA", "2018-06-04", "UBND huyện Yên Thế"),
]


def test_the_records_of_bac_giang_2014_2019_equal_the_seed_report(client):
    users = {u.username: u for u in demo_accounts_seed()}
    units_demo_seed()
    created = coordination_demo_seed()

    client.force_login(users["tinh"])
    r = client.get(STATS, {"area": "24", **PERIOD, "keys": ",".join(SEED_FIGURES)})
    assert r.status_code == 200
    assert r.json()["figures"] == SEED_FIGURES
    # Without keys, the endpoint serves the same numbers among every figure (and the inter-agency teams' count).
    everything = client.get(STATS, {"area": "24", **PERIOD}).json()["figures"]
    assert {k: v for k, v in everything.items() if k in SEED_FIGURES} == SEED_FIGURES
    assert everything["inspections.inter_agency"] > 0
    # Việt Yên's own share, as its officer asks for it.
    client.force_login(users["vietyen"])
    viet_yen = client.get(STATS, {"area": "222", **PERIOD, "keys": ",".join(SEED_FIGURES)}).json()["figures"]
    assert 0 < viet_yen["coordination.local_police"] < 44 and viet_yen["coordination.provincial_police"] == 0
    assert 0 < viet_yen["inspections.district_committees"] < 115

    # What the seed leaves out: expired and replaced agreements, one ending on the last day and one signed the day
    # after; inspections a day outside the period. The first and last days count.
    agreements = Agreement.objects.all()
    assert agreements.filter(status=AgreementStatus.REPLACED, replaced_by__isnull=False).count() >= 3
    assert agreements.filter(status=AgreementStatus.EXPIRED, ended_on__lt=END).exists()
    assert agreements.filter(ended_on=END).exists()
    assert agreements.filter(signed_on=END).exists()
    assert agreements.filter(signed_on__gt=END).exists()
    # Expired since: in force on 30/09/2019, so counted then.
    assert agreements.filter(status=AgreementStatus.EXPIRED, ended_on__gt=END).exists()
    inspections = Inspection.objects.all()
    assert inspections.filter(inspected_on=START - datetime.timedelta(days=1)).exists()
    assert inspections.filter(inspected_on=END + datetime.timedelta(days=1)).exists()
    assert inspections.filter(inspected_on=START).exists() and inspections.filter(inspected_on=END).exists()
    assert inspections.filter(inspecting_body=InspectingBody.INTER_AGENCY).count() >= 30

    # Spread over the years and the ten districts; each inspection in its unit's commune, of a unit operating then.
    counted = Inspection.objects.select_related("unit").filter(inspected_on__range=(START, END))
    assert set(counted.values_list("inspected_on__year", flat=True)) == set(range(2014, 2020))
    assert counted.values("area__parent").distinct().count() == 10
    assert all(i.area_id == i.unit.commune_id for i in counted)
    assert all(i.unit.started_on is None or i.unit.started_on <= i.inspected_on for i in counted)
    local = [a for a in agreements.select_related("area") if a.police_side == "local"]
    assert len({a.area.parent_id if a.area.level == "commune" else a.area_id for a in local}) == 10
    assert sum(1 for a in local if a.partner_unit_id) > 30
    with_unit = agreements.select_related("partner_unit__commune", "area").filter(partner_unit__isnull=False)
    # The partner unit lies in the agreement's area as the map was on the signing day (units sit on the communes of
    # the last old map; in 2019 some of them belonged to Yên Dũng, since merged into the city).
    def district_on(commune, day):
        return next((a for a in commune.ancestors_on(day) if a.level == "district"), commune.parent)

    def within(agreement):
        commune, area = agreement.partner_unit.commune, agreement.area
        if area.level == "commune":
            return commune.pk == area.pk
        if area.level == "district":
            return district_on(commune, agreement.signed_on) == area
        return commune.path.startswith(area.path)

    assert all(within(a) for a in with_unit)
    assert set(agreements.filter(police_side="provincial").values_list("area__level", flat=True)) == {"province"}
    partners = set(agreements.filter(police_side="provincial").values_list("partner_name", flat=True))
    assert {"Ủy ban MTTQ Việt Nam tỉnh Bắc Giang", "Sở Y tế tỉnh Bắc Giang", "Sở Giáo dục và Đào tạo tỉnh Bắc Giang",
            "Liên đoàn Lao động tỉnh Bắc Giang", "Tỉnh đoàn Bắc Giang"} <= partners
    # Audited from the start: each row has its "created" history.
    assert Agreement.history.filter(history_type="+").count() == agreements.count() == created["agreements"]
    assert Inspection.history.filter(history_type="+").count() == inspections.count() == created["inspections"]

    # The documents the seed names, as it writes them; the records cite them.
    for number, issued, issuer in SEED_DOCUMENTS:
        document = Document.objects.get(number=number)
        assert document.issued_on.isoformat() == issued
        if issuer:
            assert document.issuer == issuer
    # A district's document, in its district (Yên Dũng's in the city it was merged into, on a map without it).
    assert Document.objects.get(number="779/UBND-VP").area.code == "223"
    yen_dung = Area.objects.valid_on(END).filter(code="221", level="district").exists()
    assert Document.objects.get(number="193-NQ/HU").area.code == ("221" if yen_dung else "213")
    assert Document.objects.get(number="23/2012/TT-BCA").area.code == "24"
    mttq = Agreement.objects.get(number="01/CTr-CA-MTTQ")
    assert DocumentCitation.objects.filter(object_id=mttq.pk, content_type__model="agreement",
                                           document__number="01/CTr-CA-MTTQ").exists()
    assert Document.objects.get(number="07/CT-BCA-V28").citations.count() > 50
    # Searchable accents aside, though bulk-created (the documents' picker, the register's search).
    assert Document.objects.get(number="24/HD-HĐTĐKT").search_text.startswith("24/hd-hdtdkt khen thuong")

    # Seeding again adds nothing.
    counts = (Document.objects.count(), Agreement.objects.count(), Inspection.objects.count())
    assert coordination_demo_seed() == {"documents": 0, "agreements": 0, "inspections": 0, "citations": 0}
    assert (Document.objects.count(), Agreement.objects.count(), Inspection.objects.count()) == counts


def test_the_records_demo_is_registered_after_the_units_and_refused_by_production_settings(settings):
    names = [name for name, _seeder in demo_seeders()]
    assert names.index("units") < names.index("coordination")
    assert names.index("commendations") < names.index("coordination")
    settings.ANTQ_ALLOW_DEMO_DATA = False
    with pytest.raises(ImproperlyConfigured):
        coordination_demo_seed()
    assert not Agreement.objects.exists()
