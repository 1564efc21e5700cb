"""Every shipped data file goes through one loader (antqcore.dataload): a mistake stops the load and is named with
its file, line and item; a dry run writes nothing; what staff changed survives a reload and yields to --reset; a
second load changes nothing. And the codes that figures and data files use cannot be renamed in the admin."""

import dataclasses
import textwrap
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from antqcore.dataload import DataFileInvalid, datafile_load
from certification.criteria_data import CRITERIA_FILE
from certification.management.commands.load_criteria import Command as LoadCriteria
from certification.models import CriteriaSet, Criterion, Scheme
from incidents.models import IncidentType
from incidents.reference_data import INCIDENT_TYPES
from models_registry.models import ModelType, Rating
from models_registry.reference_data import REFERENCE
from reports.models import ReportSection, ReportTemplate
from reports.template_data import REPORT_TEMPLATES
from tallies.catalogue import CATALOGUE
from tallies.models import Indicator, ReportingBody

pytestmark = pytest.mark.django_db
COMMANDS = ["load_catalogue", "load_criteria", "load_incident_types", "load_model_reference", "load_report_templates"]
LOADED = (Scheme, CriteriaSet, Criterion, IncidentType, ModelType, Rating, ReportTemplate, ReportSection, Indicator,
          ReportingBody)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def problems(spec, path: Path) -> list[str]:
    with pytest.raises(DataFileInvalid) as refused:
        datafile_load(spec, files=[path])
    return [str(problem) for problem in refused.value.problems]


def load(command: str, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def history_rows() -> int:
    return sum(model.history.count() for model in LOADED)


# --- Mistakes -------------------------------------------------------------------------------------------------------

def test_an_unknown_key_is_named_with_its_file_line_and_item(tmp_path):
    path = write(tmp_path, "types.yaml", """
        incident_types:
          - {code: theft, order: 30, name: "Trộm cắp tài sản"}
          - {code: fire, order: 20, name: "Cháy, nổ",
             serios_always: true}
        """)
    assert problems(INCIDENT_TYPES, path) == [
        f"{path}:4: incident type “fire”: unknown key “serios_always” (known: code, name, order, serious_always, "
        "serious_damage_vnd, serious_deaths, serious_injuries, serious_when_prosecuted)"]
    assert not IncidentType.objects.filter(name="Cháy, nổ").exclude(code="fire").exists()


def test_a_criterion_naming_an_incident_type_that_does_not_exist_is_refused(tmp_path):
    path = write(tmp_path, "criteria.yaml", """
        schemes:
          - {code: antt_safe, name: "An toàn về ANTT"}
        criteria_sets:
          - scheme: antt_safe
            name: "Bộ tiêu chí thử"
            legal_basis: "Thông tư thử"
            unit_kinds: [enterprise]
            criteria:
              - {code: "1", kind: requirement, text: "Có kế hoạch."}
              - {code: "2", kind: must_not_occur, text: "Không để mất trộm.", incident_types: [theft, thef]}
        """)
    assert problems(CRITERIA_FILE, path) == [
        f"{path}:10: criteria set “antt_safe / Bộ tiêu chí thử” › criterion “2”: “incident_types”: unknown incident "
        "type “thef”"]
    assert not Criterion.objects.filter(criteria_set__name="Bộ tiêu chí thử").exists()


def test_unknown_choices_and_schemes_are_refused(tmp_path):
    path = write(tmp_path, "criteria.yaml", """
        schemes: []
        criteria_sets:
          - scheme: safe
            name: "Bộ tiêu chí thử"
            legal_basis: "Thông tư thử"
            unit_kinds: [factory]
            criteria:
              - {code: "1", kind: must, text: "Có kế hoạch."}
        """)
    assert problems(CRITERIA_FILE, path) == [
        f"{path}:3: criteria set “safe / Bộ tiêu chí thử”: “scheme”: unknown recognition scheme “safe”",
        f"{path}:6: criteria set “safe / Bộ tiêu chí thử”: “unit_kinds”: unknown value “factory” (known: agency, "
        "enterprise, school)",
        f"{path}:8: criteria set “safe / Bộ tiêu chí thử” › criterion “1”: “kind”: unknown value “must” (known: "
        "must_not_occur, requirement)"]


def test_a_missing_required_field_and_a_duplicate_are_named(tmp_path):
    path = write(tmp_path, "reference.yaml", """
        model_types:
          - {code: self_managed, order: 10}
          - {code: linkage, name: "Mô hình liên kết", order: 20}
          - {code: linkage, name: "Mô hình liên kết (bản sao)", order: 30}
        ratings:
          - {name: "Tốt", order: ten}
        """)
    assert problems(REFERENCE, path) == [
        f"{path}:2: model type “self_managed”: “name” is required",
        f"{path}:4: model type “linkage”: repeats the model type on line 3",
        f"{path}:6: rating “Tốt”: “order” must be a whole number, not 'ten'"]


def test_a_report_template_naming_a_figure_the_registry_does_not_know_is_refused(tmp_path):
    path = write(tmp_path, "quarterly.yaml", """
        kind: quarterly
        name: Báo cáo quý
        title: BÁO CÁO
        sections:
        - key: i-tinh-hinh
          level: 2
          heading: I. TÌNH HÌNH
          body: 'Đã xảy ra {% fig "incidents.theft" %} vụ trộm cắp tài sản.'
        """)
    assert problems(REPORT_TEMPLATES, path) == [
        f"{path}:8: template “quarterly / Báo cáo quý” › section “i-tinh-hinh”: “body”: the statistics registry has "
        "no figure “incidents.theft”"]


def test_a_catalogue_figure_naming_an_indicator_a_body_or_a_kind_that_does_not_exist_is_refused(tmp_path):
    path = write(tmp_path, "catalogue.yaml", """
        areas_on: 2019-09-30
        indicators:
          - {code: sessions, category: propaganda, unit: buổi, name: "Buổi tuyên truyền"}
        bodies:
          - {code: ca-222, kind: police, area: "222", period: quarter, name: "Công an thị xã Việt Yên",
             indicators: [sessions]}
          - {code: ca-999, kind: police, area: "999", period: quarter, name: "Công an huyện không có"}
        figures:
          propaganda.sessions: {indicators: [sesions], kinds: [polise], label: "Buổi tuyên truyền"}
          fn3.police.sessions: {indicators: [sessions], bodies: [ca-223], label: "Công an huyện Hiệp Hòa"}
        """)
    assert problems(CATALOGUE, path) == [
        f"{path}:7: reporting body “ca-999”: “area”: unknown area “999”"]
    path.write_text(path.read_text().replace('area: "999"', 'area: "223"'))
    assert problems(CATALOGUE, path) == [
        f"{path}:9: figure “propaganda.sessions”: “indicators”: unknown indicator “sesions”",
        f"{path}:9: figure “propaganda.sessions”: “kinds”: unknown kind of body “polise”",
        f"{path}:10: figure “fn3.police.sessions”: “bodies”: unknown reporting body “ca-223”"]
    assert not ReportingBody.objects.exists()


def test_a_file_that_is_not_yaml_or_repeats_a_key_is_refused_with_its_line(tmp_path):
    broken = write(tmp_path, "types.yaml", """
        incident_types:
          - {code: theft, order: 30, name: "Trộm cắp
        """)
    assert problems(INCIDENT_TYPES, broken)[0].startswith(f"{broken}:3: ")
    repeated = write(tmp_path, "reference.yaml", """
        model_types:
          - {code: linkage, name: "Mô hình liên kết", order: 20, name: "Khác"}
        ratings: []
        """)
    assert problems(REFERENCE, repeated) == [
        f"{repeated}:2: the key “name” is written twice in this mapping (first on line 2)"]


def test_the_command_loads_nothing_and_names_every_mistake(tmp_path, monkeypatch):
    path = write(tmp_path, "criteria.yaml", """
        schemes:
          - {code: antt_safe, name: "An toàn về ANTT (sửa)"}
          - {code: drug_free}
        criteria_sets: []
        """)
    monkeypatch.setattr(LoadCriteria, "spec", dataclasses.replace(CRITERIA_FILE, files=(path,)))
    with pytest.raises(CommandError) as refused:
        load("load_criteria")
    assert f"{path}:3: scheme “drug_free”: “name” is required" in str(refused.value)
    assert "An toàn" in Criterion.objects.first().criteria_set.scheme.name
    assert not Criterion.objects.filter(criteria_set__scheme__name__contains="(sửa)").exists()


def test_the_shipped_files_have_no_mistakes():
    for command in COMMANDS:
        load(command, "--dry-run")


# --- Dry run, staff edits, a second load ----------------------------------------------------------------------------

def test_a_dry_run_says_what_it_would_do_and_writes_nothing():
    ModelType.objects.filter(code="linkage").delete()
    Rating.objects.filter(name="Khá").update(order=99)
    rows = history_rows()
    out = load("load_model_reference", "--dry-run")
    assert "Would have created: linkage\n" in out and "Would have updated: Khá\n" in out
    assert not ModelType.objects.filter(code="linkage").exists()
    assert Rating.objects.get(name="Khá").order == 99
    assert history_rows() == rows


def test_what_staff_changed_survives_a_reload_and_yields_to_reset(admin_user):
    linkage = ModelType.objects.get(code="linkage")
    linkage.name = "Mô hình liên kết (tên do tỉnh đặt)"
    linkage._history_user = admin_user
    linkage.save()
    criterion = Criterion.objects.filter(criteria_set__area=None, kind="must_not_occur").first()
    criterion.incident_types = ["theft"]
    criterion._history_user = admin_user
    criterion.save()
    load("load_catalogue")
    tips = Indicator.objects.get(code="tips")
    tips.name = "Tin báo, tố giác"
    tips._history_user = admin_user
    tips.save()
    assert "kept (changed by staff; --reset to overwrite): tips\n" in load("load_catalogue")
    assert "kept (changed by staff; --reset to overwrite): linkage\n" in load("load_model_reference")
    assert "kept (changed by staff; --reset to overwrite): " in load("load_criteria")
    linkage.refresh_from_db()
    criterion.refresh_from_db()
    assert linkage.name == "Mô hình liên kết (tên do tỉnh đặt)" and criterion.incident_types == ["theft"]
    assert "updated: linkage\n" in load("load_model_reference", "--reset")
    load("load_criteria", "--reset")
    assert "updated: tips\n" in load("load_catalogue", "--reset")
    assert Indicator.objects.get(code="tips").name.startswith("Nguồn tin về ANTT")
    linkage.refresh_from_db()
    criterion.refresh_from_db()
    assert linkage.name.startswith("Mô hình liên kết bảo đảm ANTT") and criterion.incident_types != ["theft"]


def test_a_row_staff_deleted_or_renamed_is_not_created_again_unless_reset(admin_user):
    weak = Rating.objects.get(name="Yếu")
    weak.name = "Chưa đạt"
    weak._history_user = admin_user
    weak.save()
    shipped = ModelType.objects.get(code="boarding_house_team")
    shipped._history_user = admin_user
    shipped.delete()
    out = load("load_model_reference")
    assert "kept (changed by staff; --reset to overwrite): boarding_house_team, Yếu\n" in out
    assert "not in the file, left as they are (delete them in the admin if they are no longer wanted): Chưa đạt" in out
    assert not ModelType.objects.filter(code="boarding_house_team").exists() and not Rating.objects.filter(
        name="Yếu").exists()
    load("load_model_reference", "--reset")
    assert ModelType.objects.filter(code="boarding_house_team").exists() and Rating.objects.get(name="Yếu").is_weak


@pytest.mark.parametrize("command", COMMANDS)
def test_a_second_load_changes_nothing(command):
    load(command)
    rows = history_rows()
    out = load(command)
    assert out.startswith("created: -\nupdated: -\n"), out
    assert history_rows() == rows


# --- Codes are fixed once created -----------------------------------------------------------------------------------

def test_the_admin_cannot_change_an_incident_types_code(client, admin_user):
    theft = IncidentType.objects.get(code="theft")
    client.force_login(admin_user)
    url = f"/admin/incidents/incidenttype/{theft.pk}/change/"
    page = client.get(url).content.decode()
    assert "disabled" in page.split('name="code"')[1][:80]
    form = {"code": "theft-renamed", "name": "Trộm cắp tài sản (đổi tên)", "order": theft.order,
            "serious_damage_vnd": theft.serious_damage_vnd, "active": "on"}
    assert client.post(url, form).status_code == 302
    theft.refresh_from_db()
    assert (theft.code, theft.name) == ("theft", "Trộm cắp tài sản (đổi tên)")
    assert client.post("/admin/incidents/incidenttype/add/", form | {"order": 999}).status_code == 302
    assert IncidentType.objects.filter(code="theft-renamed").exists()  # a new type is given its code
