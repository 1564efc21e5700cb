"""Certification's step of `manage.py province_setup` (antqcore.provinces).

Criteria sets are national (Circular 124/2021/TT-BCA, the drug-free set: `data/criteria.yaml`, no area) plus a
province's own additions (a CriteriaSet with the province as its area, made by its staff in the admin). Campaigns are
one per scheme and year for the whole system (`campaign_unique_year`), opened by province staff on the campaigns page.
So a new province needs nothing created here: the step reports the sets that will apply to its units on the day of
its map and the campaigns under way, and creates nothing (opening a campaign would open it for every province)."""


from django.db.models import Q
from django.utils import timezone

from antqcore.provinces import SetupResult

from .models import CriteriaSet, Scheme
from .selectors import campaign_current


def certification_province_setup(*, province, dry_run: bool) -> SetupResult:
    day = timezone.localdate()
    if province.valid_to is not None:  # a province of the old map: the sets of its last day
        day = min(day, province.valid_to)
    in_force = (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    lines = []
    for scheme in Scheme.objects.order_by("id"):
        sets = CriteriaSet.objects.filter(in_force, scheme=scheme).filter(Q(area__isnull=True) | Q(area=province))
        for criteria_set in sets.order_by("area_id", "name"):
            whose = f"bổ sung riêng của {province.name}" if criteria_set.area_id else "áp dụng toàn quốc"
            lines.append(f"{scheme.name}: bộ tiêu chí «{criteria_set.name}» ({criteria_set.legal_basis}; {whose}) "
                         f"có hiệu lực ngày {day:%d/%m/%Y}, {criteria_set.criteria.count()} tiêu chí.")
        if not sets.exists():
            lines.append(f"{scheme.name}: chưa có bộ tiêu chí nào có hiệu lực ngày {day:%d/%m/%Y}.")
        campaign = campaign_current(scheme_code=scheme.code, on=day)
        lines.append(f"{scheme.name}: đợt {campaign.year} đang diễn ra (chung cho mọi tỉnh)." if campaign else
                     f"{scheme.name}: chưa mở đợt năm {day.year}; cán bộ cấp tỉnh mở đợt ở trang Công nhận.")
    lines.append("Không tạo gì: tiêu chí quốc gia dùng chung; tiêu chí bổ sung riêng của tỉnh thêm trong trang "
                 "quản trị (Bộ tiêu chí, chọn tỉnh).")
    return SetupResult(lines)


