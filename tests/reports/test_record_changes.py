"""Issue #18's "done when": a final report of Bắc Giang's third quarter of 2019 keeps the records behind each figure;
province staff change an incident of that quarter (a fire that was a theft) with a written reason; the new version
of the report, compared with the previous one, shows that `incidents.thefts` rose by one because of that incident,
with the reason, and that `incidents.fires` lost it."""

import datetime
import re

import pytest
from django.urls import reverse

from incidents.models import IncidentType
from reports.models import ReportRun, RunStage
from reports.services import report_run_create, report_run_generate
from tests.commendations.factories import make_commendation
from tests.incidents.helpers import at, make_incident
from tests.reports.helpers_core import small_template
from tests.reports.test_locks_web import form_fields
from tests.units.factories import make_unit

pytestmark = [pytest.mark.django_db]
Q3 = (datetime.date(2019, 7, 1), datetime.date(2019, 9, 30))
REASON = "Kết luận điều tra: vụ cháy kho ngày 10/08/2019 thực chất là trộm cắp rồi phóng hỏa che giấu"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def generated(run: ReportRun) -> ReportRun:
    assert report_run_generate(run_id=run.pk) == "done"  # what the worker does with the queued message
    run.refresh_from_db()
    return run


def compare_row(html: str, key: str) -> tuple[str, str, str]:
    """(previous, this, change) of the figure `key` as the comparison page shows them."""
    row = re.search(rf'<tr class="[^"]*" data-key="{re.escape(key)}">(.*?)</tr>', html, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    return cells[1], cells[2], " ".join(cells[3].split())


def records_of(html: str, key: str) -> str:
    found = re.search(rf'data-records-of="{re.escape(key)}">(.*?)</tr>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else ""


def test_a_new_version_says_which_incident_changed_a_figure_and_why(client, province_staff):
    small_template("quarterly")
    unit = make_unit("222")
    make_incident("theft", unit=unit, occurred_at=at("2019-08-03"), description="Trộm cáp điện trong xưởng")
    fire = make_incident("fire", unit=unit, occurred_at=at("2019-08-10"), description="Cháy kho thành phẩm")
    run = generated(report_run_create(actor=province_staff, template_kind="quarterly", area="24",
                                      period_start=Q3[0], period_end=Q3[1]))
    assert (run.figures["incidents.thefts"], run.figures["incidents.fires"]) == (1, 1)
    assert run.records["incidents.fires"] == {"model": "incidents.Incident", "ids": [fire.pk]}
    client.force_login(province_staff)
    client.post(reverse("reports:finalise", args=[run.pk]), {"number": "125/BC-BCĐ"})
    run.refresh_from_db()
    assert run.stage == RunStage.FINAL

    # The quarter is locked: the change goes through with a reason only.
    url = f"/incidents/{fire.pk}/edit/"
    fields = form_fields(client.get(url), "incident-form")
    theft_type = str(IncidentType.objects.get(code="theft").pk)
    r = client.post(url, fields | {"type": theft_type, "change_reason": REASON})
    assert r.status_code == 302

    r = client.post(reverse("reports:new_version", args=[run.pk]))
    new = generated(ReportRun.objects.get(previous_version=run))
    assert (new.figures["incidents.thefts"], new.figures["incidents.fires"]) == (2, 0)

    html = client.get(reverse("reports:compare", args=[new.pk])).content.decode()
    assert "So sánh với phiên bản trước" in html
    assert compare_row(html, "incidents.thefts") == ("1", "2", "▲ 1")
    thefts = records_of(html, "incidents.thefts")
    assert "Nay được tính:" in thefts and "Cháy" not in thefts  # the record as it is now: a theft
    assert f'href="/incidents/{fire.pk}/"' in html
    assert REASON in thefts and "Cán bộ tỉnh" in thefts  # who changed it, and why
    assert compare_row(html, "incidents.fires") == ("1", "0", "▼ 1")
    fires = records_of(html, "incidents.fires")
    assert "Không còn được tính:" in fires and REASON in fires
    # The theft that was already counted did not change: it is not listed.
    assert thefts.count("Nay được tính:") == 1 and "Đã sửa:" not in thefts
    # Against the previous period (no report of Q2), the page says there is nothing to compare with.
    html = client.get(reverse("reports:compare", args=[new.pk]), {"against": "period"}).content.decode()
    assert 'id="no-previous"' in html


def test_a_record_deleted_since_is_named_as_it_last_was_with_the_reason(client, province_staff):
    small_template("quarterly")
    commendation = make_commendation(decision_date=datetime.date(2019, 8, 13))
    run = generated(report_run_create(actor=province_staff, template_kind="quarterly", area="24",
                                      period_start=Q3[0], period_end=Q3[1]))
    assert run.figures["commendations.police_director_collective"] == 1
    client.force_login(province_staff)
    client.post(reverse("reports:finalise", args=[run.pk]), {"number": "125/BC-BCĐ"})

    url = f"/commendations/{commendation.pk}/delete/"
    reason = "Quyết định khen thưởng bị thu hồi theo Quyết định số 77/QĐ-CAT"
    r = client.post(url, form_fields(client.get(url), "commendation-delete") | {"change_reason": reason})
    assert r.status_code == 302
    client.post(reverse("reports:new_version", args=[run.pk]))
    new = generated(ReportRun.objects.get(previous_version=run))

    html = client.get(reverse("reports:compare", args=[new.pk]), {"changed": "1"}).content.decode()
    assert compare_row(html, "commendations.police_director_collective") == ("1", "0", "▼ 1")
    removed = records_of(html, "commendations.police_director_collective")
    assert "Không còn được tính:" in removed and "(đã xóa)" in removed and reason in removed
    assert 'data-key="context.units"' not in html  # only what changed
