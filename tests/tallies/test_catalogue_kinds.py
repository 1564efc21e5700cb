"""The catalogue's kinds of body (#16): its loader refuses a figure naming bodies (figures are defined on kinds), an
unknown kind, level, period or indicator in `kinds`, an unknown key and a figure without a definition, each with the
file and the line; and `load_catalogue` keeps the bodies made or changed in the admin."""

import dataclasses
import io
import textwrap

import pytest
from django.core.management import call_command

from antqcore.dataload import DataFileInvalid, datafile_load
from antqcore.models import Area
from tallies.catalogue import CATALOGUE, catalogue_data, kind_specs
from tallies.models import BodyKind, Indicator, ReportingBody
from tests.conftest import area

from .helpers import catalogue  # noqa: F401

pytestmark = pytest.mark.django_db

HEAD = """
    areas_on: 2019-09-30
    indicators:
      - {code: sessions, category: propaganda, unit: buổi, name: "Buổi tuyên truyền"}
      - {code: leaflets, category: propaganda, unit: tờ, name: "Tờ rơi"}
    bodies:
      - {code: ca-222, kind: police, area: "222", period: quarter, name: "Công an thị xã Việt Yên",
         indicators: [sessions]}
    """


def problems(tmp_path, text: str) -> list[str]:
    path = tmp_path / "catalogue.yaml"
    path.write_text(textwrap.dedent(HEAD).lstrip() + textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    with pytest.raises(DataFileInvalid) as refused:
        datafile_load(dataclasses.replace(CATALOGUE, files=(path,)))
    assert not ReportingBody.objects.exists()
    return [str(p).replace(str(path), "catalogue.yaml") for p in refused.value.problems]


def test_a_figure_naming_a_body_is_refused_figures_are_defined_on_kinds(tmp_path):
    assert problems(tmp_path, """
        figures:
          propaganda.sessions: {indicators: [sessions], bodies: [ca-222], label: "Buổi tuyên truyền"}
        """) == ["catalogue.yaml:9: figure “propaganda.sessions”: “bodies”: figures are defined on kinds, never on "
                 "bodies' codes: write “kinds” instead"]


def test_unknown_kinds_levels_periods_keys_and_a_figure_without_a_definition_are_named_with_their_line(tmp_path):
    assert problems(tmp_path, """
        kinds:
          - {kind: police, level: district, code: ca, period: quarter, name: "Công an {area}", indicators: [sessions]}
          - {kind: polise, level: district, code: ca, period: quarter, name: "Công an {area}", indicators: [sessions]}
          - {kind: police, level: ward, code: ca, period: weekly, name: "Công an", indicators: [sesions], color: red}
          - {kind: commune_police, code: ca, period: quarter, name: "Công an {area}", indicators: [leaflets]}
        figures:
          propaganda.sessions: {indicators: [sessions], kinds: [police, commune_polise], label: "Buổi"}
          propaganda.leaflets: {kinds: [police], label: "Tờ rơi"}
          propaganda.handbooks: {indicators: [leaflets], kinds: [police], label: "Cẩm nang", unit: cuốn}
        """) == [
        "catalogue.yaml:10: kind “polise”: unknown kind of body “polise” (known: "
        + ", ".join(sorted(BodyKind.values)) + ")",
        "catalogue.yaml:11: kind “police”: unknown key “color” (known: code, indicators, kind, level, name, period)",
        "catalogue.yaml:11: kind “police”: repeats the kind on line 9",
        "catalogue.yaml:11: kind “police”: unknown level “ward” (known: province, district, commune)",
        "catalogue.yaml:11: kind “police”: unknown reporting period “weekly” (known: month, quarter, year)",
        "catalogue.yaml:11: kind “police”: “name” must name the area: {area} or {short}",
        "catalogue.yaml:11: kind “police”: “indicators”: unknown indicator “sesions”",
        "catalogue.yaml:12: kind “commune_police”: “level” is required",
        "catalogue.yaml:14: figure “propaganda.sessions”: “kinds”: unknown kind of body “commune_polise”",
        "catalogue.yaml:15: figure “propaganda.leaflets”: “indicators” is required",
        "catalogue.yaml:16: figure “propaganda.handbooks”: unknown key “unit” (known: indicators, kinds, label)"]


def test_the_shipped_catalogue_defines_every_figure_on_kinds_and_every_kind_a_province_has():
    figures = catalogue_data()["figures"]
    assert all("bodies" not in figure for figure in figures.values())
    named = {kind for figure in figures.values() for kind in figure.get("kinds", [])}
    specs = {spec.kind: spec for spec in kind_specs()}
    # Every kind a figure names is a kind a province gets bodies of, and one of the kinds a figure counts (any kind
    # when it names none) reports its indicators: the figure can be filled in every province.
    assert named <= set(specs)
    for key, figure in figures.items():
        kinds = figure.get("kinds") or list(specs)
        assert any(set(figure["indicators"]) & set(specs[kind].indicators) for kind in kinds), key


def run(*args) -> str:
    out = io.StringIO()
    call_command("load_catalogue", *args, stdout=out)
    return out.getvalue()


@pytest.mark.usefixtures("catalogue")
def test_load_catalogue_keeps_the_bodies_made_and_changed_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    sessions = Indicator.objects.get(code="sessions")
    commune = Area.objects.filter(level="commune", path__startswith=area("222").path + ".").first()
    r = client.post("/admin/tallies/reportingbody/add/", {
        "code": "ca-xa-dinh-ke", "name": f"Công an {commune.name}", "kind": "commune_police",
        "area": commune.pk, "period_type": "quarter", "active": "on", "indicators": [sessions.pk]})
    assert r.status_code == 302, r.content.decode()[:2000]
    youth = ReportingBody.objects.get(code="tinh-doan")
    r = client.post(f"/admin/tallies/reportingbody/{youth.pk}/change/", {
        "code": youth.code, "name": "Tỉnh đoàn Bắc Giang (tên mới)", "kind": youth.kind, "area": youth.area_id,
        "period_type": "year", "active": "on", "indicators": list(youth.indicators.values_list("pk", flat=True))})
    assert r.status_code == 302
    out = run()
    assert "kept (changed by staff; --reset to overwrite): tinh-doan\n" in out
    assert "not in the file, left as they are" in out and "ca-xa-dinh-ke" in out
    made = ReportingBody.objects.get(code="ca-xa-dinh-ke")
    assert (made.name, made.kind, made.area.code, list(made.indicators.values_list("code", flat=True))) == (
        f"Công an {commune.name}", "commune_police", commune.code, ["sessions"])
    youth.refresh_from_db()
    assert (youth.name, youth.period_type) == ("Tỉnh đoàn Bắc Giang (tên mới)", "year")
    run()
    assert ReportingBody.objects.filter(code="ca-xa-dinh-ke", active=True).exists()
