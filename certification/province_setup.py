"""Certification's step of `manage.py province_setup` (antqcore.provinces).

Criteria sets are national (Circular 124/2021/TT-BCA, the drug-free set: `data/criteria.yaml`, no area) plus a
province's own additions (a CriteriaSet with the province as its area, made by its staff in the admin). Campaigns are
one per scheme and year for the whole system (`campaign_unique_year`), opened by province staff on the campaigns page.
So the step creates no criteria and no campaign: it reports the sets that will apply to its units on the day of its
map and the campaigns under way (opening a campaign would open it for every province). What it creates is the
province's appraisal council (Hội đồng thẩm định, xét duyệt), if it has none: a decision needs a council's appraisal,
and the council is kept in the admin; its members are the positions the demo's council has, to be named by the
province (`established_by` left empty until its decision is entered)."""


from django.db.models import Q
from django.utils import timezone

from antqcore.provinces import SetupResult

from .models import Council, CriteriaSet, Scheme
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
    lines.append("Không tạo tiêu chí hay đợt: tiêu chí quốc gia dùng chung; tiêu chí bổ sung riêng của tỉnh thêm trong "
                 "trang quản trị (Bộ tiêu chí, chọn tỉnh).")
    lines.append(_council_ensure(province=province, dry_run=dry_run))
    return SetupResult(lines)


COUNCIL_MEMBERS = [  # the positions of the province's council (the Bắc Giang demo's), each named by the province
    "Phó Giám đốc Công an tỉnh — Chủ tịch Hội đồng",
    "Trưởng phòng Tham mưu, Công an tỉnh — Phó Chủ tịch Hội đồng",
    "Trưởng phòng Xây dựng phong trào bảo vệ ANTQ — Ủy viên thường trực",
    "Phó Giám đốc Sở Nội vụ — Ủy viên",
    "Phó Giám đốc Sở Giáo dục và Đào tạo — Ủy viên",
    "Phó Trưởng ban Ban Quản lý các khu công nghiệp tỉnh — Ủy viên",
    "Phó Chủ tịch Liên đoàn Lao động tỉnh — Ủy viên",
]


def council_name(province) -> str:
    """«Hội đồng thẩm định, xét duyệt CQDNNT đạt tiêu chuẩn “An toàn về ANTT” tỉnh Hà Tĩnh», as the demo names
    Bắc Giang's."""
    where = province.name[:1].lower() + province.name[1:]
    return f"Hội đồng thẩm định, xét duyệt CQDNNT đạt tiêu chuẩn “An toàn về ANTT” {where}"


def _council_ensure(*, province, dry_run: bool) -> str:
    existing = Council.objects.filter(area=province).order_by("id").first()
    if existing is not None:
        return f"Đã có hội đồng thẩm định của tỉnh: «{existing.name}»."
    name = council_name(province)
    if dry_run:
        return f"Sẽ tạo hội đồng thẩm định của tỉnh: «{name}»."
    Council.objects.create(name=name, members="\n".join(COUNCIL_MEMBERS), area=province)
    return (f"Đã tạo hội đồng thẩm định của tỉnh: «{name}»; ghi tên các thành viên và quyết định thành lập "
            "trong trang quản trị (Hội đồng thẩm định).")


