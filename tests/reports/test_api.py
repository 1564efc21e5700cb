import datetime
import io

import pytest
from openpyxl import load_workbook

from reports.models import PeriodLock, ReportRun, RunStage, RunStatus
from reports.services import report_run_generate
from tests.conftest import area, client_for
from tests.reports.helpers_core import END, START, make_run, small_template

pytestmark = [pytest.mark.django_db]
URL = "/api/v1/reports/"
BODY = {"template": "annual", "area": "222", "period_start": START.isoformat(), "period_end": END.isoformat()}


@pytest.fixture(autouse=True)
def template(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return small_template("annual")


@pytest.fixture
def generated(district_officer):
    """A report of Việt Yên, generated."""
    r = client_for(district_officer).post(URL, BODY, format="json")
    report_run_generate(run_id=r.json()["id"])
    return ReportRun.objects.get(pk=r.json()["id"])


# --- POST /api/v1/reports/ ------------------------------------------------------------------------------------------

def test_a_report_is_accepted_and_queued(district_officer, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr("reports.tasks.generate_report.delay", sent.append)
    with django_capture_on_commit_callbacks(execute=True):
        r = client_for(district_officer).post(URL, BODY | {"signer_name": "Nguyễn Văn A"}, format="json")
    assert r.status_code == 202
    body = r.json()
    run = ReportRun.objects.get(pk=body["id"])
    assert body == {"id": run.pk, "status": "queued", "url": f"http://testserver{URL}{run.pk}/"}
    assert r["Location"] == body["url"]
    assert (run.area, run.period_start, run.period_end, run.signer_name) == (area("222"), START, END, "Nguyễn Văn A")
    assert sent == [run.pk]


def test_a_report_of_an_area_outside_the_scope_is_forbidden(district_officer):
    r = client_for(district_officer).post(URL, BODY | {"area": "218"}, format="json")
    assert r.status_code == 403
    assert not ReportRun.objects.exists()


def test_viewers_and_anonymous_clients_cannot_make_reports(viewer, api):
    assert client_for(viewer).post(URL, BODY | {"area": "24"}, format="json").status_code == 403
    assert api.post(URL, BODY, format="json").status_code in (401, 403)
    assert not ReportRun.objects.exists()


def test_a_wrong_period_is_a_400_that_says_why(district_officer):
    r = client_for(district_officer).post(URL, BODY | {"period_start": "2019-10-01"}, format="json")
    assert r.status_code == 400
    assert "trước ngày bắt đầu" in r.json()["errors"]["period_end"][0]
    r = client_for(district_officer).post(URL, BODY | {"template": "monthly"}, format="json")
    assert r.status_code == 400 and "template" in r.json()["errors"]
    assert not ReportRun.objects.exists()


# --- GET -------------------------------------------------------------------------------------------------------------

def test_polling_gives_status_progress_and_then_the_downloads(district_officer):
    r = client_for(district_officer).post(URL, BODY, format="json")
    url = r.json()["url"]
    body = client_for(district_officer).get(url).json()
    assert (body["status"], body["progress"], body["pdf"], body["xlsx"]) == ("queued", 0, None, None)
    report_run_generate(run_id=body["id"])
    body = client_for(district_officer).get(url).json()
    assert (body["status"], body["progress"], body["stage"], body["version"]) == ("done", 100, "draft", 1)
    assert body["template"] == "annual" and body["area"]["code"] == "222"
    assert (body["period_start"], body["period_end"]) == (START.isoformat(), END.isoformat())
    assert body["pdf"] == f"http://testserver{URL}{body['id']}/pdf/"
    assert body["xlsx"] == f"http://testserver{URL}{body['id']}/xlsx/"


def test_a_report_outside_the_scope_is_not_found(other_district_officer, generated, api):
    assert client_for(other_district_officer).get(f"{URL}{generated.pk}/").status_code == 404
    assert client_for(other_district_officer).get(f"{URL}{generated.pk}/pdf/").status_code == 404
    assert api.get(f"{URL}{generated.pk}/").status_code in (401, 403)


def test_the_list_holds_the_reports_of_the_scope(district_officer, province_staff, other_district_officer):
    make_run(area("222"))
    make_run(area("218"))
    make_run(area("24"))
    assert client_for(district_officer).get(URL).json()["count"] == 1
    assert client_for(other_district_officer).get(URL).json()["count"] == 1
    assert client_for(province_staff).get(URL).json()["count"] == 3
    assert client_for(province_staff).get(URL, {"area": "218"}).json()["count"] == 1


def test_the_pdf_and_the_annex_download_as_attachments(viewer, generated):
    r = client_for(viewer).get(f"{URL}{generated.pk}/pdf/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith("attachment;") and "v1.pdf" in r["Content-Disposition"]
    assert b"".join(r.streaming_content).startswith(b"%PDF")
    r = client_for(viewer).get(f"{URL}{generated.pk}/xlsx/")
    assert r.status_code == 200 and r["Content-Disposition"].endswith("-v1.xlsx")
    assert "Số liệu" in load_workbook(io.BytesIO(b"".join(r.streaming_content))).sheetnames


def test_a_file_not_generated_yet_is_a_404(district_officer):
    run = make_run(area("222"), status=RunStatus.QUEUED)
    r = client_for(district_officer).get(f"{URL}{run.pk}/pdf/")
    assert r.status_code == 404 and r["Content-Type"] == "application/json"


# --- Actions ---------------------------------------------------------------------------------------------------------

def test_province_staff_finalise_a_report(province_staff, district_officer, viewer, generated):
    assert client_for(district_officer).post(f"{URL}{generated.pk}/finalise/").status_code == 403
    assert client_for(viewer).post(f"{URL}{generated.pk}/finalise/").status_code == 403
    r = client_for(province_staff).post(f"{URL}{generated.pk}/finalise/")
    assert r.status_code == 400 and "Báo cáo chỉ được chốt khi có số" in str(r.json()), r.json()
    assert not PeriodLock.objects.exists()
    r = client_for(province_staff).post(f"{URL}{generated.pk}/finalise/", {"number": "125/BC-BCĐ"}, format="json")
    assert r.status_code == 200 and (r.json()["stage"], r.json()["number"]) == ("final", "125/BC-BCĐ")
    assert PeriodLock.objects.filter(run=generated).exists()
    r = client_for(province_staff).post(f"{URL}{generated.pk}/finalise/")
    assert r.status_code == 400 and "đã được chốt" in str(r.json())


def test_finalising_outside_the_scope_is_forbidden(other_district_officer, generated):
    assert client_for(other_district_officer).post(f"{URL}{generated.pk}/finalise/").status_code == 403


def test_the_narrative_is_read_and_written(district_officer, other_district_officer, viewer, generated):
    url = f"{URL}{generated.pk}/narratives/"
    body = client_for(viewer).get(url).json()
    assert body == [{"section_key": "danh-gia", "heading": "II. ĐÁNH GIÁ", "text": "Nhận xét chung của Ban Chỉ đạo.",
                     "updated_at": body[0]["updated_at"]}]
    new = [{"section_key": "danh-gia", "text": "Phong trào chuyển biến rõ nét."}]
    assert client_for(viewer).put(url, new, format="json").status_code == 403
    assert client_for(other_district_officer).put(url, new, format="json").status_code == 403
    r = client_for(district_officer).put(url, new, format="json")
    assert r.status_code == 200 and r.json()[0]["text"] == "Phong trào chuyển biến rõ nét."
    r = client_for(district_officer).put(url, [{"section_key": "ket-qua", "text": "x"}], format="json")
    assert r.status_code == 400
    assert generated.narratives.get().text == "Phong trào chuyển biến rõ nét."


def test_a_failed_report_is_generated_again(district_officer, viewer):
    run = make_run(area("222"), status=RunStatus.FAILED, error="lỗi")
    assert client_for(viewer).post(f"{URL}{run.pk}/retry/").status_code == 403
    r = client_for(district_officer).post(f"{URL}{run.pk}/retry/")
    assert r.status_code == 202 and r.json()["status"] == "queued"


def test_a_final_report_gets_a_new_version(district_officer):
    run = make_run(area("222"), stage=RunStage.FINAL, issued_on=datetime.date(2019, 10, 5))
    r = client_for(district_officer).post(f"{URL}{run.pk}/new-version/")
    assert r.status_code == 202
    new = ReportRun.objects.get(pk=r.json()["id"])
    assert (new.version, new.previous_version, new.stage) == (2, run, RunStage.DRAFT)
    assert client_for(district_officer).post(f"{URL}{new.pk}/new-version/").status_code == 400
