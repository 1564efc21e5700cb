"""The tallies' summary opens on the current year and says "Chưa có số liệu" (no data yet) when no value was reported
for it, instead of 62 figures at zero; another period may still be asked for."""

import pytest
from django.utils import timezone

from .helpers import catalogue, save  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]
SUMMARY = "/activities/tallies/"


def test_the_summary_opens_on_this_year_and_says_no_data_yet(client, province_staff):
    save(province_staff, "ca-222", "2019-Q3", sessions=120)
    client.force_login(province_staff)
    html = client.get(SUMMARY).content.decode()
    year = timezone.localdate().year
    assert f'value="01/01/{year}"' in html and f'value="31/12/{year}"' in html
    assert "Chưa có số liệu" in html and 'id="no-data"' in html
    assert 'id="summary-figures"' not in html and 'data-key="propaganda.sessions"' not in html


def test_a_period_with_values_shows_the_figures(client, province_staff):
    save(province_staff, "ca-222", "2019-Q3", sessions=120)
    client.force_login(province_staff)
    html = client.get(SUMMARY, {"date_from": "01/01/2019", "date_to": "31/12/2019"}).content.decode()
    assert 'id="no-data"' not in html and 'id="summary-figures"' in html
    assert 'data-key="propaganda.sessions"' in html
