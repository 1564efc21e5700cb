"""Issue #16 part 2: the facts a report states about its province are the province's data (reports.ProvinceProfile),
from a date, edited by its own staff; the report prints those valid on its period's end, and "[chưa khai báo: …]"
where a fact was not given. The Bắc Giang demo keeps the seed's facts and narrative; the reports' province-setup step
gives a province an empty profile and active templates, once; the template loader names a wrong key or fact with its
file and line."""

import datetime
import html
import re
import textwrap

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from antqcore.dataload import DataFileInvalid, datafile_load
from antqcore.models import Role
from antqcore.provinces import province_setup_steps
from reports.demo import reports_demo_seed
from reports.models import ProvinceProfile, ReportTemplate
from reports.province_setup import reports_province_setup
from reports.rendering import render_run_html
from reports.selectors import report_header_defaults
from reports.services import province_profile_save, report_run_create
from reports.template_data import REPORT_TEMPLATES
from tests.conftest import area, make_user
from tests.reports.pdf_helpers import seed_run
from tests.reports.web_helpers import small_template

pytestmark = pytest.mark.django_db
FACTS_TEXT = ('Diện tích {% profile "area_km2" %} km², dân số {% profile "population" %}, '
              'thường trực: {% profile "standing_agency" %}.')


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _run_printing_facts(**fields):
    return seed_run(subtitle=FACTS_TEXT, **fields)


def test_a_report_prints_its_provinces_facts_and_a_placeholder_for_a_missing_one(province_staff):
    province_profile_save(actor=province_staff, province=area("24"),
                          values={"area_km2": "3.895", "population": "trên 1,8 triệu người"})
    document = render_run_html(_run_printing_facts(), for_pdf=False)
    assert "Diện tích 3.895 km², dân số trên 1,8 triệu người, thường trực: [chưa khai báo: cơ quan thường trực]." \
        in _text(document)
    # The preview warns of what is to be filled in.
    problems = _text(document.split('class="sheet"')[0])
    assert "[chưa khai báo: cơ quan thường trực]" in problems and "[chưa khai báo: diện tích]" not in problems


def test_the_profile_used_is_the_one_valid_on_the_periods_end(province_staff):
    bac_giang = area("24")
    province_profile_save(actor=province_staff, province=bac_giang, valid_from=datetime.date(2010, 1, 1),
                          values={"area_km2": "3.844"})
    province_profile_save(actor=province_staff, province=bac_giang, valid_from=datetime.date(2019, 1, 1),
                          values={"area_km2": "3.895"})
    before = _run_printing_facts(period_start=datetime.date(2018, 1, 1), period_end=datetime.date(2018, 12, 31))
    after = _run_printing_facts()
    assert "Diện tích 3.844 km²" in _text(render_run_html(before))
    assert "Diện tích 3.895 km²" in _text(render_run_html(after))
    # Before the first profile: nothing, not the later one.
    early = _run_printing_facts(period_start=datetime.date(2009, 1, 1), period_end=datetime.date(2009, 12, 31))
    assert "Diện tích [chưa khai báo: diện tích] km²" in _text(render_run_html(early))


def test_a_province_never_prints_another_provinces_facts(province_staff):
    province_profile_save(actor=province_staff, province=area("24"), values={"area_km2": "3.895"})
    bac_ninh_2019 = area("27")
    run = _run_printing_facts(area=bac_ninh_2019, issuer_parent="UBND tỉnh Bắc Ninh", place="Bắc Ninh")
    text = _text(render_run_html(run))
    assert "Diện tích [chưa khai báo: diện tích] km²" in text and "3.895" not in text
    # A district's report prints its province's facts.
    district = _run_printing_facts(area=area("222"))
    assert "Diện tích 3.895 km²" in _text(render_run_html(district))


def test_an_unknown_fact_is_refused_where_the_text_is_written(client, province_staff):
    from reports.rendering import text_problems

    assert text_problems('{% profile "area_km2" %}') == []
    assert "Thẻ {% profile %} không có thông tin “dien_tich”" in " ".join(text_problems('{% profile "dien_tich" %}'))


def test_province_staff_edit_their_provinces_facts_on_a_vietnamese_page(client, province_staff):
    client.force_login(province_staff)
    assert reverse("reports:profile") in client.get(reverse("reports:templates")).content.decode()
    page = client.get(reverse("reports:profile"))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Thông tin của tỉnh" in content and "Tỉnh Bắc Giang" in content and "Diện tích tự nhiên (km²)" in content
    r = client.post(reverse("reports:profile"), {"valid_from": "1997-01-01", "area_km2": "3.895",
                                                 "population": "trên 1,8 triệu người", "place_name": "Bắc Giang"})
    assert r.status_code == 302
    profile = ProvinceProfile.objects.get(area=area("24"))
    assert (profile.valid_from, profile.area_km2, profile.place_name) == (datetime.date(1997, 1, 1), "3.895",
                                                                          "Bắc Giang")
    assert profile.history.latest().history_user == province_staff
    # The next report starts with the place the profile gives.
    assert report_header_defaults(template_kind="annual", area=area("24"))["place"] == "Bắc Giang"


def test_an_administrator_of_the_whole_country_chooses_the_province_first(client, admin_user):
    """The templates page links to the facts for everyone who may open it: an administrator, whose account has no
    province, is offered today's provinces instead of a missing page, and a POST with no province changes nothing."""
    client.force_login(admin_user)
    page = client.get(reverse("reports:profile"))
    assert page.status_code == 200
    text = _text(page.content.decode())
    assert "chọn tỉnh cần khai báo thông tin" in text and "Tỉnh Bắc Ninh" in text
    bac_ninh = area("24", on=datetime.date.today())
    assert f'?province={bac_ninh.pk}"' in page.content.decode()
    assert client.get(reverse("reports:profile") + f"?province={bac_ninh.pk}").status_code == 200
    assert client.post(reverse("reports:profile"), {"area_km2": "1"}).status_code == 404
    assert not ProvinceProfile.objects.filter(area_km2="1").exists()


def test_another_provinces_staff_and_other_roles_cannot_change_them(client, province_staff, viewer, district_officer):
    bac_giang = area("24")
    other = make_user("bn2019", Role.PROVINCE_STAFF, "27")
    client.force_login(other)
    url = reverse("reports:profile") + f"?province={bac_giang.pk}"
    assert client.get(url).status_code == 404
    assert client.post(url, {"valid_from": "1997-01-01", "area_km2": "1"}).status_code == 404
    with pytest.raises(PermissionDenied, match="Bạn chỉ được sửa thông tin của tỉnh mình"):
        province_profile_save(actor=other, province=bac_giang, values={"area_km2": "1"})
    for user in (viewer, district_officer):
        client.force_login(user)
        assert client.get(reverse("reports:profile")).status_code == 403
        with pytest.raises(PermissionDenied):
            province_profile_save(actor=user, province=bac_giang, values={"area_km2": "1"})
    assert not ProvinceProfile.objects.exists()


def test_the_bac_giang_demo_has_the_seeds_facts_and_its_review_starts_from_its_narrative(province_staff):
    reports_demo_seed()
    reports_demo_seed()  # again: the same profile
    profile = ProvinceProfile.objects.get()
    assert (profile.area.path, profile.area_km2, profile.ethnic_minorities_share) == ("L.24", "3.895", "14,66%")
    run = report_run_create(actor=province_staff, template_kind="review", area="24",
                            period_start=datetime.date(2014, 8, 15), period_end=datetime.date(2019, 9, 30))
    text = _text(render_run_html(run))
    assert ("Bắc Giang là tỉnh miền núi thuộc vùng Đông Bắc Bắc Bộ, có diện tích tự nhiên 3.895 km², với tổng dân "
            "số trên 1,8 triệu người, có 7 dân tộc thiểu số chủ yếu: Nùng, Tày, Sán Dìu, Hoa, Cao Lan, Sán Chí, Dao "
            "(chiếm 14,66% dân số)") in text
    for passage in ("chuyên mục truyền hình “An ninh Bắc Giang”", "Thành ủy Bắc Giang ban hành Kết luận số 89-TB/TU",
                    "Trường THPT Ngô Sỹ Liên, thành phố Bắc Giang", "tỉnh Bắc Giang tăng 23 bậc"):
        assert passage in text, passage
    assert "chưa khai báo" not in text
    # The shipped template itself says none of it.
    template = ReportTemplate.objects.get(kind="review", active=True)
    shipped = " ".join([template.subtitle, template.closing] + [s.body for s in template.sections.all()])
    assert "Bắc Giang" not in shipped and "3.895" not in shipped


def test_the_setup_step_gives_a_province_an_empty_profile_and_active_templates_once():
    assert "reports" in dict(province_setup_steps())
    bac_ninh = area("24", datetime.date(2025, 7, 1))
    quarterly = ReportTemplate.objects.get(kind="quarterly", active=True)
    ReportTemplate.objects.filter(pk=quarterly.pk).update(active=False)

    planned = reports_province_setup(province=bac_ninh, dry_run=True)
    assert not ProvinceProfile.objects.exists() and not ReportTemplate.objects.filter(kind="quarterly",
                                                                                         active=True).exists()
    assert any("Sẽ tạo thông tin của tỉnh" in line for line in planned.lines)

    done = reports_province_setup(province=bac_ninh, dry_run=False)
    profile = ProvinceProfile.objects.get()
    assert (profile.area, profile.valid_from, profile.area_km2) == (bac_ninh, bac_ninh.valid_from, "")
    assert ReportTemplate.objects.get(kind="quarterly", active=True).pk == quarterly.pk
    assert any("Đã tạo thông tin của tỉnh" in line for line in done.lines)

    again = reports_province_setup(province=bac_ninh, dry_run=False)
    assert ProvinceProfile.objects.count() == 1 and profile.history.count() == 1
    assert not any(line.startswith(("Đã tạo", "Đã kích hoạt")) for line in again.lines)


def _problems(tmp_path, text: str) -> list[str]:
    path = tmp_path / "quarterly.yaml"
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    with pytest.raises(DataFileInvalid) as refused:
        datafile_load(REPORT_TEMPLATES, files=[path])
    return [str(problem) for problem in refused.value.problems]


def test_the_template_loader_names_an_unknown_key_or_fact_with_its_file_and_line(tmp_path):
    problems = _problems(tmp_path, """
        kind: quarterly
        name: Báo cáo quý thử
        subtitel: Quý
        sections:
        - key: i-tinh-hinh
          level: 2
          narative: true
          body: 'Diện tích {% profile "dien_tich" %} km².'
        """)
    path = tmp_path / "quarterly.yaml"
    assert problems[0].startswith(f"{path}:3: template “quarterly / Báo cáo quý thử”: unknown key “subtitel”")
    assert problems[1].startswith(f"{path}:7: template “quarterly / Báo cáo quý thử” › section “i-tinh-hinh”: "
                                  "unknown key “narative”")
    assert problems[2].startswith(f"{path}:8: template “quarterly / Báo cáo quý thử” › section “i-tinh-hinh”: "
                                  "“body”: Thẻ {% profile %} không có thông tin “dien_tich”")
    assert not ReportTemplate.objects.filter(name="Báo cáo quý thử").exists()


def test_the_help_examples_name_the_users_own_province_not_the_demos(client):
    """A Bắc Ninh officer describing Bắc Ninh, or writing a template, reads examples of Bắc Ninh."""
    client.force_login(make_user("bn_staff", Role.PROVINCE_STAFF, "27"))
    profile = _text(client.get(reverse("reports:profile")).content.decode())
    assert "Ví dụ: “Bắc Ninh”." in profile and "Bắc Ninh là tỉnh" in profile and "Bắc Giang" not in profile
    template = small_template("annual")
    editor = _text(client.get(reverse("reports:template_edit", args=[template.pk])).content.decode())
    assert "area_full }} tỉnh Bắc Ninh" in editor and "Bắc Giang" not in editor
