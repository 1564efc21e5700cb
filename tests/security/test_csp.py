"""#12 item 3: stored XSS in the report preview, and a strict Content-Security-Policy on every page.

Every page says that only the site's own script files run (no inline script, no eval); no page of the main flows
needs inline script, inline event handlers or inline styles; the report preview is framed in a sandbox and, opened
on its own, sandboxes itself. The sandbox and the preview's policy are defence in depth: they must hold whatever the
report text lets through."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from antqcore.models import Role
from models_registry.models import ModelType
from models_registry.services import model_create
from reports.models import ReportNarrative, ReportSection
from reports.rendering import render_run_html
from tests.certification.helpers import campaign, recognize, walk_to_appraised
from tests.commendations.factories import make_commendation
from tests.conftest import make_user, sign_in
from tests.coordination.factories import make_agreement, make_document, make_inspection
from tests.incidents.helpers import make_incident
from tests.reports.web_helpers import make_run, small_template
from tests.units.factories import commune_of, make_unit

UNSAFE_SCRIPT_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "blob:", "http:",
                         "https:"}
# What a district officer may type into a narrative to attack whoever opens the report.
PAYLOAD = ('<script>top.__antq_xss = "script"; alert("script")</script>'
           '<img src="/static/none.png" onerror="top.__antq_xss = \'img\'; alert(\'img\')">')


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in response.get("Content-Security-Policy", "").split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def script_sources(directives: dict[str, list[str]]) -> list[str]:
    """What may run as script: script-src, or default-src where script-src is absent (the browser's fallback)."""
    return directives.get("script-src", directives.get("default-src", []))


def assert_strict(response, url: str):
    directives = policy(response)
    assert directives, f"{url} sends no Content-Security-Policy"
    scripts = script_sources(directives)
    assert scripts, f"{url}: the policy does not restrict scripts: {directives}"
    assert not UNSAFE_SCRIPT_SOURCES & set(scripts), f"{url}: script-src allows {scripts}"
    for directive in ("script-src-elem", "script-src-attr"):
        assert not UNSAFE_SCRIPT_SOURCES & set(directives.get(directive, [])), f"{url}: {directive} is loosened"
    styles = directives.get("style-src", directives.get("default-src", []))
    assert "'unsafe-inline'" not in styles, f"{url}: style-src allows inline styles"
    assert directives.get("object-src") == ["'none'"], f"{url}: plugins are not refused"
    assert directives.get("base-uri") in (["'self'"], ["'none'"]), f"{url}: <base> may point elsewhere"
    assert "frame-ancestors" in directives, f"{url}: another site may frame the page"


class InlineCode(HTMLParser):
    """Collects what a strict policy would refuse: inline scripts (other than JSON data blocks), event-handler
    attributes, javascript: URLs, and inline styles (style attributes and <style> blocks)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._open_script: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                    "javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")
            if name == "style":
                self.found.append(f"<{tag} style={value!r}>")
        if tag == "style":
            self.found.append("<style> block")
        if tag == "script" and "src" not in attributes and attributes.get("type") != "application/json":
            self._open_script = ""

    def handle_data(self, data):
        if self._open_script is not None:
            self._open_script += data

    def handle_endtag(self, tag):
        if tag == "script" and self._open_script is not None:
            self.found.append(f"<script>{self._open_script.strip()[:60]}…")
            self._open_script = None


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


@pytest.fixture
def world(db, province_staff):
    """One record of each registry in Việt Yên (in the province staff's scope), for their pages."""
    unit = make_unit("222", name="Công ty TNHH Quang Châu")
    participation = walk_to_appraised(unit)
    decision = recognize(participation)
    model = model_create(data={"name": "Tổ tự quản khu nhà trọ thôn Đông",
                               "type": ModelType.objects.get(code="boarding_house_team"), "area": commune_of("222"),
                               "established_on": datetime.date(2018, 1, 10), "members_count": 12},
                         participants=[unit])
    small_template()
    run = make_run(province_staff, area_code="222")
    return {
        "unit": unit, "campaign": campaign(), "participation": participation, "decision": decision, "model": model,
        "incident": make_incident(unit=unit), "commendation": make_commendation(unit=unit), "run": run,
        "document": make_document(), "agreement": make_agreement(unit=unit), "inspection": make_inspection(unit=unit),
        "template": run.template,
    }


def main_pages(world) -> list[str]:
    """The pages of the main flows: every list, form, detail and print page, with the records of `world`."""
    pk = {name: obj.pk for name, obj in world.items()}
    names = [
        "home", "password_change", "password_change_done",
        "units:list", "units:create", "units:zones", "units:import",
        "certification:campaigns", "certification:campaign_create",
        "models_registry:list", "models_registry:create", "models_registry:bulletin", "models_registry:import",
        "incidents:list", "incidents:create", "incidents:import",
        "commendations:list", "commendations:create", "commendations:import",
        "tallies:summary", "tallies:entry", "tallies:import",
        "coordination:document_list", "coordination:document_create", "coordination:agreement_list",
        "coordination:agreement_create", "coordination:inspection_list", "coordination:inspection_create",
        "reports:list", "reports:create", "reports:templates",
    ]
    urls = [reverse(name) for name in names]
    with_pk = {
        "unit": ["units:detail", "units:update", "units:delete", "units:guard_force", "units:fire_team",
                 "certification:criticize"],
        "campaign": ["certification:board", "certification:register", "certification:bulk_decision"],
        "participation": ["certification:participation"],
        "decision": ["certification:decision"],
        "model": ["models_registry:detail", "models_registry:update", "models_registry:eliminate",
                  "models_registry:activity_create", "models_registry:review_create"],
        "incident": ["incidents:detail", "incidents:update", "incidents:delete"],
        "commendation": ["commendations:detail", "commendations:update", "commendations:delete"],
        "document": ["coordination:document_detail", "coordination:document_update", "coordination:document_delete"],
        "agreement": ["coordination:agreement_detail", "coordination:agreement_update",
                      "coordination:agreement_delete"],
        "inspection": ["coordination:inspection_detail", "coordination:inspection_update",
                       "coordination:inspection_delete"],
        "run": ["reports:detail", "reports:narrative", "reports:compare"],
        "template": ["reports:template_edit"],
    }
    for record, page_names in with_pk.items():
        urls += [reverse(name, args=[pk[record]]) for name in page_names]
    return urls


def test_every_kind_of_page_sends_a_policy_that_runs_only_the_sites_script_files(client, province_staff,
                                                                               admin_user):
    unit = make_unit("222")
    pages = {  # page: who opens it (None: nobody signed in)
        reverse("login"): None,
        reverse("home"): province_staff,
        reverse("units:list"): province_staff,
        reverse("units:create"): province_staff,
        reverse("units:detail", args=[unit.pk]): province_staff,
        reverse("units:detail", args=[unit.pk + 1000]): province_staff,  # a 404
        "/no-such-page/": None,  # a 404 outside every app
        reverse("swagger-ui"): province_staff,
        reverse("admin:index"): admin_user,
        reverse("admin:units_unit_changelist"): admin_user,
        reverse("api:unit-list"): province_staff,
    }
    for url, user in pages.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url, HTTP_ACCEPT="text/html")
        assert response.status_code in (200, 404), (url, response.status_code)
        assert_strict(response, url)


def test_no_page_of_the_main_flows_needs_inline_script_handlers_or_styles(client, province_staff, world):
    client.force_login(province_staff)
    offences = {}
    for url in main_pages(world):
        response = client.get(url, follow=True)
        assert response.status_code == 200, (url, response.status_code)
        found = inline_code(response.content.decode())
        if found:
            offences[url] = found
    client.logout()
    login = client.get(reverse("login"))
    if inline_code(login.content.decode()):
        offences[reverse("login")] = inline_code(login.content.decode())
    assert not offences, offences


def test_the_api_documentation_loads_its_script_from_a_file(client, province_staff):
    client.force_login(province_staff)
    page = client.get(reverse("swagger-ui"))
    assert page.status_code == 200
    assert not [f for f in inline_code(page.content.decode()) if f.startswith("<script")]
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', page.content.decode())
    own = [src for src in scripts if src.startswith(reverse("swagger-ui"))]
    assert own, scripts  # the initialising script is served by the same view, as a file
    init = client.get(own[0])
    assert init.status_code == 200
    assert "SwaggerUIBundle" in init.content.decode()


def test_the_run_page_frames_the_preview_in_a_sandbox_that_runs_nothing(client, province_staff):
    small_template()
    run = make_run(province_staff)
    client.force_login(province_staff)
    html = client.get(reverse("reports:detail", args=[run.pk])).content.decode()
    frame = re.search(r"<iframe[^>]*>", html)
    assert frame, "the run page shows no preview"
    tag = frame.group(0)
    assert reverse("reports:preview", args=[run.pk]) in tag
    sandbox = re.search(r'\ssandbox(?:="([^"]*)")?', tag)
    assert sandbox, f"the preview frame is not sandboxed: {tag}"
    tokens = set((sandbox.group(1) or "").split())
    assert not tokens & {"allow-scripts", "allow-same-origin", "allow-top-navigation", "allow-popups",
                         "allow-forms", "allow-modals"}, tokens


def test_the_preview_sandboxes_itself_when_opened_on_its_own(client, province_staff, settings):
    settings.X_FRAME_OPTIONS = "DENY"  # as in production
    small_template()
    run = make_run(province_staff)
    client.force_login(province_staff)
    response = client.get(reverse("reports:preview", args=[run.pk]))
    assert response.status_code == 200
    directives = policy(response)
    assert "sandbox" in directives, response.get("Content-Security-Policy")
    assert not {"allow-scripts", "allow-same-origin"} & set(directives["sandbox"])
    assert directives.get("default-src") == ["'none'"]
    assert script_sources(directives) == ["'none'"]
    assert not {"'unsafe-inline'", "'unsafe-eval'"} & set(directives.get("style-src", []))
    # The run page may frame it; nobody else may.
    assert directives.get("frame-ancestors") == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # Every other page keeps refusing to be framed.
    other = client.get(reverse("reports:detail", args=[run.pk]))
    assert other["X-Frame-Options"] == "DENY"
    assert policy(other).get("frame-ancestors") == ["'none'"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_script_written_into_a_narrative_runs_neither_on_the_run_page_nor_in_the_preview(page, areas, monkeypatch,
                                                                                         csp_violations):
    officer = make_user("vietyen", Role.DISTRICT_OFFICER, "222")
    make_user("tinh", Role.PROVINCE_STAFF, "24")
    small_template()
    run = make_run(officer, area_code="222")
    section = ReportSection.objects.get(template=run.template, key="ii-assessment")
    # Stored as the database may hold it, whether or not today's checks would let the officer save it.
    ReportNarrative.objects.update_or_create(run=run, section_key=section.key,
                                             defaults={"text": f"Đánh giá chung. {PAYLOAD}"})

    # Defence in depth: the preview as if the report's text layer had let the officer's markup through as it is
    # (not escaped, not sanitised). The frame's sandbox and the preview's own policy must hold on their own.
    def leaky_render(run, **options):
        document = render_run_html(run, **options)
        return document.replace("</body>", f'<div id="leaked">{PAYLOAD}</div></body>', 1)

    monkeypatch.setattr("reports.views.render_run_html", leaky_render)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    sign_in(page, "tinh", "pw-tinh")
    page.goto(reverse("reports:detail", args=[run.pk]))
    preview = page.frame_locator("#report-preview")
    expect(preview.locator("#section-ii-assessment")).to_contain_text("Đánh giá chung.")
    expect(preview.locator("#leaked img")).to_have_count(1)  # the markup is there, and inert
    page.wait_for_timeout(500)  # time for the image's error handler to fire
    assert dialogs == []
    assert page.evaluate("window.__antq_xss") is None

    preview_url = reverse("reports:preview", args=[run.pk])
    page.goto(preview_url)  # the preview opened on its own, as a link to it would open it
    expect(page.locator("#leaked img")).to_have_count(1)
    page.wait_for_timeout(500)
    assert dialogs == []
    assert page.evaluate("window.__antq_xss") is None

    # The preview's policy may refuse the attacker's code: those refusals are expected. The site's own code causes
    # none anywhere, and the document's own stylesheet is applied (the page fixture fails on any other violation).
    payload_refusal = re.compile(r": (Executing inline (script|event handler)|Loading the script|Refused to execute)")
    for refusal in [v for v in csp_violations if preview_url in v and payload_refusal.search(v)]:
        csp_violations.remove(refusal)
