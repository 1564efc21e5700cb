"""Reports: periodic reports and multi-year reviews generated from the registries' figures.

A ReportTemplate is data, editable by province staff: its sections mix sentences and tables written with figure tags
(`{% fig "incidents.strikes" %}`) and narrative slots that staff write for each report. A ReportRun is one report
for an area and a period: it is generated in the background (status and progress), freezes the figures it printed,
keeps its PDF and its Excel annex, and goes from draft to final; finalising locks the figures of that area and
period (PeriodLock). A new run of the same template and area starts its narrative from the previous run."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from antqcore.models import Area
from antqcore.uploads import ProtectedFileField


class ReportKind(models.TextChoices):
    REVIEW = "review", _("Multi-year review")
    ANNUAL = "annual", _("Annual report")
    HALF_YEAR = "half-year", _("Six-month report")
    QUARTERLY = "quarterly", _("Quarterly report")


class ReportTemplate(models.Model):
    kind = models.CharField(_("report type"), max_length=20, choices=ReportKind.choices)
    name = models.CharField(_("name"), max_length=255)
    # The title block under the header, e.g. "BÁO CÁO" / "Sơ kết 05 năm thực hiện Chỉ thị số 07/CT-BCA-V28...".
    # It may use the same tags as the sections ({% period_name %}, {{ area_full }}...).
    title = models.CharField(_("title"), max_length=255, default="BÁO CÁO")
    subtitle = models.TextField(_("subtitle (summary of the subject)"), blank=True)
    closing = models.TextField(_("closing sentence"), blank=True)
    active = models.BooleanField(_("active"), default=True,
                                 help_text=_("The active template of a type is the one new reports use."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind"], condition=Q(active=True),
                                               name="reports_one_active_template_per_kind")]

    def __str__(self):
        return self.name


class ReportSection(models.Model):
    """One heading of a template and what goes under it. `body` is template text: sentences and tables with figure
    tags. When `narrative` is set, staff write this part for each report (the body is then the default text a new
    report starts from when there is no previous report)."""

    template = models.ForeignKey(ReportTemplate, verbose_name=_("template"), on_delete=models.CASCADE,
                                 related_name="sections")
    key = models.SlugField(_("key"), max_length=60)  # stable across versions, e.g. "ii-2-1-propaganda"
    order = models.PositiveIntegerField(_("order"), default=0)
    level = models.PositiveSmallIntegerField(_("heading level"), default=1,
                                             help_text=_("1: part (PHẦN THỨ NHẤT), 2: I, II..., 3: 1., 2..., "
                                                         "4: 2.1, 2.2..."))
    heading = models.CharField(_("heading"), max_length=500, blank=True)
    body = models.TextField(_("content"), blank=True)
    narrative = models.BooleanField(_("written by staff"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        ordering = ["template", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["template", "key"], name="reports_section_key_unique")]

    def __str__(self):
        return self.heading or self.key


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RunStage(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class ReportRun(models.Model):
    template = models.ForeignKey(ReportTemplate, verbose_name=_("template"), on_delete=models.PROTECT,
                                 related_name="runs")
    kind = models.CharField(_("report type"), max_length=20, choices=ReportKind.choices)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    map_date = models.DateField(_("map of"), help_text=_("The date whose administrative map names the area."))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))

    # The document's header, number and signature (Decree 30/2020).
    issuer_parent = models.CharField(_("governing body"), max_length=255, blank=True)  # "UBND TỈNH BẮC GIANG"
    issuer = models.CharField(_("issuing body"), max_length=255)  # "BAN CHỈ ĐẠO ... TỈNH"
    number = models.CharField(_("number"), max_length=60, blank=True)  # "125/BC-BCĐ"
    place = models.CharField(_("place"), max_length=100)  # "Bắc Giang"
    issued_on = models.DateField(_("date of the report"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=255)
    subtitle = models.TextField(_("subtitle"), blank=True)
    signer_authority = models.CharField(_("signing authority"), max_length=255, blank=True)  # "TRƯỞNG BAN"
    signer_title = models.CharField(_("signer's position"), max_length=255, blank=True)  # "PHÓ CHỦ TỊCH UBND TỈNH"
    signer_name = models.CharField(_("signer's name"), max_length=255, blank=True)
    recipients = models.TextField(_("recipients (Nơi nhận)"), blank=True, help_text=_("One per line."))

    # Generation.
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)  # key -> number, frozen at generation
    more_than = models.JSONField(_("figures known as 'more than'"), default=list, blank=True)
    breakdowns = models.JSONField(_("breakdowns"), default=dict, blank=True)  # for the annex and the charts
    # {key: {"model": "app.Model", "ids": [...]}}: the records behind each frozen figure (antqcore.stats
    # .figure_record_ids), so that a later version can say which records came, went or changed.
    records = models.JSONField(_("records behind the figures"), default=dict, blank=True)
    # Written by the generation (reports.services), served by the run's download views only.
    pdf = ProtectedFileField(_("PDF"), blank=True, rule="report_pdf", download_view="reports:pdf")
    xlsx = ProtectedFileField(_("Excel annex"), blank=True, rule="report_annex", download_view="reports:xlsx")

    # Draft → final, versions.
    stage = models.CharField(_("stage"), max_length=10, choices=RunStage.choices, default=RunStage.DRAFT)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("finalised by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(_("version"), default=1)
    previous_version = models.ForeignKey("self", verbose_name=_("previous version"), null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="later_versions")
    scheduled = models.BooleanField(_("created by the schedule"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords(excluded_fields=["progress", "heartbeat_at", "records"])

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-queued_at", "-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="reports_run_status_beat"),
                   models.Index(fields=["template", "area", "period_end"], name="reports_run_lineage")]

    def __str__(self):
        return f"{self.title} — {self.area} {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"

    def download_name(self, field: str) -> str:
        """The name a downloaded file ("pdf" or "xlsx") is saved under: type, area, end of the period, version,
        stage."""
        final = "" if self.stage == RunStage.DRAFT else "-final"
        return f"bao-cao-{self.kind}-{self.area.code}-{self.period_end:%Y%m%d}-v{self.version}{final}.{field}"


class ReportNarrative(models.Model):
    """What staff wrote for one narrative section of one report."""

    run = models.ForeignKey(ReportRun, verbose_name=_("report"), on_delete=models.CASCADE,
                            related_name="narratives")
    section_key = models.SlugField(_("section"), max_length=60)
    text = models.TextField(_("text"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("narrative")
        verbose_name_plural = _("narratives")
        constraints = [models.UniqueConstraint(fields=["run", "section_key"], name="reports_narrative_unique")]

    def __str__(self):
        return f"{self.run_id}/{self.section_key}"


class PeriodLock(models.Model):
    """The figures of an area and a period, frozen by a final report. A later change to a record dated inside the
    period and the area needs province staff and a written reason."""

    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    run = models.ForeignKey(ReportRun, verbose_name=_("report"), on_delete=models.PROTECT, related_name="locks")
    locked_at = models.DateTimeField(_("locked at"), auto_now_add=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("locked by"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("period lock")
        verbose_name_plural = _("period locks")
        indexes = [models.Index(fields=["period_start", "period_end"], name="reports_lock_period")]

    def __str__(self):
        return f"{self.area} {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"


class LockedChange(models.Model):
    """An audited change to a record inside a locked period, with its reason."""

    lock = models.ForeignKey(PeriodLock, verbose_name=_("lock"), on_delete=models.PROTECT, related_name="changes")
    record_type = models.CharField(_("record type"), max_length=100)
    record_id = models.CharField(_("record"), max_length=40)
    action = models.CharField(_("action"), max_length=20)  # create, update, delete
    reason = models.TextField(_("reason"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL,
                             related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("change in a locked period")
        verbose_name_plural = _("changes in locked periods")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.record_type} {self.record_id} ({self.action})"


# In the help texts' examples; the form for a given province puts its name there (reports.forms.ProvinceProfileForm).
PROVINCE_PLACEHOLDER = "(tên tỉnh)"


class ProvinceProfile(models.Model):
    """The facts a report states about its province (its area in km², its population, its ethnic minorities...), from
    a date: the report of a period uses the profile valid on the period's end (reports.selectors.profile_on). Edited by
    the province's staff (/reports/profile/) and in the admin; a report's texts print a fact with
    `{% profile "area_km2" %}`, and a fact left blank prints "[chưa khai báo: …]", never another province's value.

    `narratives` (report type → section key → text) is what a new report of the province starts its staff-written
    sections from when it has no previous report of the type (the Bắc Giang demo keeps the seed review's there)."""

    area = models.ForeignKey(Area, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(_("valid from"))
    overview = models.CharField("Giới thiệu chung", max_length=500, blank=True,
                                help_text=f"Ví dụ: “{PROVINCE_PLACEHOLDER} là tỉnh …, có … đơn vị hành chính cấp xã”.")
    area_km2 = models.CharField("Diện tích tự nhiên (km²)", max_length=40, blank=True,
                                help_text="Như báo cáo ghi, ví dụ: “3.895”.")
    population = models.CharField("Dân số", max_length=100, blank=True,
                                  help_text="Như báo cáo ghi, ví dụ: “trên 1,8 triệu người”.")
    ethnic_minorities = models.CharField("Các dân tộc thiểu số", max_length=500, blank=True,
                                         help_text="Ví dụ: “7 dân tộc thiểu số chủ yếu: Nùng, Tày, Sán Dìu…”.")
    ethnic_minorities_share = models.CharField("Tỷ lệ dân tộc thiểu số", max_length=40, blank=True,
                                               help_text="Ví dụ: “14,66%”.")
    committee_name = models.CharField("Tên Ban Chỉ đạo (cơ quan ban hành)", max_length=500, blank=True)
    place_name = models.CharField("Địa danh ghi ở dòng ngày tháng", max_length=100, blank=True,
                                  help_text=f"Ví dụ: “{PROVINCE_PLACEHOLDER}”.")
    standing_agency = models.CharField("Cơ quan thường trực", max_length=255, blank=True,
                                       help_text="Ví dụ: “Công an tỉnh”.")
    review_directive = models.CharField(
        "Văn bản của tỉnh được sơ kết cùng (trích dẫn đầy đủ)", max_length=500, blank=True,
        help_text="Ví dụ: “Công văn số 1010/UBND-NC ngày 04/4/2018 của Chủ tịch UBND tỉnh”.")
    review_directive_short = models.CharField(
        "Văn bản của tỉnh được sơ kết cùng (viết tắt)", max_length=200, blank=True,
        help_text="Ví dụ: “Công văn số 1010/UBND-NC”.")
    review_directive_years = models.CharField(
        "Số năm thực hiện văn bản của tỉnh", max_length=20, blank=True, help_text="Ví dụ: “01”.")
    narratives = models.JSONField("Văn bản ban đầu của các phần do cán bộ viết", default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "thông tin của tỉnh"
        verbose_name_plural = "thông tin của tỉnh"
        ordering = ["area", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["area", "valid_from"], name="reports_profile_unique")]

    def __str__(self):
        return f"{self.area} (từ {self.valid_from:%d/%m/%Y})"


# The facts a text prints with {% profile "…" %}, and how a missing one is named: "[chưa khai báo: diện tích]".
PROFILE_FACTS = {
    "overview": "giới thiệu chung",
    "area_km2": "diện tích",
    "population": "dân số",
    "ethnic_minorities": "các dân tộc thiểu số",
    "ethnic_minorities_share": "tỷ lệ dân tộc thiểu số",
    "committee_name": "tên Ban Chỉ đạo",
    "place_name": "địa danh",
    "standing_agency": "cơ quan thường trực",
    "review_directive": "văn bản của tỉnh được sơ kết cùng",
    "review_directive_short": "văn bản của tỉnh được sơ kết cùng (viết tắt)",
    "review_directive_years": "số năm thực hiện văn bản của tỉnh",
}
