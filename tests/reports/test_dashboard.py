"""The home page as a dashboard: the figures of the user's area for a chosen year, charts by year and by district,
and what is late (units not registered for certification, models on paper only, periodic reports not written)."""

import datetime
import re

import pytest

from antqcore.stats import figures_compute
from models_registry.models import ModelType
from models_registry.services import model_create
from reports.dashboard import KEY_FIGURES, last_complete_periods
from reports.models import ReportRun
from tests.certification.helpers import campaign
from tests.conftest import area
from tests.reports.web_helpers import (
    make_run,
    small_template,
)
from tests.units.factories import commune_of, make_unit

pytestmark = [pytest.mark.django_db]
D = datetime.date


@pytest.fixture
def records():
    """Three units and a model on paper only in Việt Yên, one unit in Lục Nam."""
    units = [make_unit("222", name=f"Công ty Việt Yên {i}") for i in range(3)]
    make_unit("218", name="Công ty Lục Nam")
    model_create(data={"name": "Tổ tự quản thôn Đông", "type": ModelType.objects.get(code="boarding_house_team"),
                       "area": commune_of("222"), "established_on": D(2019, 3, 1), "members_count": 12})
    return units


def card(html: str, key: str) -> str:
    match = re.search(rf'data-key="{re.escape(key)}"><div class="card-body p-2">\s*'
                      r'<a class="display-6[^"]*" href="[^"]*"[^>]*>([^<]*)<', html)
    assert match, key
    return match.group(1)


def test_a_district_officer_sees_the_figures_of_the_district_for_the_year(client, records, district_officer):
    client.force_login(district_officer)
    html = client.get("/", {"year": "2019"}).content.decode()
    assert "Số liệu năm 2019" in html and "01/01/2019 – 31/12/2019" in html
    assert card(html, "context.units") == "3"
    assert card(html, "models.formalistic") == "1"
    assert "Cơ quan, doanh nghiệp, nhà trường" in html
    # A district has no chart by district; the charts by year cover 2015-2019.
    assert 'id="charts-by-district"' not in html
    charts = html[html.index('id="charts-by-year"'):]
    assert charts.count("<svg") == 3 and "2015" in charts and "2019" in charts


def test_the_cards_print_what_the_statistics_registry_computes(client, records, province_staff):
    client.force_login(province_staff)
    html = client.get("/", {"year": "2019"}).content.decode()
    expected = figures_compute(area=area("24"), start=D(2019, 1, 1), end=D(2019, 12, 31), keys=KEY_FIGURES)
    for key, value in expected.items():
        assert card(html, key) == f"{value:,}".replace(",", "."), key
    assert card(html, "context.districts") == "10"


def test_province_staff_see_each_district_on_the_charts(client, records, province_staff):
    client.force_login(province_staff)
    html = client.get("/", {"year": "2019"}).content.decode()
    charts = html[html.index('id="charts-by-district"'):]
    units_box = charts[charts.index('data-key="context.units"'):]
    units_chart = units_box[:units_box.index("</svg>")]
    assert area("222").short_name in units_chart and area("218").short_name in units_chart
    assert units_chart.count("<rect") == 10  # one bar per district of Bắc Giang in 2019
    # A phone shows the same numbers as a table instead of the drawing.
    table = units_box[units_box.index('chart-table'):units_box.index("</table>")]
    assert table.count('<th scope="row"') == 10 and area("222").short_name in table
    assert "http://" not in html and "https://" not in html


def test_the_year_is_chosen_from_a_list(client, province_staff):
    client.force_login(province_staff)
    html = client.get("/", {"year": "2019"}).content.decode()
    assert '<option value="2019" selected>' in html
    # Bắc Giang belongs to the old map: its last year is 2025, and a year it never had falls back to it.
    html = client.get("/", {"year": "2031"}).content.decode()
    assert '<option value="2025" selected>' in html and "01/01/2025 – 30/06/2025" in html


def test_units_not_registered_for_the_campaign_are_counted(client, records, district_officer):
    from certification.services import participation_register

    participation_register(campaign=campaign(2019), unit=records[0], actor=None, on=D(2019, 2, 1))
    client.force_login(district_officer)
    html = client.get("/", {"year": "2019"}).content.decode()
    late = html[html.index('id="late-registration"'):html.index('id="late-models"')]
    assert ">2<" in late and "Đăng ký đơn vị" in late, late
    assert f"/certification/campaigns/{campaign(2019).pk}/register/" in late


def test_reports_due_are_the_periods_without_a_report(client, province_staff):
    small_template("quarterly")
    # Bắc Giang of the old map ended on 30/06/2025: its last quarter is Q2 2025, its last half-year the first half of
    # 2025, its last year 2024.
    assert [(k, s, e) for k, s, e in last_complete_periods(area("24"), D(2026, 3, 1))] == [
        ("quarterly", D(2025, 4, 1), D(2025, 6, 30)), ("half-year", D(2025, 1, 1), D(2025, 6, 30)),
        ("annual", D(2024, 1, 1), D(2024, 12, 31))]
    client.force_login(province_staff)
    late = client.get("/").content.decode()
    late = late[late.index('id="late-reports"'):]
    assert "Quý II/2025" in late and "6 tháng đầu năm 2025" in late and "Năm 2024" in late
    assert "/reports/new/?kind=quarterly" in late

    make_run(province_staff, "24", kind="quarterly", period=(D(2025, 4, 1), D(2025, 6, 30)), done=False)
    late = client.get("/").content.decode()
    late = late[late.index('id="late-reports"'):]
    assert "Quý II/2025" not in late and "Năm 2024" in late
    assert ReportRun.objects.count() == 1


def test_the_dashboard_costs_a_bounded_number_of_queries(client, records, province_staff, settings,
                                                         django_assert_max_num_queries):
    settings.ANTQ_FIGURE_CACHE = False  # the computation itself, not the cache
    client.force_login(province_staff)
    client.get("/", {"year": "2019"})  # warm the per-process caches (registry configuration...)
    # One computation for the year, one per year charted (5) and one per district (10): 88 queries for Bắc Giang.
    with django_assert_max_num_queries(100):
        client.get("/", {"year": "2019"})


def test_an_account_without_an_area_gets_no_dashboard(client, admin_user):
    client.force_login(admin_user)
    html = client.get("/").content.decode()
    assert 'id="dashboard"' not in html and "Bạn được xem dữ liệu của mọi địa bàn" in html


def test_a_dashboard_shown_again_with_no_write_is_neither_counted_nor_drawn(client, records, province_staff,
                                                                            monkeypatch, django_assert_max_num_queries):
    from reports import dashboard

    client.force_login(province_staff)
    before = client.get("/", {"year": "2019"}).content.decode()
    drawn = []
    monkeypatch.setattr(dashboard, "bar_chart_svg", lambda *a, **k: drawn.append(a) or "<svg></svg>")
    with django_assert_max_num_queries(12):  # the session, the user, the versions, the reports due
        again = client.get("/", {"year": "2019"}).content.decode()
    assert drawn == [] and card(again, "context.units") == card(before, "context.units") == "4"
    # A write anywhere shows at once: a new unit of Việt Yên.
    make_unit("222", name="Công ty Việt Yên mới")
    after = client.get("/", {"year": "2019"}).content.decode()
    assert card(after, "context.units") == "5" and drawn
