"""The home page's dashboard opens on today: the current year for an area of today's map, what is late in the
campaign under way (not an old campaign in its place), and "Chưa có số liệu" (no data yet) where nothing was
recorded, instead of a row of zeros and flat charts; another year may still be chosen."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.certification.helpers import campaign
from tests.incidents.helpers import make_incident
from tests.units.factories import make_unit

pytestmark = [pytest.mark.django_db]
D = datetime.date
NO_DATA = "Chưa có số liệu"


@pytest.fixture
def today():
    return timezone.localdate()


def home(client, user, **query) -> str:
    client.force_login(user)
    return client.get("/", query).content.decode()


def cards(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-key="([\w.]+)"><div class="card-body p-2">\s*'
                           r'<a class="display-6[^"]*" href="[^"]*"[^>]*>([^<]*)<', html))


def section(html: str, start: str, end: str | None = None) -> str:
    html = html[html.index(start):]
    return html[:html.index(end)] if end else html


def test_the_dashboard_opens_on_the_current_year_up_to_today(client, bac_ninh_staff, today):
    html = home(client, bac_ninh_staff)
    assert f'<option value="{today.year}" selected>' in html
    assert f"01/01/{today.year} – {today:%d/%m/%Y}" in html


def test_a_year_without_records_says_no_data_yet_instead_of_zeros(client, bac_ninh_staff, today):
    html = home(client, bac_ninh_staff)
    figures = cards(section(html, 'id="key-figures"', 'id="late"'))
    # The areas are there; nothing of the registries is shown as a zero.
    assert set(figures) == {"context.units", "context.districts", "context.communes"}
    assert NO_DATA in section(html, 'id="key-figures"', 'id="late"')
    charts = section(html, 'id="charts-by-year"')
    assert charts.count("<svg") == 3 and charts.count(NO_DATA) == 6  # each drawing's, and its phone version's
    assert "<rect" not in charts and "<polyline" not in charts  # no flat bars or lines
    assert f"{today.year - 4} – {today.year}" in charts


def test_a_record_of_today_brings_the_figures_and_the_charts(client, bac_ninh_staff, today):
    unit = make_unit("222", name="Công ty TNHH Siflex Việt Nam")
    make_incident("violation", unit=unit, workers=2,
                  occurred_at=timezone.localtime().replace(second=0, microsecond=0))
    html = home(client, bac_ninh_staff)
    figures = cards(section(html, 'id="key-figures"', 'id="late"'))
    assert figures["incidents.violations"] == "1" and figures["commendations.collective"] == "0"
    assert 'id="no-records"' not in html
    charts = section(html, 'id="charts-by-year"')
    violations = section(charts, 'data-key="incidents.violations"', "</svg>")
    assert NO_DATA not in violations and "<rect" in violations
    assert NO_DATA in section(charts, 'data-key="commendations.collective"', "</svg>")


def test_the_late_panel_shows_the_campaign_under_way_not_an_old_one(client, bac_ninh_staff, today):
    campaign(2019)
    late = section(home(client, bac_ninh_staff), 'id="late-registration"', 'id="late-models"')
    assert "2019" not in late and "Chưa có đợt công nhận của năm này." in late

    current = campaign(today.year)
    make_unit("222", name="Công ty TNHH Siflex Việt Nam")
    late = section(home(client, bac_ninh_staff), 'id="late-registration"', 'id="late-models"')
    assert f"/certification/campaigns/{current.pk}/register/" in late and ">1<" in late


def test_another_year_may_still_be_chosen(client, bac_ninh_staff):
    campaign(2019)
    html = home(client, bac_ninh_staff, year="2019")
    assert '<option value="2019" selected>' in html and "01/01/2019 – 31/12/2019" in html
    late = section(html, 'id="late-registration"', 'id="late-models"')
    assert f"{campaign(2019).registration_deadline:%d/%m/%Y}" in late
