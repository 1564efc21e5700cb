import datetime
import io
import logging

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError
from django.utils import timezone
from openpyxl import load_workbook

from antqcore.models import Area, Role
from reports import services
from reports.models import PeriodLock, ReportNarrative, ReportRun, ReportTemplate, RunStage, RunStatus
from reports.selectors import compare_with_previous, previous_run, report_header_defaults
from reports.services import (
    last_complete_period,
    narrative_save,
    report_run_create,
    report_run_finalise,
    report_run_generate,
    report_run_new_version,
    report_run_retry,
    report_runs_reap,
    scheduled_reports_create,
)
from tests.conftest import area, make_user
from tests.reports.helpers_core import END, START, make_run, small_template

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def template(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return small_template("annual")


@pytest.fixture
def sent(monkeypatch):
    """The run ids handed to the queue."""
    ids = []
    monkeypatch.setattr("reports.tasks.generate_report.delay", lambda run_id: ids.append(run_id))
    return ids


def create(user, code="222", **extra):
    return report_run_create(actor=user, template_kind="annual", area=code, period_start=START, period_end=END,
                             **extra)


# --- Creating ------------------------------------------------------------------------------------------------------

def test_a_new_report_is_queued_with_the_header_of_its_area(district_officer, sent,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = create(district_officer)
    assert (run.status, run.progress, run.stage, run.version) == (RunStatus.QUEUED, 0, RunStage.DRAFT, 1)
    viet_yen = area("222")
    assert run.area == viet_yen and run.map_date == END
    assert run.issuer_parent == f"UBND {viet_yen.kind} Việt Yên".upper()
    assert run.issuer.startswith("BAN CHỈ ĐẠO PHÒNG CHỐNG TỘI PHẠM")
    assert (run.place, run.number, run.issued_on) == ("Việt Yên", "", None)
    assert (run.signer_authority, run.signer_title) == ("TRƯỞNG BAN", f"PHÓ CHỦ TỊCH UBND {viet_yen.kind.upper()}")
    assert "Công an tỉnh;" in run.recipients.splitlines()
    assert (run.title, run.subtitle) == ("BÁO CÁO", "Kết quả công tác xây dựng phong trào")
    assert run.created_by == district_officer and not run.scheduled
    # The narrative starts from the template's default text; the run is sent to a worker once committed.
    assert dict(run.narratives.values_list("section_key", "text")) == {"danh-gia": "Nhận xét chung của Ban Chỉ đạo."}
    assert sent == [run.pk]


def test_the_province_header_names_the_provincial_committee(province_staff):
    run = create(province_staff, code="24")
    assert (run.issuer_parent, run.place, run.signer_title) == ("UBND TỈNH BẮC GIANG", "Bắc Giang",
                                                                "PHÓ CHỦ TỊCH UBND TỈNH")


def test_header_fields_given_replace_the_defaults(province_staff):
    run = create(province_staff, code="24", number="125/BC-BCĐ", signer_name="Lê Ánh Dương",
                 issued_on=datetime.date(2019, 10, 5), recipients="Bộ Công an;\nLưu: VT.")
    assert (run.number, run.signer_name, run.issued_on) == ("125/BC-BCĐ", "Lê Ánh Dương", datetime.date(2019, 10, 5))
    assert run.recipients == "Bộ Công an;\nLưu: VT."


def test_the_code_is_read_on_the_map_date(admin_user):
    # 24 is Bắc Giang on the 2019 map and the merged Bắc Ninh on today's.
    assert create(admin_user, code="24").area.name == "Tỉnh Bắc Giang"
    run = report_run_create(actor=admin_user, template_kind="annual", area="24", period_start=START,
                            period_end=END, map_date=datetime.date(2025, 7, 1))
    assert run.area.name == "Tỉnh Bắc Ninh" and run.map_date == datetime.date(2025, 7, 1)


def test_a_new_report_starts_from_the_last_report_of_the_same_type_and_area(district_officer):
    first = create(district_officer, signer_name="Nguyễn Văn A", recipients="Ban Chỉ đạo tỉnh;\nLưu: VT.")
    narrative_save(run=first, section_key="danh-gia", text="Phong trào có chuyển biến rõ.", actor=district_officer)
    second = report_run_create(actor=district_officer, template_kind="annual", area="222",
                               period_start=datetime.date(2020, 1, 1), period_end=datetime.date(2020, 12, 31))
    assert second.narratives.get().text == "Phong trào có chuyển biến rõ."
    assert (second.signer_name, second.recipients) == ("Nguyễn Văn A", "Ban Chỉ đạo tỉnh;\nLưu: VT.")
    assert report_header_defaults(template_kind="annual", area=area("222"))["signer_name"] == "Nguyễn Văn A"
    # Another type starts afresh.
    small_template("quarterly")
    other = report_run_create(actor=district_officer, template_kind="quarterly", area="222",
                              period_start=datetime.date(2019, 7, 1), period_end=END)
    assert other.signer_name == "" and other.narratives.get().text == "Nhận xét chung của Ban Chỉ đạo."


@pytest.mark.parametrize("changes, field, message", [
    ({"period_start": END, "period_end": START}, "period_end", "trước ngày bắt đầu"),
    ({"period_end": datetime.date(2099, 1, 1)}, "period_end", "chưa kết thúc"),
    ({"template_kind": "monthly"}, "template", "monthly"),
    ({"area": "99999"}, "area", "99999"),
])
def test_it_refuses_a_wrong_request_and_says_why(province_staff, changes, field, message):
    kwargs = {"actor": province_staff, "template_kind": "annual", "area": "24", "period_start": START,
              "period_end": END} | changes
    with pytest.raises(ValidationError) as caught:
        report_run_create(**kwargs)
    assert message in " ".join(caught.value.message_dict[field])
    assert not ReportRun.objects.exists()


def test_it_needs_an_active_template(province_staff):
    ReportTemplate.objects.filter(kind="quarterly").update(active=False)
    with pytest.raises(ValidationError) as caught:
        report_run_create(actor=province_staff, template_kind="quarterly", area="24",
                          period_start=datetime.date(2019, 7, 1), period_end=END)
    assert "mẫu" in caught.value.message_dict["template"][0]


def test_it_refuses_an_area_outside_the_scope_and_viewers(district_officer, viewer):
    with pytest.raises(PermissionDenied):
        create(district_officer, code="218")
    with pytest.raises(PermissionDenied):
        create(viewer, code="24")
    assert not ReportRun.objects.exists()


# --- Generating --------------------------------------------------------------------------------------------------

def test_generation_freezes_the_figures_and_makes_the_pdf_and_the_annex(district_officer, monkeypatch):
    run = create(district_officer)
    progress = []
    beat = services._beat
    monkeypatch.setattr(services, "_beat", lambda run_id, attempt, value, **f: (progress.append(value),
                                                                                 beat(run_id, attempt, value, **f)))
    assert report_run_generate(run_id=run.pk) == "done"
    run.refresh_from_db()
    assert (run.status, run.progress, run.attempts, run.error) == (RunStatus.DONE, 100, 1, "")
    assert progress == sorted(progress) and progress[0] < 10 and progress[-1] >= 95 and len(progress) > 10
    communes = Area.objects.valid_on(END).filter(parent=area("222")).count()
    assert run.figures["context.communes"] == communes > 10 and run.figures["context.districts"] == 0
    assert all(isinstance(v, int | float) for v in run.figures.values())
    # Broken down by the district's communes and by the calendar years of the period.
    assert len(run.breakdowns["by_area"]) == communes and [y["year"] for y in run.breakdowns["by_year"]] == [2019]
    assert run.pdf.open("rb").read(4) == b"%PDF"
    book = load_workbook(io.BytesIO(run.xlsx.open("rb").read()))
    assert "Số liệu" in book.sheetnames
    assert run.started_at <= run.finished_at


def test_the_registries_shared_aggregates_run_once_per_generation(district_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run = create(district_officer)
    with CaptureQueriesContext(connection) as captured:
        assert report_run_generate(run_id=run.pk) == "done"
    # Propaganda, fn3, trainings, fire... all come from the tallies' one aggregate, computed once for the report; the
    # values behind them, which the report keeps, are read once too (antqcore.stats.Group.record_ids).
    tally_queries = [q["sql"] for q in captured.captured_queries if "tallies_tallyvalue" in q["sql"]]
    assert len(tally_queries) == 2 and sum("SUM(" in sql for sql in tally_queries) == 1


def test_a_duplicate_message_leaves_a_done_run_alone(district_officer):
    run = create(district_officer)
    assert report_run_generate(run_id=run.pk) == "done"
    run.refresh_from_db()
    pdf_name, finished = run.pdf.name, run.finished_at
    assert report_run_generate(run_id=run.pk) == "skipped"
    run.refresh_from_db()
    assert (run.pdf.name, run.finished_at, run.attempts) == (pdf_name, finished, 1)


def test_a_second_worker_leaves_a_run_another_one_is_generating(district_officer):
    run = create(district_officer)
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, attempts=1, heartbeat_at=timezone.now())
    assert report_run_generate(run_id=run.pk) == "busy"
    run.refresh_from_db()
    assert (run.status, run.attempts) == (RunStatus.RUNNING, 1)


def test_a_run_whose_worker_died_is_taken_over(district_officer, settings):
    run = create(district_officer)
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.ANTQ_REPORT_STALE_AFTER + 1)
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, attempts=1, progress=40,
                                               heartbeat_at=long_ago)
    assert report_run_generate(run_id=run.pk) == "done"
    run.refresh_from_db()
    assert (run.status, run.attempts, run.progress) == (RunStatus.DONE, 2, 100)


def test_a_run_that_kills_its_worker_every_time_ends_failed(district_officer, settings):
    run = create(district_officer)
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.ANTQ_REPORT_STALE_AFTER + 1)
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, attempts=settings.ANTQ_REPORT_MAX_ATTEMPTS,
                                               heartbeat_at=long_ago)
    assert report_run_generate(run_id=run.pk) == "failed"
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "3 lần" in run.error


def test_a_permanent_error_fails_the_run_with_a_message_for_its_readers(district_officer, monkeypatch, caplog):
    def broken(run):
        raise ValueError("font table corrupt")

    monkeypatch.setattr("reports.rendering.render_run_pdf", broken)
    run = create(district_officer)
    with caplog.at_level(logging.ERROR, logger="reports.services"):
        assert report_run_generate(run_id=run.pk) == "failed"
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "PDF" in run.error and "font table" not in run.error
    assert "font table corrupt" in caplog.text  # the traceback goes to the log
    assert run.figures["context.districts"] == 0 and run.figures["context.communes"] > 10  # frozen before the PDF


def test_a_transient_error_puts_the_run_back_in_the_queue_for_the_retry(district_officer, monkeypatch):
    def database_gone(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    run = create(district_officer)
    monkeypatch.setattr(services, "figures_compute", database_gone)
    with pytest.raises(OperationalError):
        report_run_generate(run_id=run.pk)
    run.refresh_from_db()
    assert (run.status, run.attempts) == (RunStatus.QUEUED, 0)
    monkeypatch.undo()
    assert report_run_generate(run_id=run.pk) == "done"


# --- Narrative, finalising, versions, retry --------------------------------------------------------------------------

def test_staff_write_the_narrative_of_a_draft(district_officer, other_district_officer):
    run = create(district_officer)
    saved = narrative_save(run=run, section_key="danh-gia", text="Đã có  chuyển biến.\r\nCòn hạn chế.",
                           actor=district_officer)
    assert saved.text == "Đã có  chuyển biến.\nCòn hạn chế." and saved.updated_by == district_officer
    assert saved.history.first().history_user == district_officer
    with pytest.raises(ValidationError):
        narrative_save(run=run, section_key="ket-qua", text="x", actor=district_officer)  # not a narrative section
    with pytest.raises(PermissionDenied):
        narrative_save(run=run, section_key="danh-gia", text="x", actor=other_district_officer)
    assert ReportNarrative.objects.get(run=run).text == "Đã có  chuyển biến.\nCòn hạn chế."


def test_finalising_locks_the_area_and_period_and_dates_the_report(province_staff, district_officer):
    run = create(district_officer)
    report_run_generate(run_id=run.pk)
    with pytest.raises(PermissionDenied):
        report_run_finalise(run=run, actor=district_officer)  # province staff finalise
    final = report_run_finalise(run=run, actor=province_staff, number="125/BC-BCĐ")
    assert (final.stage, final.finalised_by, final.issued_on) == (RunStage.FINAL, province_staff,
                                                                  timezone.localdate())
    lock = PeriodLock.objects.get()
    assert (lock.area, lock.period_start, lock.period_end, lock.run) == (area("222"), START, END, final)
    assert final.pdf.open("rb").read(4) == b"%PDF"
    with pytest.raises(ValidationError):
        report_run_finalise(run=final, actor=province_staff)
    with pytest.raises(ValidationError):
        narrative_save(run=final, section_key="danh-gia", text="sửa sau khi chốt", actor=province_staff)


def test_only_a_generated_report_can_be_finalised(province_staff):
    run = create(province_staff, code="24")
    with pytest.raises(ValidationError) as caught:
        report_run_finalise(run=run, actor=province_staff)
    assert "tạo xong" in caught.value.messages[0]
    assert not PeriodLock.objects.exists()


def test_a_report_without_its_number_is_not_finalised(province_staff):
    run = make_run(area("24"))
    with pytest.raises(ValidationError) as caught:
        report_run_finalise(run=run, actor=province_staff, number="  ")
    assert list(caught.value.message_dict) == ["number"]  # shown on the number's field
    run.refresh_from_db()
    assert (run.stage, run.number, run.finalised_at, run.issued_on) == (RunStage.DRAFT, "", None, None)
    assert not PeriodLock.objects.exists()


def test_a_report_keeps_the_number_it_was_created_with_when_finalised(province_staff):
    run = make_run(area("24"), number="07/BC-BCĐ")
    final = report_run_finalise(run=run, actor=province_staff)
    assert (final.stage, final.number) == (RunStage.FINAL, "07/BC-BCĐ")


def test_a_new_version_of_a_final_report_keeps_the_earlier_one(province_staff, sent,
                                                                django_capture_on_commit_callbacks):
    first = make_run(area("24"), stage=RunStage.FINAL, number="125/BC-BCĐ")
    ReportNarrative.objects.create(run=first, section_key="danh-gia", text="Bản đã chốt.")
    with pytest.raises(ValidationError):
        report_run_new_version(run=make_run(area("24")), actor=province_staff)  # a draft is edited instead
    with django_capture_on_commit_callbacks(execute=True):
        second = report_run_new_version(run=first, actor=province_staff)
    assert (second.version, second.previous_version, second.status, second.stage) == (
        2, first, RunStatus.QUEUED, RunStage.DRAFT)
    assert second.number == "125/BC-BCĐ" and second.narratives.get().text == "Bản đã chốt."
    first.refresh_from_db()
    assert first.stage == RunStage.FINAL and sent == [second.pk]


def test_a_draft_is_generated_again_on_request(district_officer, sent, django_capture_on_commit_callbacks):
    run = make_run(area("222"), status=RunStatus.FAILED, error="lỗi", attempts=3)
    with django_capture_on_commit_callbacks(execute=True):
        again = report_run_retry(run=run, actor=district_officer)
    assert (again.status, again.error, again.attempts, again.progress) == (RunStatus.QUEUED, "", 0, 0)
    assert sent == [run.pk]
    with pytest.raises(ValidationError):
        report_run_retry(run=again, actor=district_officer)  # already queued
    with pytest.raises(ValidationError):
        report_run_retry(run=make_run(area("222"), stage=RunStage.FINAL), actor=district_officer)


# --- Lineage ---------------------------------------------------------------------------------------------------------

def test_the_previous_report_is_the_one_of_the_period_before(district_officer):
    viet_yen = area("222")
    older = make_run(viet_yen, start=datetime.date(2018, 1, 1), end=datetime.date(2018, 12, 31),
                     figures={"incidents.strikes": 4, "context.units": 120})
    older_final = make_run(viet_yen, start=datetime.date(2018, 1, 1), end=datetime.date(2018, 12, 31),
                           stage=RunStage.FINAL, version=2, figures={"incidents.strikes": 5, "context.units": 120})
    make_run(viet_yen, start=datetime.date(2017, 1, 1), end=datetime.date(2017, 12, 31))
    make_run(area("218"), start=datetime.date(2018, 1, 1), end=datetime.date(2018, 12, 31))
    current = make_run(viet_yen, start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31),
                       figures={"incidents.strikes": 7, "context.units": 120})
    assert previous_run(current) == older_final and older != older_final
    rows = {row.key: row for row in compare_with_previous(current)}
    assert (rows["incidents.strikes"].previous, rows["incidents.strikes"].this) == (5, 7)
    assert rows["incidents.strikes"].changed and not rows["context.units"].changed
    key, label, this, before, changed = rows["incidents.strikes"]
    assert "đình công" in label


# --- The reaper and the schedule -------------------------------------------------------------------------------------

def test_the_reaper_puts_runs_whose_worker_died_back_in_the_queue(settings, sent, django_capture_on_commit_callbacks):
    viet_yen = area("222")
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.ANTQ_REPORT_STALE_AFTER + 60)
    dead = make_run(viet_yen, status=RunStatus.RUNNING, attempts=1, heartbeat_at=long_ago)
    dead_too_often = make_run(viet_yen, status=RunStatus.RUNNING, attempts=settings.ANTQ_REPORT_MAX_ATTEMPTS,
                              heartbeat_at=long_ago)
    alive = make_run(viet_yen, status=RunStatus.RUNNING, attempts=1, heartbeat_at=timezone.now())
    forgotten = make_run(viet_yen, status=RunStatus.QUEUED, heartbeat_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        result = report_runs_reap()
    assert result == {"requeued": [dead.pk], "failed": [dead_too_often.pk], "resent": [forgotten.pk]}
    statuses = dict(ReportRun.objects.values_list("pk", "status"))
    assert (statuses[dead.pk], statuses[dead_too_often.pk], statuses[alive.pk]) == (
        RunStatus.QUEUED, RunStatus.FAILED, RunStatus.RUNNING)
    assert sorted(sent) == sorted([dead.pk, forgotten.pk])
    assert ReportRun.objects.get(pk=dead_too_often.pk).error


@pytest.mark.parametrize("kind, today, period", [
    ("quarterly", datetime.date(2019, 10, 5), (datetime.date(2019, 7, 1), datetime.date(2019, 9, 30))),
    ("quarterly", datetime.date(2020, 1, 5), (datetime.date(2019, 10, 1), datetime.date(2019, 12, 31))),
    ("half-year", datetime.date(2019, 7, 10), (datetime.date(2019, 1, 1), datetime.date(2019, 6, 30))),
    ("annual", datetime.date(2020, 1, 10), (datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))),
])
def test_the_schedule_reports_on_the_last_complete_period(kind, today, period):
    assert last_complete_period(kind, today) == period


def test_the_schedule_creates_each_report_once(settings, province_staff):
    settings.ANTQ_SCHEDULED_REPORT_AREAS = ["24", "99"]  # an unknown code is logged and skipped
    small_template("quarterly")
    created = scheduled_reports_create(kind="quarterly", today=datetime.date(2019, 10, 5))
    assert len(created) == 1
    run = created[0]
    assert (run.kind, run.area.name, run.period_start, run.period_end) == (
        "quarterly", "Tỉnh Bắc Giang", datetime.date(2019, 7, 1), datetime.date(2019, 9, 30))
    assert run.scheduled and run.created_by is None and run.status == RunStatus.QUEUED
    assert scheduled_reports_create(kind="quarterly", today=datetime.date(2019, 10, 6)) == []
    assert ReportRun.objects.count() == 1


def test_without_a_user_only_the_schedule_makes_reports():
    with pytest.raises(PermissionDenied):
        report_run_create(actor=None, template_kind="annual", area="24", period_start=START, period_end=END)


def test_a_commune_officer_reports_on_the_commune(db):
    commune = Area.objects.valid_on(END).filter(parent=area("222")).order_by("code").first()
    officer = make_user("xa", Role.COMMUNE_OFFICER, commune.code)
    run = create(officer, code=commune.code)
    assert run.issuer_parent == f"UBND {commune.kind} {commune.short_name}".upper()
    assert report_run_generate(run_id=run.pk) == "done"
    run.refresh_from_db()
    assert run.breakdowns["by_area"] == []  # a commune has nothing below it
