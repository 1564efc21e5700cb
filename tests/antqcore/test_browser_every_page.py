"""The "done when" of #19 in a real Chromium: every page each role can reach, on a desktop (1366×768) and on a phone
(390×844), has no serious or critical accessibility violation (axe-core), no page is wider than the screen, and no
link a page offers answers with an error (a 403 is a link the role should not have been offered).

Each role's pages are found as the role finds them: from the home page, following the site's links breadth first.
Pages of one URL pattern count once (1.000 units' pages are one page). Not followed: logging out, the language
switch, downloads (Excel, PDF, JSON), the API and its docs, and the admin beyond its index and one list. A handful
of records makes every detail page exist, made with the services as a user would. The page fixture's
Content-Security-Policy check holds here too: axe is given as an init script, not added as a <script>."""

import datetime
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from queue import Empty, SimpleQueue
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from antqcore.models import AreaSuccession, Role, User
from certification.criteria_data import criteria_load
from incidents.reference_data import incident_types_load
from models_registry.models import ModelType
from models_registry.reference_data import reference_load
from models_registry.services import model_create
from reports.template_data import report_templates_load
from tallies.catalogue import catalogue_load
from tests.browser_axe import axe_preload, axe_violations, describe
from tests.certification.helpers import recognize, walk_to_appraised
from tests.commendations.factories import make_commendation
from tests.conftest import area, chromium_launch, csp_watch, make_user, sign_in
from tests.coordination.factories import make_agreement, make_document, make_inspection
from tests.incidents.helpers import make_incident
from tests.reports.helpers_core import make_run
from tests.tallies.helpers import save
from tests.units.factories import make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
VIEWPORTS = {"desktop": {"viewport": {"width": 1366, "height": 768}}, "phone": PHONE}
# More distinct pages than any role has (about 70): reaching it means the deduplication broke, not a bigger site.
MAX_PAGES = 120
BROWSERS = 4  # crawls at a time, each in its browser
SKIPPED_PREFIXES = ("/api/", "/accounts/logout/", "/i18n/", "/jsi18n/", "/static/", "/media/", "/metrics",
                    "/healthz", "/favicon.ico")
ADMIN_PAGES = {"index", "changelist"}  # the admin's index and one list (its pages are Django's own)


def records():
    """One record of each registry in Việt Yên (district 222 of 2019), and who may see them: the users of every
    role, each with password "pw-<username>"."""
    for load in (criteria_load, incident_types_load, reference_load, catalogue_load, report_templates_load):
        load()  # a transactional test starts from an empty database: the shipped data, as its migrations load it
    unit = make_unit("222", name="Công ty TNHH Kiểm thử Việt Yên")
    officer = make_user("vietyen", Role.DISTRICT_OFFICER, "222")
    today = datetime.date.today()
    # Commune police of the two-tier map: the commune that took over the unit's commune on 01/07/2025.
    commune = AreaSuccession.objects.get(predecessor=unit.commune, is_default=True).successor
    User.objects.create_user("xa", password="pw-xa", role=Role.DISTRICT_OFFICER, scope_area=commune)
    User.objects.create_user("bacninh", password="pw-bacninh", role=Role.PROVINCE_STAFF,
                             scope_area=area("24", on=today))
    make_user("xem", Role.VIEWER, "24")
    User.objects.create_superuser("admin", password="pw-admin", role=Role.ADMIN)

    make_incident(unit=unit, user=officer)
    make_commendation(unit)
    make_agreement(unit)
    make_inspection(unit)
    make_document()
    model_create(data={"name": "Tổ tự quản an ninh trật tự", "area": unit.commune, "host_unit": unit,
                       "type": ModelType.objects.get(code="self_managed"),
                       "established_on": datetime.date(2018, 1, 10)})
    recognize(walk_to_appraised(unit))  # a campaign, a participation and the decision with its printable list
    save(officer, "ca-222", "2019-Q3", sessions=5, leaflets=1200)
    make_run(area("24"))
    return ["admin", "bacninh", "vietyen", "xa", "xem"]


def page_key(path: str) -> str | None:
    """The URL pattern a path is an instance of, or None for a path the crawl does not follow."""
    if path.startswith(SKIPPED_PREFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return path  # a link to nothing: visited, so that its 404 is reported
    if path.startswith("/admin/"):
        kind = match.url_name.rsplit("_", 1)[-1] if match.url_name else ""
        return f"admin:{kind}" if kind in ADMIN_PAGES else None
    return match.route


class Crawl:
    """The pages one role reaches at one viewport, breadth first from the home page, and what is wrong with them."""

    def __init__(self, page, role: str, viewport: str):
        self.page, self.role, self.viewport = page, role, viewport
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
        self.pages: list[str] = []  # the HTML pages, in the order found
        self.problems: list[tuple[str, str]] = []  # (path, what is wrong)

    def links(self) -> list[str]:
        # getAttribute, not .href: an SVG link's href is an object
        hrefs = self.page.eval_on_selector_all(
            "a[href]", "links => links.map(a => new URL(a.getAttribute('href'), document.baseURI).href)")
        paths = []
        for href in hrefs:
            url = urlsplit(href)
            if f"{url.scheme}://{url.netloc}" == self.origin and url.path:
                paths.append(url.path + (f"?{url.query}" if url.query else ""))
        return paths

    def visit(self, path: str, found_on: str) -> bool:
        """Opens the page and notes its problems. True when it is an HTML page of the site."""
        try:
            response = self.page.goto(path)
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):
                return False
            raise
        if response is None or response.status >= 400:
            status = response.status if response else "no response"
            self.problems.append((path, f"answered {status} (a link on {found_on})"))
            return False
        if not (response.headers.get("content-type") or "").startswith("text/html"):
            return False
        self.problems += [(path, line) for line in describe(axe_violations(self.page))]
        # Nothing wider than the screen, on a desktop too (the menu of the province's staff was 1.520 px); a phone
        # lays out a page without a viewport meta 980 px wide, shrunk: unreadable though "not wider".
        scroll_width, inner_width = self.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if inner_width != VIEWPORTS[self.viewport]["viewport"]["width"]:
            self.problems.append((path, f"laid out {inner_width} px wide: no viewport meta?"))
        elif scroll_width > inner_width:
            self.problems.append((path, f"{scroll_width} px wide on a {inner_width} px screen"))
        return True

    def run(self):
        seen = {page_key("/")}
        queue = deque([("/", "")])
        while queue:
            path, found_on = queue.popleft()
            if len(self.pages) >= MAX_PAGES:
                pytest.fail(f"{self.role}: more than {MAX_PAGES} distinct pages (is {path} a new pattern each time?)",
                            pytrace=False)
            if not self.visit(path, found_on):
                continue
            self.pages.append(path)
            for link in self.links():
                key = page_key(urlsplit(link).path)
                if key is not None and key not in seen:
                    seen.add(key)
                    queue.append((link, path))


def crawl_jobs(browser, base_url: str, jobs: SimpleQueue, csp_violations: list) -> list[Crawl]:
    """Crawls (role, viewport) after (role, viewport) from the shared queue, each in a context of its own, until
    none is left."""
    crawls = []
    while True:
        try:
            role, viewport = jobs.get_nowait()
        except Empty:
            return crawls
        context = browser.new_context(locale="vi-VN", base_url=base_url, **VIEWPORTS[viewport])
        csp_watch(context, csp_violations)
        axe_preload(context)  # evaluating axe again on each of the 540 pages took a third of the time axe takes
        page = context.new_page()
        sign_in(page, role, f"pw-{role}")
        crawl = Crawl(page, role, viewport)
        crawl.run()
        context.close()
        crawls.append(crawl)


def crawl_in_own_browser(*args) -> list[Crawl]:
    """The same in a browser of this thread's own (Playwright's sync API is one instance per thread)."""
    with sync_playwright() as p:
        browser = chromium_launch(p)
        try:
            return crawl_jobs(browser, *args)
        finally:
            browser.close()


def report(crawls: list[Crawl]) -> list[str]:
    """The problems, each once with the roles and viewports that met it: 5 roles × 2 viewports of the same form
    are one line to fix."""
    who: dict[tuple[str, str], list[str]] = {}
    for crawl in crawls:
        for path, problem in crawl.problems:
            who.setdefault((path, problem), []).append(f"{crawl.role}/{crawl.viewport}")
    return [f"{path}: {problem} [{', '.join(names)}]" for (path, problem), names in who.items()]


def test_every_page_of_every_role_is_accessible_and_fits_a_phone(browser, live_server, areas, csp_violations):
    roles = records()
    jobs = SimpleQueue()
    for role in roles:
        for viewport in VIEWPORTS:
            jobs.put((role, viewport))
    # The 10 crawls, BROWSERS at a time, each browser taking the next when done: a crawl mostly waits (for the
    # server, for the browser), and the live server answers them all (one thread per request).
    with ThreadPoolExecutor(max_workers=BROWSERS - 1) as pool:
        others = [pool.submit(crawl_in_own_browser, live_server.url, jobs, csp_violations)
                  for _ in range(BROWSERS - 1)]
        crawls = crawl_jobs(browser, live_server.url, jobs, csp_violations)
        crawls += [crawl for other in others for crawl in other.result()]
    assert {(crawl.role, crawl.viewport) for crawl in crawls} == {(r, v) for r in roles for v in VIEWPORTS}
    for crawl in crawls:
        assert len(crawl.pages) > 10, f"{crawl.role} ({crawl.viewport}) reached only {crawl.pages}"
    assert not csp_violations, "The pages broke their Content-Security-Policy:\n" + "\n".join(csp_violations)
    problems = report(crawls)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
