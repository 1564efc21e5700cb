"""The default report templates: data files loaded by the migration and by `manage.py load_report_templates`, which
keeps what province staff changed."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from antqcore.stats import figure_keys
from reports.models import ReportKind, ReportSection, ReportTemplate
from reports.rendering import text_problems
from reports.template_data import KINDS, template_data
from tests.reports.seedcheck import seed_figures

pytestmark = pytest.mark.django_db
FIG = re.compile(r'\{% *(?:fig|label) +"([^"]+)"')


def load(*args) -> str:
    out = StringIO()
    call_command("load_report_templates", *args, stdout=out)
    return out.getvalue()


def all_texts(kind: str) -> list[str]:
    data = template_data(kind)
    return [data["title"], data["subtitle"], data["closing"]] + [
        text for s in data["sections"] for text in (s.get("heading") or "", s.get("body") or "")]


def test_the_migration_loaded_an_active_template_of_every_type():
    assert sorted(ReportTemplate.objects.filter(active=True).values_list("kind", flat=True)) == sorted(
        ReportKind.values)
    for template in ReportTemplate.objects.all():
        assert template.sections.count() >= 10
        assert template.sections.filter(narrative=True).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_every_text_of_the_default_templates_renders_with_known_figures(kind):
    for text in all_texts(kind):
        assert text_problems(text) == [], text[:80]
    keys = {k for text in all_texts(kind) for k in FIG.findall(text)}
    assert keys and keys <= set(figure_keys())


def test_the_review_places_every_figure_of_the_seed():
    keys = {k for text in all_texts("review") for k in FIG.findall(text)}
    assert {row["key"] for row in seed_figures()} <= keys


def test_the_review_has_the_seeds_parts_and_staff_write_the_assessment_and_the_tasks():
    sections = list(ReportSection.objects.filter(template__kind="review", template__active=True).order_by("order"))
    headings = [s.heading.split("\n")[0] for s in sections if s.heading]
    assert headings[:3] == ["Phần thứ nhất", "I. ĐẶC ĐIỂM, TÌNH HÌNH CÓ LIÊN QUAN",
                            "II. CÔNG TÁC THAM MƯU, CHỈ ĐẠO, TỔ CHỨC TRIỂN KHAI THỰC HIỆN VÀ NHỮNG KẾT QUẢ ĐẠT ĐƯỢC"]
    assert [h[:4] for h in headings if re.match(r"2\.\d\.", h)] == [f"2.{n}." for n in range(1, 9)]
    written_by_staff = {s.key for s in sections if s.narrative}
    assert {"iii-1-uu-diem", "iii-2-han-che", "iii-3-nguyen-nhan", "iii-4-bai-hoc", "iii-5-kien-nghi",
            "phan-thu-hai", "ii-1-tham-muu-chi-dao"} <= written_by_staff
    by_key = {s.key: s for s in sections}
    assert by_key["iii-1-uu-diem"].body.startswith("- Việc quán triệt, triển khai Chỉ thị số 07/CT-BCA-V28")
    assert by_key["ii-2-1-tuyen-truyen"].body.count("{% footnote %}") == 1
    assert not by_key["ii-2-7-dau-tranh"].narrative


def test_loading_again_changes_nothing():
    out = load()
    assert "created: -" in out and "updated: -" in out
    assert "unchanged: " in out


def test_dry_run_says_what_it_would_do_and_does_nothing():
    section = ReportSection.objects.get(template__kind="quarterly", key="ii-2-tuyen-truyen")
    ReportSection.objects.filter(pk=section.pk).update(body="Cũ.")
    out = load("--dry-run")
    assert "Would have updated: quarterly/ii-2-tuyen-truyen" in out
    section.refresh_from_db()
    assert section.body == "Cũ."


def test_a_section_nobody_edited_is_brought_up_to_date():
    section = ReportSection.objects.get(template__kind="quarterly", key="ii-2-tuyen-truyen")
    section.body = "Nội dung của phiên bản trước."
    section.save()  # no user: the loader's own kind of change
    assert "updated: quarterly/ii-2-tuyen-truyen" in load()
    section.refresh_from_db()
    assert section.body.startswith("Các cơ quan thông tin truyền thông")


def test_a_section_staff_changed_is_kept_unless_reset(province_staff):
    section = ReportSection.objects.get(template__kind="quarterly", key="ii-2-tuyen-truyen")
    section.body = "Nội dung do cán bộ tỉnh viết lại."
    section._history_user = province_staff
    section.save()
    assert "kept (changed by staff; --reset to overwrite): quarterly/ii-2-tuyen-truyen" in load()
    section.refresh_from_db()
    assert section.body == "Nội dung do cán bộ tỉnh viết lại."
    load("--reset", "--kind", "quarterly")
    section.refresh_from_db()
    assert section.body.startswith("Các cơ quan thông tin truyền thông")


def test_a_section_staff_deleted_stays_deleted(province_staff):
    section = ReportSection.objects.get(template__kind="quarterly", key="ii-8-khen-thuong")
    section._history_user = province_staff
    section.delete()
    load()
    assert not ReportSection.objects.filter(template__kind="quarterly", key="ii-8-khen-thuong").exists()
    load("--reset")
    assert ReportSection.objects.filter(template__kind="quarterly", key="ii-8-khen-thuong").exists()


def test_a_missing_template_is_created_active_and_sections_staff_added_stay():
    ReportTemplate.objects.filter(kind="quarterly").delete()
    assert "created: quarterly, quarterly/mo-dau" in load()
    template = ReportTemplate.objects.get(kind="quarterly")
    assert template.active and template.sections.count() == len(template_data("quarterly")["sections"])
    ReportSection.objects.create(template=template, key="them", order=999, body="Mục thêm của tỉnh.")
    load("--reset")
    assert template.sections.filter(key="them").exists()
