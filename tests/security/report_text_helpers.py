"""What staff do with report texts, as the browser and an API client do it, for the report-language tests: a
template's editor (province staff), a run's narrative editor (its writer) and the narratives' PUT of the API."""

from django.urls import reverse

from reports.models import ReportNarrative, ReportRun, ReportSection, ReportTemplate
from tests.conftest import client_for

NARRATIVE_KEY = "ii-assessment"  # the first narrative section of tests.reports.web_helpers.small_template
BODY_KEY = "i-context"  # its section written from the figures


def template_post(template: ReportTemplate, **changes) -> dict:
    """The template editor's form as the browser sends it, with `changes` (e.g. {"sections-0-body": ...})."""
    sections = list(template.sections.order_by("order"))
    data = {"template-name": template.name, "template-title": template.title, "template-subtitle": template.subtitle,
            "template-closing": template.closing, "sections-TOTAL_FORMS": len(sections),
            "sections-INITIAL_FORMS": len(sections), "sections-MIN_NUM_FORMS": 0, "sections-MAX_NUM_FORMS": 1000}
    for i, s in enumerate(sections):
        data |= {f"sections-{i}-id": s.pk, f"sections-{i}-template": template.pk, f"sections-{i}-order": s.order,
                 f"sections-{i}-key": s.key, f"sections-{i}-level": s.level, f"sections-{i}-heading": s.heading,
                 f"sections-{i}-body": s.body}
        if s.narrative:
            data[f"sections-{i}-narrative"] = "on"
    return data | changes


def edit_template_section(client, template: ReportTemplate, body: str):
    """Province staff change the first section's body in the template editor."""
    return client.post(reverse("reports:template_edit", args=[template.pk]),
                       template_post(template, **{"sections-0-body": body}))


def section_body(template: ReportTemplate) -> str:
    return ReportSection.objects.get(template=template, key=BODY_KEY).body


def edit_narrative(client, run: ReportRun, text: str, *, regenerate: bool = False):
    """The run's writer types `text` in the first narrative section and saves."""
    other = run.narratives.get(section_key="iii-tasks").text
    return client.post(reverse("reports:narrative", args=[run.pk]), {
        f"section-{NARRATIVE_KEY}": text, "section-iii-tasks": other, "regenerate" if regenerate else "save": ""})


def narrative_text(run: ReportRun) -> str:
    return ReportNarrative.objects.get(run=run, section_key=NARRATIVE_KEY).text


def put_narratives(user, run: ReportRun, *texts: str):
    """PUT /api/v1/reports/{id}/narratives/ with the first narrative section's text (then the second's)."""
    keys = [NARRATIVE_KEY, "iii-tasks"]
    body = [{"section_key": key, "text": text} for key, text in zip(keys, texts, strict=False)]
    return client_for(user).put(f"/api/v1/reports/{run.pk}/narratives/", body, format="json")


def pdf_images(reader) -> list:
    """The image XObjects a PDF draws (also inside drawings)."""
    found = []

    def walk(resources):
        for xobject in (resources or {}).get("/XObject", {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Image":
                found.append(xobject)
            walk(xobject.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return found
