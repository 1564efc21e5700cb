"""The reports' step of `manage.py province_setup CODE` (antqcore.provinces): the province's profile skeleton (every
fact empty, from the province's first day: its reports print "[chưa khai báo: …]" until its staff fill them in on
/reports/profile/) and an active report template of each type (the shipped ones, which name no province; loaded
where missing, a template staff made or edited is left as it is). Idempotent; with dry_run nothing is written."""

from antqcore.models import Area
from antqcore.provinces import SetupResult

from .models import ReportKind, ReportTemplate
from .services import profile_start, province_profile_skeleton
from .template_data import report_templates_load, template_data


def reports_province_setup(*, province: Area, dry_run: bool) -> SetupResult:
    lines = []
    profile, created = province_profile_skeleton(province=province, dry_run=dry_run)
    if created:
        start = profile_start(province).strftime("%d/%m/%Y")
        lines.append(f"{'Sẽ tạo' if dry_run else 'Đã tạo'} thông tin của tỉnh cho báo cáo (trống, áp dụng từ ngày "
                     f"{start}): khai báo tại /reports/profile/.")
    else:
        lines.append(f"Thông tin của tỉnh cho báo cáo đã có (từ ngày {profile.valid_from:%d/%m/%Y}).")
    for kind in ReportKind.values:
        active = ReportTemplate.objects.filter(kind=kind, active=True).first()
        if active is not None:
            lines.append(f"Mẫu báo cáo “{ReportKind(kind).label}” đang dùng: {active.name}.")
            continue
        shipped = ReportTemplate.objects.filter(kind=kind, name=template_data(kind)["name"]).first()
        if dry_run:
            lines.append(f"Sẽ kích hoạt mẫu báo cáo “{ReportKind(kind).label}” có sẵn.")
            continue
        if shipped is None:
            report_templates_load(kinds=[kind])  # a template created first of its kind is active
        else:
            shipped.active = True
            shipped.save(update_fields=["active"])
        lines.append(f"Đã kích hoạt mẫu báo cáo “{ReportKind(kind).label}” có sẵn.")
    return SetupResult(lines=lines)
