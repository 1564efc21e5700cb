"""#12 item 6: every reference a writer sets lies in the writer's scope.

A district officer of Việt Yên (222 on the 2019 map) tries to set each writable relation of the API and of the web
forms to a record of Lục Nam (218): the zone of a unit, the council of an appraisal, the units of a model... Each
attempt is refused, naming the field (400 from the API, the error on the form's field), or with 403 where the
relation places the record itself (its area, the unit it belongs to), and the database is left as it was.

The inventory below is read from the code: every relation field of every serializer of the API's modules and of
every form of the web pages. Each one must have a scenario here or be listed, with the reason, as shared reference
data (a province-wide catalogue) or as a filter that writes nothing. A relation added later without either makes
test_every_writable_relation_is_accounted_for fail."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.forms.widgets import DateTimeBaseInput
from rest_framework import relations, serializers

from antqcore.models import Organisation
from certification.models import Council, CriteriaSet, Criterion, Participation, Scheme, Status
from certification.services import participation_assess, participation_register, participation_submit
from coordination.models import Agreement
from incidents.models import IncidentType
from reports.models import ReportRun
from reports.services import report_run_create
from tests.certification.helpers import all_met, campaign, walk_to_appraised
from tests.commendations.factories import make_commendation
from tests.conftest import area, client_for
from tests.coordination.factories import make_agreement, make_document, make_inspection
from tests.incidents.helpers import make_incident
from tests.models_registry.test_api import make_model
from tests.reports.helpers_core import small_template
from tests.tallies.helpers import load_catalogue
from tests.units.factories import commune_of, make_unit
from units.models import IndustrialZone, Unit
from units.services import unit_update

pytestmark = pytest.mark.django_db
D = datetime.date
PROJECT_APPS = ("antqcore", "units", "certification", "models_registry", "incidents", "commendations", "tallies",
                "coordination", "reports")


# --- The inventory: read from the code ----------------------------------------------------------------------------

def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _app_of(cls) -> str | None:
    module = cls.__module__
    app = module.split(".")[0]
    return app if app in PROJECT_APPS and ".admin" not in module else None


def _serializer_relations(serializer, prefix: str) -> set[str]:
    found = set()
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        if isinstance(field, relations.RelatedField | relations.ManyRelatedField):
            found.add(prefix + name)
        elif isinstance(field, serializers.ListSerializer):
            found |= _serializer_relations(field.child, f"{prefix}{name}.")
        elif isinstance(field, serializers.BaseSerializer):
            found |= _serializer_relations(field, f"{prefix}{name}.")
    return found


def api_relations() -> set[str]:
    """Writable relation fields of every serializer of the project's API modules (the router imports them all)."""
    import config.api_router  # noqa: F401

    found = set()
    for cls in set(_subclasses(serializers.BaseSerializer)):
        # A list serializer has no fields of its own (antqcore.api.listing's writes the lists of every ViewSet).
        if _app_of(cls) and not issubclass(cls, serializers.ListSerializer):
            found |= {f"{_app_of(cls)}.{cls.__name__}.{name}" for name in _serializer_relations(cls(), "")}
    return found


def form_relations() -> set[str]:
    """ModelChoiceField and ModelMultipleChoiceField of every form of the web pages (the URLconf imports them)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports every view, and so every form)
    found = set()
    for cls in set(_subclasses(forms.BaseForm)):
        if _app_of(cls):
            found |= {f"{_app_of(cls)}.{cls.__name__}.{name}" for name, field in cls.base_fields.items()
                      if isinstance(field, forms.ModelChoiceField)}
    return found


SHARED = {
    "certification.CampaignSerializer.scheme": "the two recognition schemes are national; only province staff open "
                                               "campaigns",
    "certification.CampaignForm.scheme": "the two recognition schemes are national; only province staff open "
                                         "campaigns",
    "certification.ParticipationSerializer.campaign": "campaigns are the province's, every user reads them",
    "certification.BulkDecisionSerializer.campaign": "campaigns are the province's, every user reads them",
    "certification.CriticismSerializer.campaign": "campaigns are the province's, every user reads them",
    "certification.CriticismForm.campaign": "campaigns are the province's, every user reads them",
    "incidents.IncidentSerializer.type": "the province's taxonomy of incidents; an inactive type is refused for a "
                                         "new incident (test_an_inactive_incident_type_is_refused)",
    "incidents.IncidentForm.type": "the province's taxonomy of incidents; the form offers the active types",
    "models_registry.MovementModelSerializer.type": "the province's list of model types (edited in the admin)",
    "models_registry.MovementModelForm.type": "the province's list of model types (edited in the admin)",
    "models_registry.ReviewSerializer.rating": "the province's rating scale (edited in the admin)",
    "models_registry.ReviewForm.rating": "the province's rating scale (edited in the admin)",
    "tallies.ReportingBodyWriteSerializer.indicators": "the province's catalogue of indicators (read by every user); "
                                                       "only province staff write a body, an inactive one is refused",
}

FILTERS = {key: "a filter of a list or summary page: it narrows what the user reads, within the scope, and sets "
                "nothing" for key in [
    "units.UnitFilterForm.area", "units.UnitFilterForm.zone", "certification.ParticipationFilterForm.area",
    "models_registry.ModelFilterForm.area", "models_registry.ModelFilterForm.type",
    "incidents.IncidentFilterForm.area", "incidents.IncidentFilterForm.type", "incidents.IncidentFilterForm.unit",
    "commendations.CommendationFilterForm.area", "coordination.AgreementFilterForm.area",
    "coordination.InspectionFilterForm.area", "tallies.SummaryForm.area", "tallies.ValueFilterForm.body",
    "tallies.ValueFilterForm.indicator", "reports.RunFilterForm.area",
]}

# Relations whose refusal is not a form shown again nor an API answer, with the test that covers it.
ELSEWHERE = {
    "coordination.CiteForm.document": "a button of a record's page, refused as a message on that page: "
                                      "tests/coordination/test_views.py::"
                                      "test_a_writer_cites_a_document_picked_among_those_they_read",
}


# --- The scenarios ------------------------------------------------------------------------------------------------

@dataclass
class Attempt:
    send: Callable  # makes the request
    field: str | None  # the field the refusal names; None: a 403 (the record itself would leave the scope)


def luc_nam_unit():
    return make_unit("218", name="Công ty may Lục Nam")


def submitted_participation(unit):
    p = participation_register(campaign=campaign(), unit=unit, actor=None, on=D(2019, 2, 1))
    p = participation_assess(participation=p, actor=None, answers=all_met(p), on=D(2019, 10, 1))
    return participation_submit(participation=p, actor=None, on=D(2019, 10, 15))


def luc_nam_council():
    return Council.objects.create(name="Hội đồng thẩm định huyện Lục Nam", members="Đồng chí B", area=area("218"))


def resubmit(w, url: str, **changes):
    """Post a form back as its page shows it, with `changes`: what a user does who edits one field."""
    form = w.web.get(url).context["form"]
    data = {}
    for bound in form:
        value, widget = bound.value(), bound.field.widget
        if isinstance(widget, forms.FileInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(widget, DateTimeBaseInput) and value:
            data[bound.html_name] = widget.format_value(value)
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        elif value is not None:
            data[bound.html_name] = value
    return lambda: w.web.post(url, data | changes)


def web_post(w, url, data):
    return lambda: w.web.post(url, data)


def api_post(w, url, payload):
    return lambda: w.api.post(url, payload, format="json")


def api_patch(w, url, payload):
    return lambda: w.api.patch(url, payload, format="json")


def unit_payload(**extra):
    return {"name": "Trường THPT Việt Yên số 5", "kind": "school", "subtype": "upper_secondary",
            "commune": commune_of("222").pk, "managing_level": "province", "student_count": 900} | extra


def incident_payload(**extra):
    return {"type": "theft", "occurred_at": "2019-06-03T10:00:00+07:00", "description": "Trộm cắp linh kiện"} | extra


def commendation_payload(**extra):
    return {"form": "certificate_of_commendation", "grantor": "police_director", "recipient_kind": "collective",
            "decision_number": "512/QĐ-CAT-PX01", "decision_date": "2018-08-13", "occasion": "august_19"} | extra


def model_payload(**extra):
    return {"name": "Liên kết bảo đảm ANTT xã Tăng Tiến", "type": "linkage", "area": commune_of("222").pk,
            "established_on": "2019-03-15", "members_count": 15} | extra


def agreement_payload(**extra):
    return {"kind": "regulation", "number": "20/QCPH-CAH", "signed_on": "2019-03-15", "police_side": "local",
            "area": area("222").pk, "police_unit_name": "Công an huyện Việt Yên", "partner_name": "Công ty A",
            "subject": "Phối hợp bảo đảm ANTT"} | extra


def decision_form(**extra):
    return {"number": "120/QĐ-UBND", "date": "20/12/2019", "authority": "Chủ tịch UBND huyện Việt Yên",
            "level": "district", "signer": "Nguyễn Văn Linh", "area": area("222").pk, "recognized": "1"} | extra


SCENARIOS: dict[str, Callable[[SimpleNamespace], Attempt]] = {
    # --- API: references (400 naming the field) ---
    "units.UnitSerializer.zone": lambda w: Attempt(api_patch(w, f"/api/v1/units/{w.unit.pk}/", {
        "zone": IndustrialZone.objects.create(name="KCN Lục Nam", kind="zone", area=area("218")).pk,
        "version": w.unit.version}), "zone"),
    "certification.AppraiseSerializer.council": lambda w: Attempt(api_post(
        w, f"/api/v1/certification/participations/{submitted_participation(w.unit).pk}/appraise/",
        {"council": luc_nam_council().pk, "meeting_on": "2019-11-25", "recommends": True}), "council"),
    "certification.AssessSerializer.answers.criterion": lambda w: assess_with_a_foreign_criterion(w),
    "certification.AnswerSerializer.criterion": lambda w: assess_with_a_foreign_criterion(w),
    "commendations.CommendationSerializer.unit": lambda w: Attempt(api_post(w, "/api/v1/commendations/",
        commendation_payload(unit=luc_nam_unit().pk, area=commune_of("222").pk)), "unit"),
    "incidents.IncidentSerializer.unit": lambda w: Attempt(api_post(w, "/api/v1/incidents/",
        incident_payload(unit=luc_nam_unit().pk, area=commune_of("222").pk)), "unit"),
    "models_registry.MovementModelSerializer.host_unit": lambda w: Attempt(api_post(w, "/api/v1/models/",
        model_payload(host_unit=luc_nam_unit().pk)), "host_unit"),
    "models_registry.MovementModelSerializer.participants": lambda w: Attempt(api_post(w, "/api/v1/models/",
        model_payload(participants=[w.unit.pk, luc_nam_unit().pk])), "participants"),
    "models_registry.MovementModelSerializer.partner_commune": lambda w: Attempt(api_post(w, "/api/v1/models/",
        model_payload(partner_commune=commune_of("218").pk)), "partner_commune"),
    "models_registry.MovementModelSerializer.replicated_from": lambda w: Attempt(api_post(w, "/api/v1/models/",
        model_payload(replicated_from=make_model("218", name="Tổ tự quản Đồi Ngô").pk)), "replicated_from"),
    "coordination.AgreementSerializer.partner_unit": lambda w: Attempt(api_post(w, "/api/v1/activities/agreements/",
        agreement_payload(partner_unit=luc_nam_unit().pk)), "partner_unit"),
    "coordination.AgreementSerializer.replaced_by": lambda w: Attempt(api_post(w, "/api/v1/activities/agreements/",
        agreement_payload(status="replaced", ended_on="2019-12-31", replaced_by=make_agreement(
            luc_nam_unit(), number="08/KH-CAH", police_unit_name="Công an huyện Lục Nam").pk)), "replaced_by"),
    # --- API: what places the record itself (403, as any write outside the scope) ---
    "antqcore.OrganisationSerializer.area": lambda w: Attempt(api_post(w, "/api/v1/organisations/",
        {"name": "Công an thị trấn Đồi Ngô", "kind": "police", "area": commune_of("218").pk}), None),
    "units.UnitSerializer.commune": lambda w: Attempt(api_post(w, "/api/v1/units/",
        unit_payload(commune=commune_of("218").pk)), None),
    "units.IndustrialZoneSerializer.area": lambda w: Attempt(api_post(w, "/api/v1/industrial-zones/",
        {"name": "CCN Đồi Ngô", "kind": "cluster", "area": commune_of("218").pk}), None),
    "certification.ParticipationSerializer.unit": lambda w: Attempt(api_post(
        w, "/api/v1/certification/participations/", {"campaign": campaign().pk, "unit": luc_nam_unit().pk}), None),
    "certification.CriticismSerializer.unit": lambda w: Attempt(api_post(w, "/api/v1/certification/criticisms/", {
        "unit": luc_nam_unit().pk, "date": "2019-05-01", "issuer": "UBND huyện Việt Yên",
        "content": "Chưa đăng ký xây dựng phong trào"}), None),
    "commendations.CommendationSerializer.area": lambda w: Attempt(api_post(w, "/api/v1/commendations/",
        commendation_payload(organisation_name="Hội Cựu chiến binh", area=commune_of("218").pk)), None),
    "incidents.IncidentSerializer.area": lambda w: Attempt(api_post(w, "/api/v1/incidents/",
        incident_payload(area=commune_of("218").pk)), None),
    "models_registry.MovementModelSerializer.area": lambda w: Attempt(api_post(w, "/api/v1/models/",
        model_payload(area=commune_of("218").pk)), None),
    "models_registry.PilotUnitSerializer.unit": lambda w: Attempt(api_post(w, "/api/v1/models/pilot-units/", {
        "unit": luc_nam_unit().pk, "plan": "Kế hoạch 61/KH-CAT-PV28", "selected_on": "2015-03-31"}), None),
    "coordination.AgreementSerializer.area": lambda w: Attempt(api_post(w, "/api/v1/activities/agreements/",
        agreement_payload(area=area("218").pk, police_unit_name="Công an huyện Lục Nam")), None),
    "coordination.DocumentSerializer.area": lambda w: Attempt(api_post(w, "/api/v1/activities/documents/", {
        "doc_type": "dispatch", "number": "55/UBND-CA", "issued_on": "2018-06-01", "issuer": "UBND huyện Lục Nam",
        "subject": "Triển khai phong trào", "area": area("218").pk}), None),
    "coordination.InspectionSerializer.unit": lambda w: Attempt(api_post(w, "/api/v1/activities/inspections/", {
        "inspected_on": "2019-04-02", "inspecting_body": "district_committee", "unit": luc_nam_unit().pk,
        "subject": "Kiểm tra phong trào"}), None),
    "tallies.GridSerializer.body": lambda w: tally_grid_of_luc_nam(w),
    # --- Web forms: the field shows the error ---
    "units.UnitForm.zone": lambda w: Attempt(resubmit(w, f"/units/{w.unit.pk}/edit/", zone=IndustrialZone.objects
                                                      .create(name="KCN Lục Nam", kind="zone", area=area("218")).pk),
                                             "zone"),
    "units.UnitForm.commune": lambda w: Attempt(resubmit(w, f"/units/{w.unit.pk}/edit/",
                                                         commune=commune_of("218").pk), "commune"),
    "certification.RegisterForm.units": lambda w: Attempt(web_post(
        w, f"/certification/campaigns/{campaign().pk}/register/",
        {"units": [luc_nam_unit().pk], "registered_on": "01/02/2019"}), "units"),
    "certification.AppraisalForm.council": lambda w: Attempt(web_post(
        w, f"/certification/participations/{submitted_participation(w.unit).pk}/appraise/",
        {"council": luc_nam_council().pk, "meeting_on": "25/11/2019", "recommends": "1"}), "council"),
    "certification.SingleDecisionForm.area": lambda w: Attempt(web_post(
        w, f"/certification/participations/{walk_to_appraised(w.unit).pk}/decide/", decision_form(
            area=area("218").pk)), "area"),
    "certification.DecisionForm.area": lambda w: bulk_decision_in_luc_nam(w),
    "commendations.CommendationForm.unit": lambda w: Attempt(resubmit(
        w, f"/commendations/{make_commendation(w.unit).pk}/edit/", unit=luc_nam_unit().pk), "unit"),
    "commendations.CommendationForm.area": lambda w: Attempt(resubmit(
        w, f"/commendations/{make_commendation(w.unit).pk}/edit/", area=commune_of("218").pk), "area"),
    "incidents.IncidentForm.unit": lambda w: Attempt(resubmit(
        w, f"/incidents/{make_incident(unit=w.unit).pk}/edit/", unit=luc_nam_unit().pk), "unit"),
    "incidents.IncidentForm.area": lambda w: Attempt(resubmit(
        w, f"/incidents/{make_incident(unit=w.unit).pk}/edit/", unit="", area=commune_of("218").pk), "area"),
    "models_registry.MovementModelForm.area": lambda w: Attempt(resubmit(
        w, f"/models/{make_model().pk}/edit/", area=commune_of("218").pk), "area"),
    "models_registry.MovementModelForm.host_unit": lambda w: Attempt(resubmit(
        w, f"/models/{make_model().pk}/edit/", host_unit=luc_nam_unit().pk), "host_unit"),
    "models_registry.MovementModelForm.participants": lambda w: Attempt(resubmit(
        w, f"/models/{make_model().pk}/edit/", participants=[w.unit.pk, luc_nam_unit().pk]), "participants"),
    "models_registry.MovementModelForm.partner_commune": lambda w: Attempt(resubmit(
        w, f"/models/{make_model().pk}/edit/", partner_commune=commune_of("218").pk), "partner_commune"),
    "models_registry.MovementModelForm.replicated_from": lambda w: Attempt(resubmit(
        w, f"/models/{make_model().pk}/edit/", replicated_from=make_model("218", name="Tổ tự quản Đồi Ngô").pk),
        "replicated_from"),
    "coordination.AgreementForm.area": lambda w: Attempt(resubmit(
        w, f"/activities/agreements/{make_agreement(w.unit).pk}/edit/", area=area("218").pk), "area"),
    "coordination.AgreementForm.partner_unit": lambda w: Attempt(resubmit(
        w, f"/activities/agreements/{make_agreement(w.unit).pk}/edit/", partner_unit=luc_nam_unit().pk),
        "partner_unit"),
    "coordination.AgreementForm.replaced_by": lambda w: Attempt(resubmit(
        w, f"/activities/agreements/{make_agreement(w.unit).pk}/edit/", status="replaced", ended_on="31/12/2019",
        replaced_by=make_agreement(luc_nam_unit(), number="08/KH-CAH").pk), "replaced_by"),
    "coordination.DocumentForm.area": lambda w: Attempt(resubmit(
        w, f"/activities/documents/{make_document(area_code='222').pk}/edit/", area=area("218").pk), "area"),
    "coordination.InspectionForm.unit": lambda w: Attempt(resubmit(
        w, f"/activities/inspections/{make_inspection(w.unit).pk}/edit/", unit=luc_nam_unit().pk), "unit"),
    "reports.RunCreateForm.area": lambda w: Attempt(web_post(w, "/reports/new/", {
        "kind": "quarterly", "period_start": "01/07/2019", "period_end": "30/09/2019", "area": area("218").pk}),
        "area"),
}


def assess_with_a_foreign_criterion(w) -> Attempt:
    """An addition of another province (Bắc Ninh's own criteria set) is not in force for a unit of Việt Yên."""
    p = participation_register(campaign=campaign(), unit=w.unit, actor=None, on=D(2019, 2, 1))
    own = CriteriaSet.objects.create(scheme=Scheme.objects.get(code="antt_safe"), name="Bổ sung của Bắc Ninh",
                                     legal_basis="Quyết định của UBND tỉnh Bắc Ninh", unit_kinds=["enterprise"],
                                     area=area("27"))
    foreign = Criterion.objects.create(criteria_set=own, order=1, code="BN1", text="Tiêu chí riêng",
                                       kind="requirement")
    answers = [{"criterion": pk, "met": True, "note": ""} for pk in [*all_met(p), foreign.pk]]
    return Attempt(api_post(w, f"/api/v1/certification/participations/{p.pk}/assess/", {"answers": answers}),
                   "answers")


def tally_grid_of_luc_nam(w) -> Attempt:
    load_catalogue()
    return Attempt(api_post(w, "/api/v1/activities/values/grid/", {
        "body": "ca-218", "period": "2019-Q3", "area": "222", "values": {"sessions": {"value": "12"}}}), None)


def bulk_decision_in_luc_nam(w) -> Attempt:
    p = walk_to_appraised(w.unit)
    return Attempt(web_post(w, f"/certification/campaigns/{p.campaign_id}/decision/",
                            decision_form(area=area("218").pk, participations=[p.pk])), "area")


# --- The checks ---------------------------------------------------------------------------------------------------

def database_state() -> dict:
    """Every row of the registries (history included) and the organisations: a refused write changes none."""
    state = {"antqcore.Organisation": list(Organisation.objects.order_by("pk").values())}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in PROJECT_APPS and model._meta.app_label != "antqcore":
            state[model._meta.label] = list(model._default_manager.order_by("pk").values())
    return state


@pytest.fixture
def world(district_officer, client):
    client.force_login(district_officer)
    return SimpleNamespace(officer=district_officer, web=client, api=client_for(district_officer),
                           unit=make_unit("222", name="Công ty TNHH Siflex Việt Nam"))


def test_every_writable_relation_is_accounted_for():
    found = api_relations() | form_relations()
    listed = set(SCENARIOS) | set(SHARED) | set(FILTERS) | set(ELSEWHERE)
    assert not found - listed, f"relations without a scenario or a reason: {sorted(found - listed)}"
    assert not listed - found, f"listed relations the code no longer has: {sorted(listed - found)}"
    assert not set(SCENARIOS) & (set(SHARED) | set(FILTERS) | set(ELSEWHERE))


@pytest.mark.parametrize("key", sorted(SCENARIOS))
def test_a_district_officer_cannot_set_a_record_of_another_district(world, key):
    attempt = SCENARIOS[key](world)
    before = database_state()
    response = attempt.send()
    if attempt.field is None:
        assert response.status_code == 403, (response.status_code, getattr(response, "data", None))
    elif hasattr(response, "data") and response.get("Content-Type", "").startswith("application/json"):
        assert response.status_code == 400, (response.status_code, response.data)
        assert set(response.json()["errors"]) == {attempt.field}, response.json()
    else:
        assert response.status_code == 200, response.status_code
        errors = response.context["form"].errors
        assert set(errors) == {attempt.field}, errors.as_data()
    assert database_state() == before


# --- The message, the service, and what stays as it was ---------------------------------------------------------------

def test_the_refusal_names_the_field_in_vietnamese(world):
    zone = IndustrialZone.objects.create(name="KCN Lục Nam", kind="zone", area=area("218"))
    r = world.api.patch(f"/api/v1/units/{world.unit.pk}/", {"zone": zone.pk, "version": world.unit.version},
                        format="json")
    assert r.status_code == 400
    assert r.json()["errors"] == {"zone": ["KCN/CCN đã chọn nằm ngoài địa bàn của bạn."]}
    assert r.json()["detail"] == "KCN/CCN đã chọn nằm ngoài địa bàn của bạn."
    assert Unit.objects.get(pk=world.unit.pk).zone is None


def test_the_service_refuses_it_whoever_calls_it(district_officer):
    """An import or any other caller gets the same refusal from the service."""
    unit = make_unit("222")
    zone = IndustrialZone.objects.create(name="KCN Lục Nam", kind="zone", area=area("218"))
    with pytest.raises(ValidationError) as refused:
        unit_update(unit=unit, data={"zone": zone}, actor=district_officer)
    assert set(refused.value.message_dict) == {"zone"}
    assert Unit.objects.get(pk=unit.pk).zone is None


def test_what_a_wider_scope_chose_may_stay(world, province_staff):
    """Province staff put a Việt Yên unit in a zone of Lục Nam; the district officer edits the unit's phone, through
    the API and the form, and the zone stays."""
    zone = IndustrialZone.objects.create(name="KCN Lục Nam", kind="zone", area=area("218"))
    r = client_for(province_staff).patch(f"/api/v1/units/{world.unit.pk}/", {"zone": zone.pk,
                                                                             "version": world.unit.version},
                                         format="json")
    assert r.status_code == 200, r.json()
    r = world.api.patch(f"/api/v1/units/{world.unit.pk}/", {"phone": "0204 3874 123", "version": r.json()["version"]},
                        format="json")
    assert r.status_code == 200, r.json()
    r = resubmit(world, f"/units/{world.unit.pk}/edit/", phone="0204 3874 999",
                 version=Unit.objects.get(pk=world.unit.pk).version)()
    assert r.status_code == 302, r.context["form"].errors
    unit = Unit.objects.get(pk=world.unit.pk)
    assert (unit.zone, unit.phone) == (zone, "0204 3874 999")


def test_province_staff_and_administrators_set_any_record_of_the_province(province_staff, admin_user):
    luc_nam_zone = IndustrialZone.objects.create(name="KCN Lục Nam", kind="zone", area=area("218"))
    council = luc_nam_council()
    for user in (province_staff, admin_user):
        unit = make_unit("222")
        r = client_for(user).patch(f"/api/v1/units/{unit.pk}/", {"zone": luc_nam_zone.pk, "version": unit.version},
                                   format="json")
        assert r.status_code == 200, r.json()
        p = submitted_participation(unit)
        r = client_for(user).post(f"/api/v1/certification/participations/{p.pk}/appraise/",
                                  {"council": council.pk, "meeting_on": "2019-11-25", "recommends": True},
                                  format="json")
        assert r.status_code == 200, r.json()
        assert Participation.objects.get(pk=p.pk).status == Status.APPRAISED


def test_a_district_officer_brings_a_dossier_before_the_provinces_council(world):
    council = Council.objects.create(name="Hội đồng thẩm định tỉnh", members="Đồng chí A", area=area("24"))
    p = submitted_participation(world.unit)
    r = world.api.post(f"/api/v1/certification/participations/{p.pk}/appraise/",
                       {"council": council.pk, "meeting_on": "2019-11-25", "recommends": True}, format="json")
    assert r.status_code == 200, r.json()


def test_an_inactive_incident_type_is_refused_for_a_new_incident_but_kept_by_an_old_one(world):
    old = make_incident("theft", unit=world.unit)
    IncidentType.objects.filter(code="theft").update(active=False)
    r = world.api.post("/api/v1/incidents/", incident_payload(unit=world.unit.pk), format="json")
    assert r.status_code == 400 and set(r.json()["errors"]) == {"type"}, r.json()
    r = world.api.patch(f"/api/v1/incidents/{old.pk}/", {"verified": True}, format="json")
    assert r.status_code == 200, r.json()


def test_the_apis_pickers_offer_only_the_scope(world):
    IndustrialZone.objects.create(name="KCN Vân Trung", kind="zone", area=area("222"))
    IndustrialZone.objects.create(name="KCN Lục Nam", kind="zone", area=area("218"))
    luc_nam_unit()
    # Request bodies are JSON only (#17 part 2): the browsable API's form is the raw JSON one, with no picker of
    # records at all (not even of the scope's zones), so nothing of another district shows on its pages.
    html = world.web.get("/api/v1/units/", HTTP_ACCEPT="text/html").content.decode()
    assert "Công ty TNHH Siflex Việt Nam" in html  # the list itself: the scope's units
    assert "KCN Vân Trung" not in html and "KCN Lục Nam" not in html and "Công ty may Lục Nam" not in html
    html = world.web.get("/api/v1/models/", HTTP_ACCEPT="text/html").content.decode()
    assert "Công ty TNHH Siflex Việt Nam" not in html and "Công ty may Lục Nam" not in html


def test_an_agreement_keeps_the_replacing_agreement_a_wider_scope_chose(world):
    luc_nam = make_agreement(luc_nam_unit(), number="08/KH-CAH")
    mine = make_agreement(world.unit, status="replaced", ended_on=D(2019, 12, 31), replaced_by=luc_nam)
    r = world.api.patch(f"/api/v1/activities/agreements/{mine.pk}/", {"subject": "Phối hợp bảo vệ"}, format="json")
    assert r.status_code == 200, r.json()
    assert Agreement.objects.get(pk=mine.pk).replaced_by == luc_nam


def test_a_reports_area_is_judged_on_the_map_of_the_report(province_staff):
    """Việt Yên district ended on 30/06/2025: a report on the map of September 2025 cannot name it, whichever way
    it is asked (the API reads the code on that map; the service refuses the area itself)."""
    small_template("quarterly")
    with pytest.raises(ValidationError) as refused:
        report_run_create(actor=province_staff, template_kind="quarterly", area=area("222"),
                          period_start=D(2025, 7, 1), period_end=D(2025, 9, 30))
    assert refused.value.message_dict == {"area": ["Địa bàn đã chọn không tồn tại vào ngày 30/09/2025."]}
    assert not ReportRun.objects.exists()


def test_an_import_cannot_put_a_unit_in_another_districts_zone(district_officer):
    """The Excel import goes through the same services: a sheet naming Lục Nam's zone for a Việt Yên unit is refused
    on its row, and nothing is written."""
    from antqcore.excel.commit import ImportRejected
    from tests.units.test_excel import row, sheet
    from units.excel import units_import_commit, units_import_preview

    IndustrialZone.objects.create(name="KCN Lục Nam", kind="zone", area=area("218"))
    result = units_import_preview(file=sheet(row(**{"KCN/CCN": "KCN Lục Nam"})), user=district_officer)
    errors = [message for r in result.rows for _header, message in r.errors]
    assert errors == ["KCN/CCN đã chọn nằm ngoài địa bàn của bạn."]
    with pytest.raises(ImportRejected):
        units_import_commit(result=result, user=district_officer)
    assert not Unit.objects.filter(name="Công ty May Việt Yên").exists()
