"""Demo documents, coordination agreements and inspections of the years after the 2019 review, up to today: the old Bắc
Giang from 01/10/2019, the old Bắc Ninh from 15/08/2014, both until 30/06/2025, the new Bắc Ninh from 01/07/2025.
None lies in Bắc Giang inside 15/08/2014 – 30/09/2019 (nor signs an agreement in force on 30/09/2019 there), so the
seed review keeps its figures.

Each year of each province draws from a seed of its own: the provincial police's plan for the movement early in the
year, the Chairman's dispatch for the 19 August festival, now and then a dispatch of the steering committee; the
agreements the provincial police sign with departments and those the district police (until 28/02/2025) and the
commune police sign with units. Inspections are drawn week by week, each week from its own seed: the standing
agency's, the district steering committees' until the district police ended (28/02/2025), inter-agency teams'.
Records after today are left out, so a later run keeps every earlier one identical. Seeded by `make run` only;
production settings refuse it."""

import datetime
import random

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from commendations.demo_places import (
    DISTRICT_POLICE_LAST_DAY,
    Places,
    Span,
    demo_today,
    poisson,
    random_day,
    rng_for,
    year_factor,
)
from units.selectors import unit_area_on

from .demo import FINDINGS, INTER_AGENCY_SUBJECT, LOCAL_SUBJECTS, RECOMMENDATIONS, SUBJECTS, SYMBOLS
from .models import (
    Agreement,
    AgreementKind,
    Document,
    DocumentCitation,
    DocumentType,
    InspectingBody,
    Inspection,
    PoliceSide,
)
from .services import agreement_check_rules, inspection_check_rules

D = datetime.date
K = AgreementKind
REGISTRY = "coordination"
AGREEMENT_RULE_FIELDS = ["number", "partner_name", "subject", "signed_on", "ended_on", "status", "replaced_by", "area",
                         "police_side", "partner_unit", "review_dates"]
SHARE = {"L.24": 1.0, "L.27": 0.84}
NEW_PROVINCE_SHARE = 1.84
# Yearly means in the old Bắc Giang (its 2019 demo: 353 standing agency inspections in five years and so on).
STANDING, DISTRICT_COMMITTEES, INTER_AGENCY, LOCAL_AGREEMENTS, PROVINCIAL_AGREEMENTS = 69.5, 22.4, 7.6, 8.7, 1.7
PARTNERS = ["Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Công Thương", "Ban Quản lý các khu công nghiệp",
            "Liên đoàn Lao động", "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Bảo hiểm xã hội", "Tỉnh đoàn",
            "Hội Liên hiệp Phụ nữ", "Hội Nông dân", "Ủy ban MTTQ Việt Nam", "Sở Khoa học và Công nghệ"]
PROVINCIAL_SUBJECTS = ["Phối hợp bảo đảm ANTT và xây dựng phong trào toàn dân bảo vệ ANTQ trong {partner}",
                       "Phối hợp tuyên truyền, phổ biến pháp luật và phòng, chống tội phạm giai đoạn {year} – {end}",
                       "Phối hợp thực hiện Chỉ thị số 07/CT-BCA-V28 trong lĩnh vực do {partner} quản lý"]


def _share(span: Span) -> float:
    return NEW_PROVINCE_SHARE if span.new_map else SHARE.get(span.path, 1.0)


class _Builder:
    def __init__(self, today: datetime.date):
        self.today = today
        self.places = Places(today, area_of=unit_area_on)
        self.documents: list[Document] = []
        self.agreements: list[Agreement] = []
        self.inspections: list[Inspection] = []
        self.cites: list[tuple[object, Document]] = []
        self.plans: dict[tuple[str, int], Document] = {}  # the provincial police's plan of each year

    # --- documents -------------------------------------------------------------------------------------------

    def build_documents(self, span: Span, year: int) -> None:
        rng = rng_for(REGISTRY, "documents", span.path, year)
        name = span.province.short_name
        police = f"Công an tỉnh {name}"
        drafts = [
            (DocumentType.PLAN, f"{rng.randint(8, 60)}/KH-CAT-PV05", D(year, rng.randint(1, 2), rng.randint(3, 27)),
             police, f"Triển khai công tác xây dựng phong trào toàn dân bảo vệ ANTQ năm {year}", True),
            (DocumentType.DISPATCH, f"{rng.randint(1900, 3400)}/UBND-NC", D(year, 7, rng.randint(6, 28)),
             f"Chủ tịch UBND tỉnh {name}", f"Tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm {year}", False),
        ]
        if rng.random() < 0.55:
            drafts.append((DocumentType.DISPATCH, f"{rng.randint(100, 900)}/BCĐ", D(year, rng.randint(3, 11), 12),
                           f"Ban Chỉ đạo tỉnh {name}", "Đẩy mạnh công tác xây dựng phong trào toàn dân bảo vệ ANTQ "
                           "trong cơ quan, doanh nghiệp, nhà trường", False))
        if span.new_map and year == span.start.year:
            drafts.append((DocumentType.DECISION, f"{rng.randint(1200, 1600)}/QĐ-UBND", span.start
                           + datetime.timedelta(days=rng.randint(8, 30)), f"Chủ tịch UBND tỉnh {name}",
                           "Kiện toàn Ban Chỉ đạo phong trào toàn dân bảo vệ ANTQ tỉnh sau khi hợp nhất", False))
        for doc_type, number, issued, issuer, subject, plan in drafts:
            if span.contains(issued):
                document = Document(doc_type=doc_type, number=number, issued_on=issued, issuer=issuer,
                                    subject=subject, area=span.province)
                document.keep_search_text()
                self.documents.append(document)
                if plan:
                    self.plans[span.path, year] = document

    def plan_before(self, span: Span, day: datetime.date) -> Document | None:
        plan = self.plans.get((span.path, day.year))
        return plan if plan is not None and plan.issued_on <= day else None

    # --- agreements ------------------------------------------------------------------------------------------

    def reviews(self, agreement: Agreement) -> list[str]:
        rng, dates, day = random.Random(agreement.number + agreement.signed_on.isoformat()), [], agreement.signed_on
        while True:
            day += datetime.timedelta(days=rng.randint(330, 400))
            if day > self.today:
                return dates
            dates.append(day.isoformat())

    def add_agreement(self, span: Span, **fields) -> None:
        agreement = Agreement(**fields)
        agreement.review_dates = self.reviews(agreement)
        try:
            agreement_check_rules(data={f: getattr(agreement, f) for f in AGREEMENT_RULE_FIELDS})
        except ValidationError as error:
            if set(error.message_dict) != {"partner_unit"}:
                return  # what the register would refuse
            # The register places a unit by the commune it was recorded in: one whose commune of that day does not
            # cover it (the 2019 communes, Yên Dũng) is named in words only.
            agreement.partner_unit = None
        self.agreements.append(agreement)
        plan = self.plan_before(span, agreement.signed_on)
        if plan is not None:
            self.cites.append((agreement, plan))

    def build_agreements(self, span: Span, year: int) -> None:
        rng = rng_for(REGISTRY, "agreements", span.path, year)
        scale = _share(span) * year_factor(REGISTRY, span.path, year)
        name = span.province.short_name
        drafts = [(PoliceSide.PROVINCIAL, random_day(rng, D(year, 1, 1), D(year, 12, 31)), rng.random())
                  for _i in range(poisson(rng, PROVINCIAL_AGREEMENTS * scale))]
        drafts += [(PoliceSide.LOCAL, random_day(rng, D(year, 1, 1), D(year, 12, 31)), rng.random())
                   for _i in range(poisson(rng, LOCAL_AGREEMENTS * scale))]
        for n, (side, signed, seed) in enumerate(drafts, start=1):
            if not span.contains(signed):
                continue
            own = random.Random(seed)
            kind = own.choice([K.REGULATION, K.REGULATION, K.PROGRAMME, K.PLAN])
            if side == PoliceSide.PROVINCIAL:
                partner = f"{own.choice(PARTNERS)} tỉnh {name}"
                self.add_agreement(
                    span, kind=kind, number=f"{n:02d}/{SYMBOLS[kind]}-CAT", signed_on=signed, police_side=side,
                    area=span.province, police_unit_name=f"Công an tỉnh {name}", partner_name=partner,
                    subject=own.choice(PROVINCIAL_SUBJECTS).format(partner=partner, year=year, end=year + 4))
                continue
            pairs = self.places.units(span, signed)
            if not pairs:
                continue
            unit, commune = own.choice(pairs)
            district = self.places.district_of(commune, signed) if signed <= DISTRICT_POLICE_LAST_DAY else None
            area = district if district is not None and own.random() < 0.7 else commune
            level = "H" if area.level == "district" else "X"
            self.add_agreement(
                span, kind=kind, number=f"{n:02d}/{SYMBOLS[kind]}-CA{level}", signed_on=signed, police_side=side,
                area=area, police_unit_name=f"Công an {area.kind.lower()} {area.short_name}", partner_name=unit.name,
                partner_unit=unit if own.random() < 0.85 else None, subject=LOCAL_SUBJECTS[kind].format(unit=unit.name))

    # --- inspections -----------------------------------------------------------------------------------------

    def build_inspections(self, span: Span) -> None:
        for monday, days in span.weeks():
            week = rng_for(REGISTRY, "inspections", span.path, monday.isoformat())
            scale = _share(span) * year_factor(REGISTRY, span.path, monday.year) / 52
            bodies = [(InspectingBody.STANDING_AGENCY, STANDING), (InspectingBody.INTER_AGENCY, INTER_AGENCY)]
            if not span.new_map:
                bodies.append((InspectingBody.DISTRICT_COMMITTEE, DISTRICT_COMMITTEES))
            for body, mean in bodies:
                for _i in range(poisson(week, mean * scale)):
                    rng = random.Random(week.random())
                    day = monday + datetime.timedelta(days=rng.randrange(5))  # a working day
                    late = body == InspectingBody.DISTRICT_COMMITTEE and day > DISTRICT_POLICE_LAST_DAY
                    if day not in days or late:
                        continue
                    self.inspection(span, body, day, rng)

    def inspection(self, span: Span, body: str, day: datetime.date, rng: random.Random) -> None:
        pairs = self.places.units(span, day)
        if body == InspectingBody.DISTRICT_COMMITTEE and pairs:
            district = self.places.district_of(rng.choice(pairs)[1], day)
            pairs = [p for p in pairs if district is not None and p[1].parent_id == district.pk]
        if not pairs:
            return
        unit, area = rng.choice(pairs)
        plan = self.plan_before(span, day)
        if body == InspectingBody.INTER_AGENCY:
            subject, numbers = INTER_AGENCY_SUBJECT, []
        elif plan is not None and rng.random() < 0.4:
            subject, numbers = f"Kiểm tra việc thực hiện Kế hoạch số {plan.number} của Công an tỉnh", []
        else:
            subject, numbers = rng.choice(SUBJECTS)
        inspection = Inspection(
            inspected_on=day, inspecting_body=body, unit=unit, area=area, subject=subject,
            findings=" ".join(rng.sample(FINDINGS, 2)), recommendations=" ".join(rng.sample(RECOMMENDATIONS, 2)),
            follow_up_done=rng.random() < 0.78)
        try:
            inspection_check_rules(data={"unit": unit, "inspected_on": day, "subject": subject})
        except ValidationError:
            return
        if inspection.follow_up_done:
            inspection.follow_up_note = "Đơn vị đã khắc phục các tồn tại, hạn chế theo kiến nghị của Đoàn kiểm tra."
        self.inspections.append(inspection)
        if subject.startswith("Kiểm tra việc thực hiện Kế hoạch"):
            self.cites.append((inspection, plan))
        self.cites += [(inspection, number) for number in numbers]

    # --- all -------------------------------------------------------------------------------------------------

    def build_all(self) -> None:
        for span in self.places.spans:
            for year in span.years():
                self.build_documents(span, year)
                self.build_agreements(span, year)
            self.build_inspections(span)

    def save(self) -> int:
        bulk_create_with_history(self.documents, Document, batch_size=500)
        bulk_create_with_history(self.agreements, Agreement, batch_size=1000)
        bulk_create_with_history(self.inspections, Inspection, batch_size=1000)
        numbers = {n for _record, n in self.cites if isinstance(n, str)}
        by_number = {d.number: d for d in Document.objects.filter(number__in=numbers)}
        types = {model: ContentType.objects.get_for_model(model) for model in (Agreement, Inspection)}
        rows, seen = [], set()
        for record, cited in self.cites:
            document = by_number.get(cited) if isinstance(cited, str) else cited
            key = (document.pk, type(record), record.pk) if document is not None else None
            if key is not None and key not in seen:
                seen.add(key)
                rows.append(DocumentCitation(document=document, content_type=types[type(record)],
                                             object_id=record.pk))
        DocumentCitation.objects.bulk_create(rows, batch_size=2000)
        return len(rows)


def coordination_today_seed(today: datetime.date | None = None) -> dict[str, int]:
    """Seed the documents, agreements and inspections since the 2019 review up to `today` (by default today), after
    the 2019 demo. Does nothing when they are there already. Returns the number of rows created by model."""
    if not getattr(settings, "ANTQ_ALLOW_DEMO_DATA", False):
        raise ImproperlyConfigured("Demo data is not allowed with these settings (production?).")
    today = today or demo_today()
    with transaction.atomic():
        # The 2019 demo's last inspection is of 01/10/2019, in Bắc Giang.
        if Inspection.objects.filter(Q(inspected_on__gt=D(2019, 10, 1))
                                     | ~Q(area__path__startswith="L.24")).exists():
            return {"documents": 0, "agreements": 0, "inspections": 0, "citations": 0}
        builder = _Builder(today)
        builder.build_all()
        citations = builder.save()
    return {"documents": len(builder.documents), "agreements": len(builder.agreements),
            "inspections": len(builder.inspections), "citations": citations}
