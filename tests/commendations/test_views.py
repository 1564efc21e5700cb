"""The commendations pages: each screen for an in-scope user, an out-of-scope one (404), an anonymous one (login)
and a viewer (no writes); the list's filters and counts; the form's rules (the second medal refused, naming the
first decision); the unit page's tab."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commendations.models import Commendation
from tests.conftest import area
from tests.units.factories import commune_of, make_unit

from .factories import D, make_commendation, make_medal

pytestmark = pytest.mark.django_db
FIRST = ("Ông/Bà Nguyễn Văn An đã được tặng Kỷ niệm chương “Bảo vệ an ninh Tổ quốc” theo Quyết định số "
         "2345/QĐ-BCA-X15 ngày 16/08/2016.")


@pytest.fixture
def register(db):
    siflex = make_unit("222", name="Công ty TNHH Siflex Việt Nam")
    lucnam = make_unit("218", name="Công ty may Lục Nam")
    return {
        "medal": make_medal(siflex),
        "flag": make_commendation(siflex, form="emulation_flag", grantor="ministry", decision_number="88/QĐ-BCA-X15",
                                  decision_date=D(2017, 2, 22), occasion="annual"),
        "lucnam": make_commendation(lucnam, decision_number="77/QĐ-CAT-PX01", decision_date=D(2015, 1, 20),
                                    occasion="annual"),
    }


def form_data(**extra) -> dict:
    return {"form": "medal", "grantor": "ministry", "recipient_kind": "individual", "person_name": "Trần Thị Mai",
            "birth_year": "1980", "position": "Giáo viên", "decision_number": "3001/QĐ-BCA-X15",
            "decision_date": "12/08/2019", "occasion": "august_19", "unit": "", "area": "", "reason": "",
            "organisation_name": "", "citizen_id": "", "workplace": "", "other_form": "", "other_grantor": ""} | extra


# --- Access -------------------------------------------------------------------------------------------------------

def test_anonymous_users_are_sent_to_the_login_page(client, register):
    pk = register["medal"].pk
    for url in ["/commendations/", "/commendations/new/", f"/commendations/{pk}/", f"/commendations/{pk}/edit/",
                f"/commendations/{pk}/delete/", "/commendations/excel/export/", "/commendations/excel/import/",
                "/commendations/excel/template/"]:
        r = client.get(url)
        assert r.status_code == 302 and r["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("page", ["", "edit/", "delete/"])
def test_a_commendation_of_another_district_answers_404(client, district_officer, register, page):
    client.force_login(district_officer)
    assert client.get(f"/commendations/{register['lucnam'].pk}/{page}").status_code == 404
    assert client.get(f"/commendations/{register['medal'].pk}/{page}").status_code == 200


def test_a_viewer_reads_but_cannot_open_the_forms_or_post(client, viewer, register):
    client.force_login(viewer)
    pk = register["medal"].pk
    html = client.get(f"/commendations/{pk}/").content.decode()
    assert "Nguyễn Văn An" in html and f"/commendations/{pk}/edit/" not in html
    assert "/commendations/new/" not in client.get("/commendations/").content.decode()
    for url in ["/commendations/new/", f"/commendations/{pk}/edit/", f"/commendations/{pk}/delete/",
                "/commendations/excel/import/"]:
        assert client.get(url).status_code == 403, url
    assert client.post(f"/commendations/{pk}/delete/").status_code == 403
    assert client.post("/commendations/new/", form_data(area=str(commune_of("222").pk))).status_code == 403
    assert Commendation.objects.count() == 3


def test_the_menu_leads_to_the_list(client, district_officer):
    client.force_login(district_officer)
    assert 'href="/commendations/">Khen thưởng</a>' in client.get("/").content.decode()


# --- List ---------------------------------------------------------------------------------------------------------

def test_the_list_shows_only_the_scope_with_its_counts(client, district_officer, register):
    client.force_login(district_officer)
    r = client.get("/commendations/")
    html = r.content.decode()
    assert "Nguyễn Văn An" in html and "88/QĐ-BCA-X15" in html and "77/QĐ-CAT-PX01" not in html
    assert r.context["counts"]["total"] == 2
    assert 'data-count="medal">1<' in html and 'data-count="collective">1<' in html
    assert 'data-count="individual">1<' in html


def test_the_list_filters_and_counts_the_filtered_rows(client, province_staff, register):
    client.force_login(province_staff)

    def numbers(**params):
        r = client.get("/commendations/", params)
        return sorted(c.decision_number for c in r.context["commendations"]), r.context["counts"]["total"]

    assert numbers() == (["2345/QĐ-BCA-X15", "77/QĐ-CAT-PX01", "88/QĐ-BCA-X15"], 3)
    assert numbers(form="medal") == (["2345/QĐ-BCA-X15"], 1)
    assert numbers(grantor="ministry") == (["2345/QĐ-BCA-X15", "88/QĐ-BCA-X15"], 2)
    assert numbers(recipient_kind="collective") == (["77/QĐ-CAT-PX01", "88/QĐ-BCA-X15"], 2)
    assert numbers(occasion="august_19") == (["2345/QĐ-BCA-X15"], 1)
    assert numbers(area=area("218").pk) == (["77/QĐ-CAT-PX01"], 1)
    assert numbers(year="2015") == (["77/QĐ-CAT-PX01"], 1)
    assert numbers(q="nguyen van an") == (["2345/QĐ-BCA-X15"], 1)
    assert numbers(q="siflex") == (["2345/QĐ-BCA-X15", "88/QĐ-BCA-X15"], 2)
    assert numbers(q="88/QĐ") == (["88/QĐ-BCA-X15"], 1)
    # The years offered are those with decisions; the breakdown tells form × authority × recipient.
    r = client.get("/commendations/")
    assert [y for y, _label in r.context["filter_form"].fields["year"].choices][1:] == [2017, 2016, 2015]
    assert [(b["form"], b["n"]) for b in r.context["breakdown"]] == [
        ("emulation_flag", 1), ("certificate_of_commendation", 1), ("medal", 1)]
    assert "Theo hình thức và cấp khen" in r.content.decode()


def test_the_list_page_issues_a_fixed_number_of_queries(client, province_staff):
    units = [make_unit("222"), make_unit("218")]
    for i in range(25):
        make_commendation(units[i % 2], decision_number=f"{i}/QĐ-CAT-PX01")
    client.force_login(province_staff)
    counts = []
    for size in (5, 25):
        with CaptureQueriesContext(connection) as ctx:
            assert len(client.get("/commendations/", {"page_size": size}).context["commendations"]) == min(size, 25)
        counts.append(len(ctx))
    assert counts[0] == counts[1]


# --- Detail -------------------------------------------------------------------------------------------------------

def test_the_page_shows_the_decision_the_recipient_and_the_history(client, district_officer, register):
    client.force_login(district_officer)
    html = client.get(f"/commendations/{register['medal'].pk}/").content.decode()
    assert "Quyết định số 2345/QĐ-BCA-X15 ngày 16/08/2016" in html
    assert "Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”" in html and "Bộ Công an (Bộ trưởng)" in html
    assert "Công ty TNHH Siflex Việt Nam" in html and 'id="history-list"' in html


# --- Forms --------------------------------------------------------------------------------------------------------

def test_a_district_officer_records_a_medal_from_the_units_page(client, district_officer):
    unit = make_unit("222", commune=commune_of("222", 2))
    client.force_login(district_officer)
    r = client.get("/commendations/new/", {"unit": unit.pk})
    assert r.context["form"]["unit"].value() == unit.pk
    r = client.post("/commendations/new/", form_data(unit=str(unit.pk)))
    commendation = Commendation.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/commendations/{commendation.pk}/"
    assert commendation.area == unit.commune and commendation.person_name == "Trần Thị Mai"
    assert commendation.history.get().history_user == district_officer
    assert "Đã ghi khen thưởng của Trần Thị Mai." in client.get(r["Location"]).content.decode()


def test_a_second_medal_for_the_same_person_is_refused_on_the_form(client, province_staff, register):
    client.force_login(province_staff)
    r = client.post("/commendations/new/", form_data(person_name="Nguyễn Văn An", birth_year="1975",
                                                     area=str(commune_of("218").pk)))
    assert r.status_code == 200
    assert r.context["form"].errors["person_name"] == [FIRST]
    assert FIRST in r.content.decode()
    assert Commendation.objects.filter(form="medal").count() == 1


def test_the_registers_rules_are_shown_on_the_form_and_nothing_is_saved(client, district_officer):
    client.force_login(district_officer)
    r = client.post("/commendations/new/", form_data(recipient_kind="collective", grantor="police_director",
                                                     unit=str(make_unit("222").pk)))
    errors = r.context["form"].errors
    assert errors["recipient_kind"] == ["Kỷ niệm chương chỉ tặng cho cá nhân."]
    assert errors["grantor"] == ["Kỷ niệm chương do Bộ trưởng Bộ Công an tặng."]
    r = client.post("/commendations/new/", form_data(form="certificate_of_merit", grantor="province_chairman"))
    assert r.context["form"].errors["area"] == ["Chọn địa bàn, hoặc chọn đơn vị để lấy xã, phường của đơn vị."]
    assert not Commendation.objects.exists()


def test_units_and_areas_of_another_district_are_not_offered_and_refused(client, district_officer):
    outside = make_unit("218")
    client.force_login(district_officer)
    form = client.get("/commendations/new/").context["form"]
    assert outside not in form.fields["unit"].queryset
    assert commune_of("218") not in form.fields["area"].queryset
    r = client.post("/commendations/new/", form_data(unit=str(outside.pk)))
    assert "unit" in r.context["form"].errors
    r = client.post("/commendations/new/", form_data(area=str(commune_of("218").pk)))
    assert "area" in r.context["form"].errors
    assert not Commendation.objects.exists()


def test_without_script_the_other_kinds_fields_are_dropped(client, district_officer):
    unit = make_unit("222")
    client.force_login(district_officer)
    r = client.post("/commendations/new/", form_data(form="certificate_of_commendation", grantor="police_director",
                                                     recipient_kind="collective", unit=str(unit.pk),
                                                     organisation_name="Đội bảo vệ"))
    assert r.status_code == 302
    commendation = Commendation.objects.get()
    assert (commendation.person_name, commendation.birth_year, commendation.position) == ("", None, "")
    assert commendation.recipient_name == "Đội bảo vệ"


def test_editing_a_commendation_shows_the_change_in_the_history(client, district_officer, register):
    medal = register["medal"]
    client.force_login(district_officer)
    form = client.get(f"/commendations/{medal.pk}/edit/").context["form"]
    data = {name: ("" if value is None else value) for name, value in
            ((f.name, f.value()) for f in form)} | {"position": "Giám đốc", "decision_date": "16/08/2016"}
    r = client.post(f"/commendations/{medal.pk}/edit/", data)
    assert r.status_code == 302, r.context["form"].errors
    html = client.get(f"/commendations/{medal.pk}/").content.decode()
    assert "Đội trưởng Đội bảo vệ</del> → <ins>Giám đốc" in html


def test_a_commendation_is_deleted_after_confirmation(client, district_officer, register):
    pk = register["medal"].pk
    client.force_login(district_officer)
    assert "Quyết định số 2345/QĐ-BCA-X15" in client.get(f"/commendations/{pk}/delete/").content.decode()
    r = client.post(f"/commendations/{pk}/delete/")
    assert r.status_code == 302 and r["Location"] == "/commendations/"
    assert not Commendation.objects.filter(pk=pk).exists()
    assert Commendation.history.filter(id=pk, history_type="-").get().history_user == district_officer
    client.force_login(district_officer)
    assert client.post(f"/commendations/{register['lucnam'].pk}/delete/").status_code == 404
    assert Commendation.objects.filter(pk=register["lucnam"].pk).exists()


# --- The unit page ------------------------------------------------------------------------------------------------

def test_the_unit_page_lists_the_units_and_its_peoples_commendations(client, district_officer, register):
    unit = register["medal"].unit
    client.force_login(district_officer)
    r = client.get(f"/units/{unit.pk}/")
    tab = next(t for t in r.context["tabs"] if t["key"] == "commendations")
    assert [c.decision_number for c in tab["context"]["collective"]] == ["88/QĐ-BCA-X15"]
    assert [c.person_name for c in tab["context"]["individual"]] == ["Nguyễn Văn An"]
    html = r.content.decode()
    assert 'data-bs-target="#tab-commendations" type="button" role="tab">Khen thưởng<' in html
    assert f"/commendations/new/?unit={unit.pk}" in html
    other = next(t for t in client.get(f"/units/{make_unit('222').pk}/").context["tabs"]
                 if t["key"] == "commendations")
    assert other["context"]["collective"] == [] and other["context"]["individual"] == []


def test_changing_the_unit_on_the_form_moves_the_area_that_followed_it(client, district_officer, register):
    medal = register["medal"]
    other = make_unit("222", commune=commune_of("222", 4))
    client.force_login(district_officer)
    form = client.get(f"/commendations/{medal.pk}/edit/").context["form"]
    data = {f.name: ("" if f.value() is None else f.value()) for f in form} | {
        "unit": str(other.pk), "decision_date": "16/08/2016"}
    assert client.post(f"/commendations/{medal.pk}/edit/", data).status_code == 302
    medal.refresh_from_db()
    assert (medal.unit, medal.area) == (other, other.commune)


def test_the_admin_lists_the_commendations_read_only(client, admin_user, register):
    client.force_login(admin_user)
    r = client.get("/admin/commendations/commendation/")
    assert r.status_code == 200 and "2345/QĐ-BCA-X15" in r.content.decode()
    assert client.get("/admin/commendations/commendation/add/").status_code == 403
    r = client.get(f"/admin/commendations/commendation/{register['medal'].pk}/change/")
    assert r.status_code == 200 and 'name="_save"' not in r.content.decode()
