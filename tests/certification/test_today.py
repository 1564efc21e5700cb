"""The certification pages of today: the campaigns page names the campaign under way on today's date (or says that
none was opened for this year, not an older one in its place), and a campaign nobody registered for says "Chưa có số
liệu" (no data yet) instead of a row of zero counts."""

import pytest
from django.utils import timezone

from tests.units.factories import make_unit

from .helpers import campaign

pytestmark = pytest.mark.django_db


def current_card(html: str, scheme: str = "An toàn về ANTT") -> str:
    """The card of a scheme in the "under way" row of the campaigns page."""
    block = html[html.index('id="current-campaigns"'):html.index('id="campaigns"')]
    return next(card for card in block.split('class="col-md-6"')[1:] if scheme in card)


def test_the_campaigns_page_says_when_this_years_campaign_is_not_opened(client, province_staff):
    campaign(2019)
    client.force_login(province_staff)
    card = current_card(client.get("/certification/").content.decode())
    year = timezone.localdate().year
    assert "Chưa có số liệu" in card and str(year) in card and "2019" not in card


def test_the_campaigns_page_leads_to_the_campaign_under_way(client, province_staff):
    campaign(2019)
    current = campaign(timezone.localdate().year)
    client.force_login(province_staff)
    card = current_card(client.get("/certification/").content.decode())
    assert f"/certification/campaigns/{current.pk}/" in card and "Chưa có số liệu" not in card


def test_a_campaign_without_registrations_says_no_data_yet(client, province_staff):
    from certification.services import participation_register

    current = campaign(timezone.localdate().year)
    client.force_login(province_staff)
    html = client.get(f"/certification/campaigns/{current.pk}/").content.decode()
    assert 'id="no-participations"' in html and "Chưa có số liệu" in html and 'id="status-counts"' not in html

    participation_register(campaign=current, unit=make_unit("222"), actor=None)
    html = client.get(f"/certification/campaigns/{current.pk}/").content.decode()
    assert 'id="no-participations"' not in html and 'id="status-counts"' in html
