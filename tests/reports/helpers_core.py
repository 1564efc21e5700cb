"""Helpers of the reports core tests: a small template of our own (the default templates' text belongs to the
document tests), runs in a given state, and a lock."""

import datetime

from django.utils import timezone

from antqcore.models import Area
from reports.models import PeriodLock, ReportRun, ReportSection, ReportTemplate, RunStage, RunStatus

START, END = datetime.date(2019, 1, 1), datetime.date(2019, 9, 30)



def small_template(kind: str = "annual") -> ReportTemplate:
    """The active template of `kind`: a title, a sentence with figures and a narrative section."""
    ReportTemplate.objects.filter(kind=kind, active=True).update(active=False)
    template = ReportTemplate.objects.create(kind=kind, name=f"Mẫu thử {kind}", title="BÁO CÁO",
                                             subtitle="Kết quả công tác xây dựng phong trào")
    ReportSection.objects.create(template=template, key="ket-qua", order=10, level=2, heading="I. KẾT QUẢ",
                                 body='Có {% fig "context.units" %} CQDNNT, xảy ra {% fig "incidents.strikes" %} vụ '
                                      "đình công.")
    ReportSection.objects.create(template=template, key="danh-gia", order=20, level=2, heading="II. ĐÁNH GIÁ",
                                 body="Nhận xét chung của Ban Chỉ đạo.", narrative=True)
    return template


def make_run(area: Area, *, kind: str = "annual", start=START, end=END, status=RunStatus.DONE,
             stage=RunStage.DRAFT, template: ReportTemplate | None = None, **fields) -> ReportRun:
    template = template or ReportTemplate.objects.filter(kind=kind, active=True).first() or small_template(kind)
    values = {"issuer": "BAN CHỈ ĐẠO", "place": area.short_name, "title": "BÁO CÁO", "map_date": end} | fields
    return ReportRun.objects.create(template=template, kind=kind, area=area, period_start=start, period_end=end,
                                    status=status, stage=stage, **values)


def lock(area: Area, start=START, end=END, number="125/BC-BCĐ") -> PeriodLock:
    """A final report of `area` for the period, and its lock."""
    run = make_run(area, start=start, end=end, stage=RunStage.FINAL, number=number,
                   issued_on=datetime.date(2019, 10, 5), finalised_at=timezone.now())
    return PeriodLock.objects.create(area=area, period_start=start, period_end=end, run=run)
