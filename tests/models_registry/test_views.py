"""The models registry pages: each screen for an in-scope user, an out-of-scope one (404), an anonymous one (login)
and a viewer (no writes); the formalistic badge and its reasons; the unit page's tab; the quarterly bulletin."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from models_registry.models import Activity, ModelStatus, ModelType, MovementModel, Rating, Review
from models_registry.services import activity_record, model_create
from tests.conftest import area
from tests.units.factories import commune_of, make_unit

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = timezone.localdate()


def make_model(district: str = "222", participants=None, **data) -> MovementModel:
    defaults = {"name": "Tổ tự quản khu nhà trọ thôn Đông", "type": ModelType.objects.get(code="boarding_house_team"),
                "area": commune_of(district), "established_on": D(2018, 1, 10), "regulation_on": D(2018, 1, 20),
                "launched_on": D(2018, 2, 1), "members_count": 12}
    return model_create(data=defaults | data, participants=participants)


def lively(model: MovementModel) -> MovementModel:
    """A briefing today, so the model is not silent."""
    activity_record(model=model, kind="briefing", date=TODAY)
    return model


@pytest.fixture
def models(db):
    return {
        "siflex": lively(make_model(name="Đội công nhân xung kích Siflex",
                                    type=ModelType.objects.get(code="worker_shock_team"))),
        "paper": make_model(name="Mô hình trên giấy Quang Châu", regulation_on=None, launched_on=None),
        "lucnam": lively(make_model("218", name="Tổ tự quản thị trấn Đồi Ngô")),
    }


# --- Access -------------------------------------------------------------------------------------------------------

def test_anonymous_users_are_sent_to_the_login_page(client, models):
    pk = models["siflex"].pk
    for url in ["/models/", "/models/new/", "/models/bulletin/", f"/models/{pk}/", f"/models/{pk}/edit/",
                f"/models/{pk}/eliminate/", f"/models/{pk}/activities/new/", f"/models/{pk}/reviews/new/"]:
        r = client.get(url)
        assert r.status_code == 302 and r["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("page", ["", "edit/", "eliminate/", "activities/new/", "reviews/new/"])
def test_a_model_of_another_district_answers_404(client, district_officer, models, page):
    client.force_login(district_officer)
    assert client.get(f"/models/{models['lucnam'].pk}/{page}").status_code == 404
    assert client.get(f"/models/{models['siflex'].pk}/{page}").status_code == 200


def test_a_viewer_reads_but_cannot_open_the_forms_or_post(client, viewer, models):
    client.force_login(viewer)
    pk = models["siflex"].pk
    html = client.get(f"/models/{pk}/").content.decode()
    assert "Đội công nhân xung kích Siflex" in html and 'id="activity-form"' not in html
    for url in ["/models/new/", f"/models/{pk}/edit/", f"/models/{pk}/eliminate/", f"/models/{pk}/activities/new/",
                f"/models/{pk}/reviews/new/"]:
        assert client.get(url).status_code == 403, url
    r = client.post(f"/models/{pk}/activities/new/", {"kind": "briefing", "date": "01/10/2019"})
    assert r.status_code == 403 and Activity.objects.filter(model_id=pk).count() == 1


# --- List ---------------------------------------------------------------------------------------------------------

def test_the_list_shows_only_the_scope(client, district_officer, models):
    client.force_login(district_officer)
    html = client.get("/models/").content.decode()
    assert "Đội công nhân xung kích Siflex" in html and "Mô hình trên giấy Quang Châu" in html
    assert "Đồi Ngô" not in html


def test_a_formalistic_model_carries_a_badge_with_its_reasons(client, district_officer, models):
    client.force_login(district_officer)
    r = client.get("/models/")
    paper = next(m for m in r.context["models"] if m.pk == models["paper"].pk)
    siflex = next(m for m in r.context["models"] if m.pk == models["siflex"].pk)
    assert len(paper.reasons) == 3  # no regulation, no launch, no briefing
    assert siflex.reasons == []
    html = r.content.decode()
    assert html.count("formalistic-badge") == 1
    assert "không có quy chế hoạt động" in html  # the reasons, in the badge's title


def test_the_list_filters(client, province_staff, models):
    make_model("218", name="Mô hình điểm Lục Nam", is_pilot=True, pilot_since=D(2019, 8, 1),
               type=ModelType.objects.get(code="linkage"))
    client.force_login(province_staff)

    def names(**params):
        return {m.name for m in client.get("/models/", params).context["models"]}

    assert names(formalistic="1") == {"Mô hình trên giấy Quang Châu", "Mô hình điểm Lục Nam"}
    assert names(formalistic="0") == {"Đội công nhân xung kích Siflex", "Tổ tự quản thị trấn Đồi Ngô"}
    assert names(pilot="1") == {"Mô hình điểm Lục Nam"}
    assert names(type="worker_shock_team") == {"Đội công nhân xung kích Siflex"}
    assert names(area=area("218").pk) == {"Tổ tự quản thị trấn Đồi Ngô", "Mô hình điểm Lục Nam"}
    assert names(q="XUNG KICH siflex") == {"Đội công nhân xung kích Siflex"}
    assert names(status="eliminated") == set()


def test_the_list_counts_the_models_the_formalistic_and_the_pilots(client, province_staff, models):
    client.force_login(province_staff)
    r = client.get("/models/")
    assert r.context["paginator"].count == 3
    assert r.context["counts"] == {"formalistic": 1, "pilot": 0}
    assert "3 mô hình" in r.content.decode()


def test_the_list_page_issues_a_fixed_number_of_queries(client, province_staff):
    units = [make_unit("222") for _ in range(3)]
    for i in range(25):
        model = make_model(name=f"Mô hình {i:02d}", participants=units)
        activity_record(model=model, kind="report", date=D(2019, 1, 1))
    client.force_login(province_staff)
    counts = []
    for size in (5, 25):
        with CaptureQueriesContext(connection) as ctx:
            assert len(client.get("/models/", {"page_size": size}).context["models"]) == size
        counts.append(len(ctx))
    assert counts[0] == counts[1]


# --- Model page ---------------------------------------------------------------------------------------------------

def test_the_model_page_shows_the_records_and_links_the_units(client, district_officer):
    host = make_unit("222", name="Công ty TNHH Siflex Việt Nam")
    other = make_unit("222", name="Công ty TNHH Fuhong")
    model = make_model(name="Liên kết Quang Châu", host_unit=host, participants=[host, other],
                       decision_number="12/QĐ-UBND", members_list="Nguyễn Văn A - Tổ trưởng")
    activity_record(model=model, kind="briefing", date=D(2019, 3, 5), note="Giao ban quý I")
    client.force_login(district_officer)
    html = client.get(f"/models/{model.pk}/").content.decode()
    assert f'href="/units/{host.pk}/"' in html and f'href="/units/{other.pk}/"' in html
    assert "12/QĐ-UBND" in html and "Nguyễn Văn A - Tổ trưởng" in html
    assert "05/03/2019" in html and "Giao ban quý I" in html
    assert 'id="formalistic-reasons"' in html  # the last briefing is long past
    assert "05/03/2019" in client.get(f"/models/{model.pk}/").context["reasons"][0]


def test_a_model_on_paper_shows_why_in_a_warning_box(client, district_officer, models):
    client.force_login(district_officer)
    r = client.get(f"/models/{models['paper'].pk}/")
    assert len(r.context["reasons"]) == 3
    html = r.content.decode()
    assert 'id="formalistic-reasons"' in html
    assert "Không có quy chế hoạt động" in html and "Không tổ chức lễ ra mắt" in html
    r = client.get(f"/models/{models['siflex'].pk}/")
    assert r.context["reasons"] == [] and 'id="formalistic-reasons"' not in r.content.decode()


# --- Create and edit ----------------------------------------------------------------------------------------------

def form_data(**extra):
    return {"name": "Liên kết bảo đảm ANTT xã Tăng Tiến", "type": ModelType.objects.get(code="linkage").pk,
            "status": "active", "area": commune_of("222").pk, "partner_commune": commune_of("222").pk,
            "established_on": "15/03/2019", "decision_number": "25/QĐ-UBND", "members_count": 15,
            "briefing_every_months": 3, "replication_sites": 0, "replication_teams": 0} | extra


def test_a_district_officer_creates_a_linkage_model_with_participants(client, district_officer):
    units = [make_unit("222") for _ in range(3)]
    client.force_login(district_officer)
    offered = client.get("/lookup/units/").json()["results"]  # what the participants' picker offers
    assert {u.pk for u in units} <= {row["id"] for row in offered}
    r = client.post("/models/new/", form_data(participants=[u.pk for u in units]))
    assert r.status_code == 302, r.context["form"].errors
    model = MovementModel.objects.get(name="Liên kết bảo đảm ANTT xã Tăng Tiến")
    assert r["Location"] == f"/models/{model.pk}/"
    assert set(model.participants.all()) == set(units) and model.partner_commune == commune_of("222")


def test_units_and_areas_of_another_district_are_not_offered_and_refused(client, district_officer):
    luc_nam = make_unit("218", name="Công ty may Lục Nam")
    client.force_login(district_officer)
    assert "Công ty may Lục Nam" not in client.get("/models/new/").content.decode()
    r = client.post("/models/new/", form_data(participants=[luc_nam.pk]))
    assert r.status_code == 200 and "participants" in r.context["form"].errors
    r = client.post("/models/new/", form_data(area=commune_of("218").pk))
    assert r.status_code == 200 and "area" in r.context["form"].errors
    assert not MovementModel.objects.exists()


def test_the_area_defaults_to_the_host_units_commune(client, district_officer):
    host = make_unit("222", commune=commune_of("222", 2))
    client.force_login(district_officer)
    r = client.post("/models/new/", form_data(area="", host_unit=host.pk))
    assert r.status_code == 302
    assert MovementModel.objects.get().area == commune_of("222", 2)


def test_the_area_pickers_tell_apart_two_communes_of_the_same_name(client, province_staff):
    # Hiệp Hòa had a Thị trấn Thắng until 31/12/2019, and has another since its merger with Đức Thắng.
    client.force_login(province_staff)
    form = client.get("/models/new/").context["form"]
    for field in ("area", "partner_commune"):
        labels = [label for _, label in form.fields[field].choices if str(label).startswith("Thị trấn Thắng")]
        assert sorted(map(str, labels)) == ["Thị trấn Thắng (đến 31/12/2019) — Huyện Hiệp Hòa",
                                            "Thị trấn Thắng — Huyện Hiệp Hòa"], field


def test_the_registry_rules_are_shown_on_the_form_and_nothing_is_saved(client, district_officer):
    client.force_login(district_officer)
    r = client.post("/models/new/", form_data(launched_on="01/03/2019", is_pilot="on"))
    assert r.status_code == 200
    errors = r.context["form"].errors
    assert "launched_on" in errors and "pilot_since" in errors
    assert "15/03/2019" in r.content.decode()
    assert not MovementModel.objects.exists()


def test_editing_a_model_records_the_launch_and_shows_it_in_the_history(client, district_officer):
    units = [make_unit("222") for _ in range(2)]
    model = make_model(launched_on=None, participants=units[:1])
    client.force_login(district_officer)
    form = client.get(f"/models/{model.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("participants", "regulation_file")}
    data |= {"launched_on": "20/02/2018", "participants": [u.pk for u in units], "established_on": "10/01/2018",
             "regulation_on": "20/01/2018", "is_pilot": ""}
    r = client.post(f"/models/{model.pk}/edit/", data)
    assert r.status_code == 302, r.context["form"].errors
    model.refresh_from_db()
    assert model.launched_on == D(2018, 2, 20) and model.participants.count() == 2
    html = client.get(f"/models/{model.pk}/").content.decode()
    assert "<ins>20/02/2018</ins>" in html and units[1].name in html


def test_a_participant_outside_the_officers_scope_is_kept_when_the_officer_edits(client, district_officer):
    luc_nam = make_unit("218", name="Công ty may Lục Nam")
    viet_yen = make_unit("222")
    model = make_model(launched_on=None, participants=[luc_nam, viet_yen])  # chosen by province staff
    client.force_login(district_officer)
    r = client.get(f"/models/{model.pk}/edit/")
    assert 'id="kept-participants"' in r.content.decode() and "Công ty may Lục Nam" in r.content.decode()
    data = form_data(name=model.name, type=model.type_id, area=model.area_id, partner_commune="",
                     established_on="10/01/2018", launched_on="20/02/2018", participants=[viet_yen.pk])
    assert client.post(f"/models/{model.pk}/edit/", data).status_code == 302
    assert set(model.participants.all()) == {luc_nam, viet_yen}


def test_the_admin_pages_open_and_save_through_the_service(client, admin_user, models):
    client.force_login(admin_user)
    admin = "/admin/models_registry/"
    for url in [f"{admin}movementmodel/", f"{admin}movementmodel/{models['paper'].pk}/change/", f"{admin}modeltype/",
                f"{admin}rating/", f"{admin}registryconfig/", f"{admin}pilotselection/"]:
        assert client.get(url).status_code == 200, url
    MovementModel.objects.filter(pk=models["paper"].pk).update(search_text="")
    model = models["paper"]
    r = client.post(f"{admin}movementmodel/{model.pk}/change/", {
        "name": "Mô hình Quang Châu đã sửa", "type": model.type_id, "area": model.area_id,
        "established_on": "10/01/2018",
        "members_count": 12, "briefing_every_months": 3, "replication_sites": 0, "replication_teams": 0,
        "status": "active", "activities-TOTAL_FORMS": 0, "activities-INITIAL_FORMS": 0, "reviews-TOTAL_FORMS": 0,
        "reviews-INITIAL_FORMS": 0})
    assert r.status_code == 302, r.context["adminform"].form.errors
    assert MovementModel.objects.get(pk=model.pk).search_text == "mo hinh quang chau da sua"


# --- Briefings, reviews, elimination -------------------------------------------------------------------------------

def test_a_briefing_is_recorded_from_the_model_page(client, district_officer, models):
    model = models["paper"]
    client.force_login(district_officer)
    r = client.post(f"/models/{model.pk}/activities/new/", {"kind": "briefing", "date": "10/10/2019",
                                                            "note": "Giao ban quý III"})
    assert r.status_code == 302 and r["Location"].endswith(f"/models/{model.pk}/#activities")
    assert model.activities.get().date == D(2019, 10, 10)
    assert "Giao ban quý III" in client.get(f"/models/{model.pk}/").content.decode()


def test_a_briefing_before_the_establishment_is_refused_with_its_reason(client, district_officer, models):
    client.force_login(district_officer)
    r = client.post(f"/models/{models['paper'].pk}/activities/new/", {"kind": "briefing", "date": "01/01/2017"})
    assert r.status_code == 200 and "date" in r.context["form"].errors
    assert not models["paper"].activities.exists()


def test_a_review_is_recorded(client, district_officer, models):
    client.force_login(district_officer)
    rating = Rating.objects.get(name="Khá")
    r = client.post(f"/models/{models['siflex'].pk}/reviews/new/", {"date": "20/12/2019", "rating": rating.pk,
                                                                    "reviewer": "Công an thị xã Việt Yên"})
    assert r.status_code == 302
    assert Review.objects.get(model=models["siflex"]).rating == rating
    assert "Công an thị xã Việt Yên" in client.get(f"/models/{models['siflex'].pk}/").content.decode()


def test_a_model_is_eliminated_with_a_date_and_a_reason(client, district_officer, models):
    model = models["paper"]
    client.force_login(district_officer)
    r = client.post(f"/models/{model.pk}/eliminate/", {"eliminated_on": "30/09/2019"})
    assert r.status_code == 200 and "elimination_reason" in r.context["form"].errors
    r = client.post(f"/models/{model.pk}/eliminate/", {"eliminated_on": "30/09/2019",
                                                       "elimination_reason": "Hoạt động hình thức"})
    assert r.status_code == 302
    model.refresh_from_db()
    assert model.status == ModelStatus.ELIMINATED and model.eliminated_on == D(2019, 9, 30)
    html = client.get(f"/models/{model.pk}/").content.decode()
    assert "Hoạt động hình thức" in html and f'href="/models/{model.pk}/eliminate/"' not in html


def test_an_elimination_before_the_establishment_is_refused(client, district_officer, models):
    client.force_login(district_officer)
    r = client.post(f"/models/{models['paper'].pk}/eliminate/", {"eliminated_on": "01/01/2017",
                                                                 "elimination_reason": "x"})
    assert r.status_code == 200 and "eliminated_on" in r.context["form"].errors
    assert MovementModel.objects.get(pk=models["paper"].pk).status == ModelStatus.ACTIVE


# --- Unit tab -----------------------------------------------------------------------------------------------------

def test_the_unit_page_lists_the_models_it_hosts_or_takes_part_in(client, district_officer):
    host, member, outsider = make_unit("222"), make_unit("222"), make_unit("222")
    make_model(name="Đội tự quản Fuhong", host_unit=host, regulation_on=None)
    make_model(name="Liên kết Vân Trung", participants=[host, member])
    client.force_login(district_officer)
    r = client.get(f"/units/{host.pk}/")
    tab = next(t for t in r.context["tabs"] if t["key"] == "models")
    assert {m.name for m in tab["context"]["models"]} == {"Liên kết Vân Trung", "Đội tự quản Fuhong"}
    html = r.content.decode()
    assert 'data-bs-target="#tab-models" type="button" role="tab">Mô hình<' in html and "formalistic-badge" in html
    member_models = next(t for t in client.get(f"/units/{member.pk}/").context["tabs"] if t["key"] == "models")
    assert [m.name for m in member_models["context"]["models"]] == ["Liên kết Vân Trung"]
    outsider_models = next(t for t in client.get(f"/units/{outsider.pk}/").context["tabs"] if t["key"] == "models")
    assert outsider_models["context"]["models"] == []


# --- Quarterly bulletin -------------------------------------------------------------------------------------------

def test_the_bulletin_lists_the_quarters_new_replicated_and_pilot_models_of_the_scope(client, district_officer):
    source = make_model(name="Mô hình gốc", established_on=D(2017, 5, 1), regulation_on=None, launched_on=None,
                        is_pilot=True, pilot_since=D(2019, 8, 15), pilot_plan="Kế hoạch 61/KH-CAT-PV28")
    make_model(name="Mô hình mới quý III", established_on=D(2019, 7, 1), regulation_on=None, launched_on=None)
    make_model(name="Mô hình nhân rộng", established_on=D(2019, 9, 30), regulation_on=None, launched_on=None,
               replicated_from=source)
    make_model(name="Mô hình quý IV", established_on=D(2019, 10, 1), regulation_on=None, launched_on=None)
    make_model("218", name="Mô hình Lục Nam quý III", established_on=D(2019, 8, 1), regulation_on=None,
               launched_on=None)
    client.force_login(district_officer)
    r = client.get("/models/bulletin/", {"year": 2019, "quarter": 3})
    assert r.status_code == 200
    sections = {s["key"]: [m.name for m in s["rows"]] for s in r.context["sections"]}
    assert sections == {"new": ["Mô hình mới quý III"], "replicated": ["Mô hình nhân rộng"], "pilot": ["Mô hình gốc"]}
    html = r.content.decode()
    assert "Lục Nam" not in html and "Mô hình quý IV" not in html
    assert "quý III năm 2019" in html and "01/07/2019" in html and "30/09/2019" in html
    assert "css/print-document.css" in html and "data-print" in html  # A4 print stylesheet, a print button


def test_the_bulletin_defaults_to_the_current_quarter(client, district_officer):
    client.force_login(district_officer)
    r = client.get("/models/bulletin/")
    assert r.context["year"] == TODAY.year and r.context["start"] <= TODAY <= r.context["end"]
