"""The reports' pages: who sees which report, the "new report" form, a run's page (progress, preview, downloads,
finalise, versions), the narrative editor, the comparison with the previous report and the templates' editor."""

import datetime

import pytest
from django.urls import reverse

from antqcore.models import Area
from reports.models import ReportNarrative, ReportRun, ReportSection, ReportTemplate, RunStage, RunStatus
from tests.conftest import area
from tests.reports.web_helpers import (
    Q2_2019,
    Q3_2019,
    make_run,
    small_template,
)

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def template():
    return small_template()


# --- The list --------------------------------------------------------------------------------------------------------

def test_the_list_needs_a_login(client):
    r = client.get("/reports/")
    assert r.status_code == 302 and r.url.startswith("/accounts/login/")


def test_a_district_officer_lists_the_district_reports_only(client, template, province_staff, district_officer):
    province_run = make_run(province_staff, "24")
    district_run = make_run(district_officer, "222")
    client.force_login(district_officer)
    html = client.get("/reports/").content.decode()
    assert reverse("reports:detail", args=[district_run.pk]) in html
    assert reverse("reports:detail", args=[province_run.pk]) not in html
    assert "Số báo cáo: 1" in html


def test_province_staff_filter_the_list(client, template, province_staff, django_assert_max_num_queries):
    done = make_run(province_staff, "24", files=True)
    queued = make_run(province_staff, "222", period=Q2_2019, done=False)
    for _ in range(5):
        make_run(province_staff, "218")
    client.force_login(province_staff)
    with django_assert_max_num_queries(12):
        html = client.get("/reports/").content.decode()
    assert "Hoàn thành" in html and "Đang chờ" in html
    assert reverse("reports:pdf", args=[done.pk]) in html and reverse("reports:xlsx", args=[done.pk]) in html

    html = client.get("/reports/", {"status": "queued"}).content.decode()
    assert reverse("reports:detail", args=[queued.pk]) in html
    assert reverse("reports:detail", args=[done.pk]) not in html
    html = client.get("/reports/", {"area": area("222").pk}).content.decode()
    assert reverse("reports:detail", args=[queued.pk]) in html and "Số báo cáo: 1" in html
    assert "Số báo cáo: 7" in client.get("/reports/", {"year": "2019", "kind": "quarterly"}).content.decode()
    assert "Số báo cáo: 0" in client.get("/reports/", {"year": "2018"}).content.decode()


# --- The "new report" form -------------------------------------------------------------------------------------------

def test_the_form_offers_the_areas_of_the_scope_on_the_chosen_map(client, template, district_officer):
    client.force_login(district_officer)
    html = client.get("/reports/new/", {"period_end": "2019-09-30"}).content.decode()
    assert "Thị xã Việt Yên" in html or "Huyện Việt Yên" in html
    assert "Lục Nam" not in html
    assert "Quý III/2019" in html and "6 tháng đầu năm 2019" in html and "Năm 2019" in html

    r = client.get("/reports/new/areas/", {"on": "2019-09-30"})
    labels = [a["label"].strip() for a in r.json()["areas"]]
    communes = Area.objects.valid_on(datetime.date(2019, 9, 30)).filter(parent=area("222")).count()
    assert area("222").name in labels and len(labels) == 1 + communes


def test_a_report_is_created_from_a_period_preset(client, template, district_officer):
    client.force_login(district_officer)
    r = client.post("/reports/new/", {"kind": "quarterly", "preset": "quarterly|2019-07-01|2019-09-30",
                                      "area": area("222").pk, "signer_name": "Nguyễn Văn An"})
    run = ReportRun.objects.get()
    assert r.status_code == 302 and r.url == reverse("reports:detail", args=[run.pk])
    assert (run.period_start, run.period_end, run.area) == (*Q3_2019, area("222"))
    assert run.status == RunStatus.QUEUED and run.signer_name == "Nguyễn Văn An"
    assert run.recipients  # left empty: the default distribution list
    assert ReportNarrative.objects.get(run=run, section_key="ii-assessment").text == \
        "Phong trào tiếp tục được duy trì."


def test_a_period_ending_before_it_starts_is_refused(client, template, district_officer):
    client.force_login(district_officer)
    r = client.post("/reports/new/", {"kind": "annual", "period_start": "31/12/2019", "period_end": "01/01/2019",
                                      "area": area("222").pk})
    assert r.status_code == 200 and "Thời kỳ kết thúc trước khi bắt đầu" in r.content.decode()
    assert not ReportRun.objects.exists()


def test_an_area_outside_the_scope_cannot_be_chosen(client, template, district_officer):
    client.force_login(district_officer)
    r = client.post("/reports/new/", {"kind": "quarterly", "period_start": "01/07/2019", "period_end": "30/09/2019",
                                      "area": area("218").pk})
    assert r.status_code == 200 and "is-invalid" in r.content.decode()
    assert not ReportRun.objects.exists()


def test_a_viewer_cannot_create_a_report(client, template, viewer):
    client.force_login(viewer)
    assert client.get("/reports/new/").status_code == 403
    assert client.post("/reports/new/", {"kind": "quarterly", "preset": "quarterly|2019-07-01|2019-09-30",
                                         "area": area("24").pk}).status_code == 403
    assert not ReportRun.objects.exists()


def test_the_header_is_prefilled_from_the_last_report(client, template, province_staff):
    last = make_run(province_staff, "24", period=Q2_2019)
    ReportRun.objects.filter(pk=last.pk).update(signer_name="Lê Ánh Dương", recipients="Bộ Công an;\nLưu: VT.")
    client.force_login(province_staff)
    header = client.get("/reports/new/header/", {"kind": "quarterly", "area": area("24").pk}).json()["header"]
    assert header["signer_name"] == "Lê Ánh Dương" and header["recipients"] == "Bộ Công an;\nLưu: VT."
    # Nothing is said about an area outside the scope.
    client.force_login(make_user_in("218"))
    assert client.get("/reports/new/header/", {"kind": "quarterly", "area": area("24").pk}).json() == {"header": {}}


def make_user_in(code):
    from antqcore.models import Role
    from tests.conftest import make_user

    return make_user(f"officer{code}", Role.DISTRICT_OFFICER, code)


def test_the_dashboard_link_presets_the_form(client, template, province_staff):
    client.force_login(province_staff)
    html = client.get("/reports/new/", {"kind": "annual", "area": area("24").pk, "period_start": "2019-01-01",
                                        "period_end": "2019-12-31"}).content.decode()
    assert 'value="01/01/2019"' in html and 'value="31/12/2019"' in html
    assert '<option value="annual" selected>' in html
    assert f'<option value="{area("24").pk}" selected>' in html


# --- A run's page ----------------------------------------------------------------------------------------------------

def test_a_run_outside_the_scope_is_not_found(client, template, province_staff, other_district_officer):
    run = make_run(province_staff, "222", files=True)
    client.force_login(other_district_officer)
    for name in ("detail", "status", "preview", "pdf", "xlsx", "narrative", "compare"):
        assert client.get(reverse(f"reports:{name}", args=[run.pk])).status_code == 404, name
    assert client.post(reverse("reports:regenerate", args=[run.pk])).status_code == 404


def test_a_queued_run_shows_a_progress_bar_that_polls_the_status(client, template, district_officer):
    run = make_run(district_officer, "222", done=False)
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=40)
    client.force_login(district_officer)
    html = client.get(reverse("reports:detail", args=[run.pk])).content.decode()
    assert 'id="run-progress"' in html and 'aria-valuenow="40"' in html and ">40%<" in html  # run.js sizes the bar
    assert reverse("reports:status", args=[run.pk]) in html and "reports/run.js" in html
    assert "report-preview" not in html and "download-pdf" not in html
    status = client.get(reverse("reports:status", args=[run.pk])).json()
    assert status == {"status": "running", "status_label": "Đang tạo", "progress": 40, "error": "",
                      "finished": False}


def test_a_done_run_shows_its_preview_and_downloads(client, template, district_officer):
    run = make_run(district_officer, "222", files=True, figures={"context.units": 1575})
    client.force_login(district_officer)
    html = client.get(reverse("reports:detail", args=[run.pk])).content.decode()
    assert 'data-finished="1"' in html and 'aria-valuenow="100"' in html
    assert reverse("reports:preview", args=[run.pk]) in html and 'id="download-pdf"' in html
    preview = client.get(reverse("reports:preview", args=[run.pk]))
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    text = preview.content.decode()
    assert "Trên địa bàn có 1.575 cơ quan, doanh nghiệp, nhà trường." in text
    assert "Phong trào tiếp tục được duy trì." in text

    pdf = client.get(reverse("reports:pdf", args=[run.pk]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"] and ".pdf" in pdf["Content-Disposition"]
    assert client.get(reverse("reports:xlsx", args=[run.pk])).status_code == 200


def test_a_failed_run_says_why_and_can_be_generated_again(client, template, district_officer):
    run = make_run(district_officer, "222", done=False)
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error="Không vẽ được PDF.")
    client.force_login(district_officer)
    html = client.get(reverse("reports:detail", args=[run.pk])).content.decode()
    assert "Không vẽ được PDF." in html and "Tạo lại" in html
    r = client.post(reverse("reports:regenerate", args=[run.pk]), follow=True)
    assert "Báo cáo đang được tạo lại." in r.content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED and run.error == ""


def test_only_province_staff_finalise(client, template, province_staff, district_officer):
    run = make_run(district_officer, "222", files=True)
    client.force_login(district_officer)
    assert "finalise-form" not in client.get(reverse("reports:detail", args=[run.pk])).content.decode()
    assert client.post(reverse("reports:finalise", args=[run.pk]), {"number": "125/BC-BCĐ"}).status_code == 403

    client.force_login(province_staff)
    assert "finalise-form" in client.get(reverse("reports:detail", args=[run.pk])).content.decode()
    r = client.post(reverse("reports:finalise", args=[run.pk]), {"number": ""}, follow=True)
    assert "Báo cáo chỉ được chốt khi có số" in r.content.decode()
    run.refresh_from_db()
    assert run.stage == RunStage.DRAFT
    r = client.post(reverse("reports:finalise", args=[run.pk]), {"number": "125/BC-BCĐ"}, follow=True)
    assert "các số liệu của địa bàn và thời kỳ này đã được khóa" in r.content.decode()
    run.refresh_from_db()
    assert run.stage == RunStage.FINAL and run.finalised_by == province_staff


def test_a_final_report_gets_a_new_version(client, template, province_staff):
    run = make_run(province_staff, "24", files=True)
    client.force_login(province_staff)
    client.post(reverse("reports:finalise", args=[run.pk]), {"number": "125/BC-BCĐ"})
    html = client.get(reverse("reports:detail", args=[run.pk])).content.decode()
    assert "Tạo phiên bản mới" in html and "Chốt báo cáo" not in html
    r = client.post(reverse("reports:new_version", args=[run.pk]))
    new = ReportRun.objects.get(version=2)
    assert r.url == reverse("reports:detail", args=[new.pk]) and new.previous_version == run
    html = client.get(r.url).content.decode()
    assert "Phiên bản 1" in html and "Phiên bản 2" in html


# --- The narrative ---------------------------------------------------------------------------------------------------

def test_the_narrative_editor_saves_the_changed_sections(client, template, district_officer):
    run = make_run(district_officer, "222")
    client.force_login(district_officer)
    html = client.get(reverse("reports:narrative", args=[run.pk])).content.decode()
    assert "II. ĐÁNH GIÁ" in html and "Phong trào tiếp tục được duy trì." in html
    assert "I. TÌNH HÌNH" in html and "textarea" in html
    r = client.post(reverse("reports:narrative", args=[run.pk]), {
        "section-ii-assessment": "Ưu điểm: các đơn vị chủ động.\r\nHạn chế: còn hình thức.",
        "section-iii-tasks": "Tiếp tục triển khai các nhiệm vụ.", "save": ""}, follow=True)
    assert "số phần đã sửa: 1" in r.content.decode()
    texts = dict(run.narratives.values_list("section_key", "text"))
    assert texts["ii-assessment"] == "Ưu điểm: các đơn vị chủ động.\nHạn chế: còn hình thức."
    assert run.narratives.get(section_key="ii-assessment").history.first().history_user == district_officer


def test_a_narrative_with_a_broken_tag_is_not_saved(client, template, district_officer):
    run = make_run(district_officer, "222")
    client.force_login(district_officer)
    r = client.post(reverse("reports:narrative", args=[run.pk]), {
        "section-ii-assessment": 'Có {% fig "context.unitz" %} đơn vị.',
        "section-iii-tasks": "Tiếp tục triển khai các nhiệm vụ.", "regenerate": ""})
    assert r.status_code == 200 and "Không thể dùng nội dung này trong báo cáo: [?context.unitz]" in r.content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.narratives.get(section_key="ii-assessment").text == "Phong trào tiếp tục được duy trì."


def test_saving_the_narrative_and_regenerating_queues_the_run(client, template, district_officer):
    run = make_run(district_officer, "222")
    client.force_login(district_officer)
    r = client.post(reverse("reports:narrative", args=[run.pk]), {
        "section-ii-assessment": "Đã sửa.", "section-iii-tasks": "Tiếp tục triển khai các nhiệm vụ.",
        "regenerate": ""})
    assert r.url == reverse("reports:detail", args=[run.pk])
    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED and run.narratives.get(section_key="ii-assessment").text == "Đã sửa."


def test_the_narrative_of_a_final_report_is_read_only(client, template, province_staff):
    run = make_run(province_staff, "24")
    client.force_login(province_staff)
    client.post(reverse("reports:finalise", args=[run.pk]), {"number": "125/BC-BCĐ"})
    html = client.get(reverse("reports:narrative", args=[run.pk])).content.decode()
    assert "textarea" not in html and "không thể sửa" in html
    r = client.post(reverse("reports:narrative", args=[run.pk]), {"section-ii-assessment": "Sửa sau khi chốt"})
    assert r.status_code == 200 and "không thể sửa" in r.content.decode()
    assert run.narratives.get(section_key="ii-assessment").text == "Phong trào tiếp tục được duy trì."


def test_a_viewer_reads_the_narrative_but_cannot_change_it(client, template, province_staff, viewer):
    run = make_run(province_staff, "24")
    client.force_login(viewer)
    assert "textarea" not in client.get(reverse("reports:narrative", args=[run.pk])).content.decode()
    assert client.post(reverse("reports:narrative", args=[run.pk]),
                       {"section-ii-assessment": "Không được"}).status_code == 403


# --- The comparison --------------------------------------------------------------------------------------------------

def test_the_comparison_highlights_what_changed(client, template, district_officer):
    make_run(district_officer, "222", period=Q2_2019,
             figures={"context.units": 120, "incidents.strikes": 3, "incidents.fires": 1})
    run = make_run(district_officer, "222", period=Q3_2019,
                   figures={"context.units": 1575, "incidents.strikes": 1, "incidents.fires": 1})
    client.force_login(district_officer)
    html = client.get(reverse("reports:compare", args=[run.pk])).content.decode()
    assert "Số liệu thay đổi: 2" in html
    assert 'class="compare-changed compare-up" data-key="context.units"' in html
    assert 'class="compare-changed compare-down" data-key="incidents.strikes"' in html
    assert ">1.575<" in html and "▲</span> 1.455" in html and "▼</span> 2" in html
    only = client.get(reverse("reports:compare", args=[run.pk]), {"changed": "1"}).content.decode()
    assert 'data-key="incidents.fires"' not in only and 'data-key="context.units"' in only


def test_a_first_report_has_nothing_to_compare_with(client, template, district_officer):
    run = make_run(district_officer, "222")
    client.force_login(district_officer)
    assert 'id="no-previous"' in client.get(reverse("reports:compare", args=[run.pk])).content.decode()


# --- The templates ---------------------------------------------------------------------------------------------------

def test_only_province_staff_edit_templates(client, template, district_officer):
    client.force_login(district_officer)
    assert client.get("/reports/templates/").status_code == 403
    assert client.get(reverse("reports:template_edit", args=[template.pk])).status_code == 403


def _template_post(template, **changes) -> dict:
    sections = list(template.sections.order_by("order"))
    data = {"template-name": template.name, "template-title": template.title, "template-subtitle": template.subtitle,
            "template-closing": template.closing, "sections-TOTAL_FORMS": len(sections) + 1,
            "sections-INITIAL_FORMS": len(sections), "sections-MIN_NUM_FORMS": 0, "sections-MAX_NUM_FORMS": 1000}
    for i, s in enumerate(sections):
        data |= {f"sections-{i}-id": s.pk, f"sections-{i}-template": template.pk, f"sections-{i}-order": s.order,
                 f"sections-{i}-key": s.key, f"sections-{i}-level": s.level, f"sections-{i}-heading": s.heading,
                 f"sections-{i}-body": s.body}
        if s.narrative:
            data[f"sections-{i}-narrative"] = "on"
    # The empty form for a new section, as the browser sends it (its initial values).
    data |= {f"sections-{len(sections)}-order": 0, f"sections-{len(sections)}-level": 2}
    return data | changes


def test_province_staff_change_a_section_and_add_one(client, template, province_staff):
    client.force_login(province_staff)
    html = client.get("/reports/templates/").content.decode()
    assert template.name in html
    html = client.get(reverse("reports:template_edit", args=[template.pk])).content.decode()
    assert "context.units" in html and "Cơ quan, doanh nghiệp, nhà trường" in html  # the help panel
    body = 'Có {% fig "context.units" %} đơn vị, {% fig "incidents.strikes" pad %} vụ đình công.'
    r = client.post(reverse("reports:template_edit", args=[template.pk]), _template_post(
        template, **{"sections-0-body": body, "sections-3-order": 4, "sections-3-key": "iv-proposals",
                     "sections-3-level": 2, "sections-3-heading": "IV. ĐỀ XUẤT", "sections-3-narrative": "on",
                     "sections-3-body": "Đề nghị Bộ Công an ..."}))
    assert r.status_code == 302
    assert ReportSection.objects.get(template=template, key="i-context").body == body
    assert ReportSection.objects.get(template=template, key="iv-proposals").narrative


@pytest.mark.parametrize("body", ["Có {% fig %} đơn vị.", 'Có {% fig "context.unitz" %} đơn vị.',
                                  "Có {% if %} đơn vị."])
def test_a_text_that_does_not_render_is_not_saved(client, template, province_staff, body):
    client.force_login(province_staff)
    r = client.post(reverse("reports:template_edit", args=[template.pk]), _template_post(
        template, **{"sections-0-body": body}))
    assert r.status_code == 200
    html = r.content.decode()
    assert "Mẫu chưa được lưu" in html and "Không thể dùng nội dung này trong báo cáo" in html
    assert ReportSection.objects.get(template=template, key="i-context").body != body


@pytest.mark.parametrize("kind", ["review", "annual", "half-year", "quarterly"])
def test_the_shipped_templates_save_as_they_are(client, province_staff, kind):
    shipped = ReportTemplate.objects.get(kind=kind, active=True)
    sections = list(shipped.sections.values_list("key", "level", "body"))
    client.force_login(province_staff)
    r = client.post(reverse("reports:template_edit", args=[shipped.pk]), _template_post(shipped))
    assert r.status_code == 302, r.context["formset"].errors
    assert list(shipped.sections.values_list("key", "level", "body")) == sections


def test_the_dates_of_the_report_form_are_day_first():
    from reports.forms import period_presets

    groups = dict(period_presets(datetime.date(2019, 9, 30)))
    assert ("quarterly|2019-07-01|2019-09-30", "Quý III/2019") in [(v, str(lab)) for v, lab in groups["2019"]]
    assert all("2019-12-31" not in v for v, _ in groups["2019"])  # not over yet
