"""No page offers what its reader's role cannot open: for every role, every link and every form of the home page and
of each list and record page, opened with GET, never answers 403 (antqcore.permissions: the page and the link follow
one rule)."""

import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from antqcore.models import Role
from certification.services import participation_register
from tests.certification.helpers import campaign
from tests.commendations.factories import make_commendation
from tests.conftest import make_user
from tests.coordination.factories import make_agreement, make_document, make_inspection
from tests.incidents.helpers import make_incident
from tests.models_registry.test_views import make_model
from tests.reports.helpers_core import make_run
from tests.units.factories import commune_of, make_unit

pytestmark = pytest.mark.django_db

# Leaving the site, or leaving the session: not links to pages.
NOT_PAGES = ("/accounts/logout/", "/i18n/", "/static/", "/media/", "/admin/logout/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        url = dict(attrs).get({"a": "href", "form": "action"}.get(tag, ""))
        if url and url.startswith("/") and not url.startswith("//") and not url.startswith(NOT_PAGES):
            self.urls.append(url)


def links_of(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.urls


@pytest.fixture
def pages(db):
    unit = make_unit("222")
    participation = participation_register(campaign=campaign(2019), unit=unit, actor=None,
                                           on=datetime.date(2019, 2, 1))
    run = make_run(commune_of("222"))  # a report every reader sees
    return [
        "/", reverse("units:list"), reverse("units:detail", args=[unit.pk]), reverse("units:zones"),
        reverse("incidents:list"), reverse("incidents:detail", args=[make_incident(unit=unit).pk]),
        reverse("commendations:list"), reverse("commendations:detail", args=[make_commendation(unit=unit).pk]),
        reverse("models_registry:list"), reverse("models_registry:detail", args=[make_model().pk]),
        reverse("coordination:document_list"), reverse("coordination:document_detail", args=[make_document().pk]),
        reverse("coordination:agreement_list"),
        reverse("coordination:agreement_detail", args=[make_agreement(unit=unit).pk]),
        reverse("coordination:inspection_list"),
        reverse("coordination:inspection_detail", args=[make_inspection(unit=unit).pk]),
        reverse("certification:campaigns"), reverse("certification:board", args=[participation.campaign_id]),
        reverse("certification:participation", args=[participation.pk]),
        reverse("tallies:summary"), reverse("tallies:values"),
        reverse("reports:list"), reverse("reports:detail", args=[run.pk]),
    ]


@pytest.fixture
def readers(province_staff, district_officer, viewer, admin_user):
    commune_officer = make_user("xa", Role.COMMUNE_OFFICER, None)
    commune_officer.scope_area = commune_of("222")
    commune_officer.save()
    return [province_staff, district_officer, commune_officer, viewer, admin_user]


def test_no_page_offers_a_link_its_reader_would_be_refused(client, pages, readers):
    refused = []
    for user in readers:
        client.force_login(user)
        opened = set()
        for page in pages:
            r = client.get(page)
            if r.status_code == 404:  # a record outside the reader's area (the district's agreement for a commune)
                continue
            assert r.status_code == 200, (user.username, page, r.status_code)
            for url in links_of(r.content.decode()):
                # The records behind a figure are one page whatever the figure: opened once per reader.
                key = urlsplit(url).path if url.startswith(reverse("figure_records")) else url
                if key in opened:
                    continue
                opened.add(key)
                if client.get(url).status_code == 403:
                    refused.append(f"{user.username} ({user.role}) on {page}: {url}")
    assert not refused, "\n".join(refused)
