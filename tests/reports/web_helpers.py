"""Runs and templates for the tests of the reports' pages. A run is made by the service, as the "new report" form
makes it; its generation is simulated by writing what a worker writes (status, progress, frozen figures, files)."""

import datetime

from django.core.files.base import ContentFile

from reports.models import ReportRun, ReportSection, ReportTemplate, RunStatus
from reports.services import report_run_create
from tests.conftest import area

Q3_2019 = (datetime.date(2019, 7, 1), datetime.date(2019, 9, 30))
Q2_2019 = (datetime.date(2019, 4, 1), datetime.date(2019, 6, 30))
CONTEXT_BODY = 'Trên địa bàn có {% fig "context.units" %} cơ quan, doanh nghiệp, nhà trường.'


def small_template(kind: str = "quarterly") -> ReportTemplate:
    """A template of three sections (one from the figures, two written by staff), active for its type."""
    ReportTemplate.objects.filter(kind=kind, active=True).update(active=False)
    template = ReportTemplate.objects.create(kind=kind, name=f"Mẫu thử ({kind})", title="BÁO CÁO",
                                             subtitle="Kết quả thực hiện phong trào toàn dân bảo vệ ANTQ")
    ReportSection.objects.create(template=template, key="i-context", order=1, level=2, heading="I. TÌNH HÌNH",
                                 body=CONTEXT_BODY)
    ReportSection.objects.create(template=template, key="ii-assessment", order=2, level=2, heading="II. ĐÁNH GIÁ",
                                 body="Phong trào tiếp tục được duy trì.", narrative=True)
    ReportSection.objects.create(template=template, key="iii-tasks", order=3, level=2, heading="III. PHƯƠNG HƯỚNG",
                                 body="Tiếp tục triển khai các nhiệm vụ.", narrative=True)
    return template


def make_run(user, area_code: str = "24", kind: str = "quarterly", period=Q3_2019, done: bool = True,
             figures: dict | None = None, files: bool = False) -> ReportRun:
    run = report_run_create(actor=user, template_kind=kind, area=area(area_code), period_start=period[0],
                            period_end=period[1])
    if done:
        ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, progress=100, attempts=1,
                                                   figures=figures if figures is not None else {"context.units": 12})
    run.refresh_from_db()
    if files:
        run.pdf.save("bao-cao.pdf", ContentFile(b"%PDF-1.7 test report"), save=False)
        run.xlsx.save("bao-cao.xlsx", ContentFile(b"PK annex"), save=False)
        run.save()
    return run
