"""The tallies' pages: the entry grid of a body and a period (with last period's values beside), the summary of
totals and figures, the values list."""

import re

import pytest

from tallies.models import TallyValue
from tests.conftest import area

from .helpers import catalogue, save  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]
ENTRY = "/activities/tallies/entry/"
SUMMARY = "/activities/tallies/"
VALUES = "/activities/tallies/values/"


def grid_post(**values) -> dict:
    data = {}
    for code, typed in values.items():
        data[f"value_{code}"] = typed
    return data


def test_the_grid_shows_the_bodys_indicators_by_category_with_last_quarters_values(client, district_officer):
    save(district_officer, "ca-222", "2019-Q2", sessions=95, participants=(2500, True))
    save(district_officer, "ca-222", "2019-Q3", sessions=120)
    client.force_login(district_officer)
    r = client.get(ENTRY, {"body": "ca-222", "period": "2019-Q3"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Công an thị xã Việt Yên" in html and "Quý 3/2019" in html and "Quý 2/2019" in html
    assert 'name="value_sessions"' in html and 'value="120"' in html
    rows = r.context["groups"]
    assert [g.label for g in rows] == ["Tuyên truyền", "Nguồn tin của quần chúng"]
    previous = {row.indicator.code: row.previous for g in rows for row in g.rows}
    assert previous["sessions"].value == 95 and previous["participants"].more_than
    assert "trên 2.500" in html
    # Only the bodies of the district are offered.
    assert [b.code for b in r.context["bodies"]] == ["bcd-222", "ca-222"]


def test_saving_the_grid_saves_every_row_and_says_so(client, district_officer):
    client.force_login(district_officer)
    r = client.post(ENTRY + "?body=ca-222&period=2019-Q3",
                    grid_post(sessions="1.200", participants="trên 80.000", leaflets="", tips="15") | {
                        "note_tips": "qua hòm thư góp ý"}, follow=True)
    assert r.status_code == 200
    assert "Đã lưu số liệu Quý 3/2019 của Công an thị xã Việt Yên." in r.content.decode()
    values = {v.indicator.code: v for v in TallyValue.objects.select_related("indicator")}
    assert set(values) == {"sessions", "participants", "tips"}
    assert values["sessions"].value == 1200 and values["participants"].more_than
    assert values["tips"].note == "qua hòm thư góp ý"


def test_a_wrong_row_is_marked_and_nothing_is_saved(client, district_officer):
    client.force_login(district_officer)
    r = client.post(ENTRY + "?body=ca-222&period=2019-Q3", grid_post(sessions="120", leaflets="-5", tips="nhiều"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "Chưa lưu số liệu nào" in html
    assert "Tờ rơi, tờ gấp không được là số âm." in html
    assert "Hãy ghi một số" in html
    assert 'id="row-leaflets" class="table-danger"' in html and 'id="row-sessions" class' not in html
    assert 'value="120"' in html  # what was typed stays
    assert not TallyValue.objects.exists()


def test_a_body_outside_the_scope_or_a_viewer_is_refused(client, district_officer, viewer):
    client.force_login(district_officer)
    assert client.get(ENTRY, {"body": "ca-218"}).status_code == 403
    assert client.post(ENTRY + "?body=mttq-tinh&period=2019-Q3", grid_post(legal_sessions="3")).status_code == 403
    assert client.get(ENTRY, {"body": "no-such-body"}).status_code == 404
    client.force_login(viewer)
    assert client.get(ENTRY).status_code == 403
    assert not TallyValue.objects.exists()


def test_a_monthly_body_opens_on_the_month_of_the_period_asked(client, province_staff):
    client.force_login(province_staff)
    r = client.get(ENTRY, {"body": "canh-sat-pccc", "period": "2019-Q3"})
    assert r.context["period"].key == "2019-07" and "Tháng 07/2019" in r.content.decode()


def test_the_summary_shows_the_totals_and_the_figures_with_trên(client, province_staff):
    save(province_staff, "ca-222", "2019-Q3", sessions=120, participants=(3500, True))
    save(province_staff, "ca-218", "2019-Q2", sessions=80)
    save(province_staff, "ca-218", "2018-Q4", sessions=1000)
    client.force_login(province_staff)
    r = client.get(SUMMARY, {"date_from": "01/01/2019", "date_to": "31/12/2019"})
    assert r.status_code == 200
    figures = {f["key"]: f["display"] for f in r.context["figures"]}
    assert figures["propaganda.sessions"] == "200"
    assert figures["propaganda.participants"] == "trên 3.500"
    html = r.content.decode()
    assert 'data-key="propaganda.sessions"' in html and "trên 3.500" in html
    # A district's summary counts its own bodies only.
    r = client.get(SUMMARY, {"area": area("218").pk, "date_from": "01/01/2019", "date_to": "31/12/2019"})
    assert {f["key"]: f["display"] for f in r.context["figures"]}["propaganda.sessions"] == "80"


def test_a_summary_figure_opens_the_values_behind_it_with_who_entered_them(client, province_staff):
    save(province_staff, "ca-222", "2019-Q3", sessions=120)
    save(province_staff, "ca-218", "2019-Q2", sessions=80)
    client.force_login(province_staff)
    html = client.get(SUMMARY, {"date_from": "01/01/2019", "date_to": "31/12/2019"}).content.decode()
    link = re.search(r'data-key="propaganda.sessions">.*?<a href="([^"]+)"', html, re.S).group(1)
    assert link == "/figures/records/?key=propaganda.sessions&amp;area=24&amp;from=2019-01-01&amp;to=2019-12-31"
    page = client.get(link.replace("&amp;", "&")).content.decode()
    assert '<span id="records-count">2</span>' in page and "200" in page
    assert page.count("Cán bộ tỉnh") >= 2  # who entered each value


def test_the_summary_defaults_to_this_year_and_the_users_area(client, district_officer):
    client.force_login(district_officer)
    r = client.get(SUMMARY)
    assert r.status_code == 200 and r.context["area"].code == "222"
    assert r.context["start"].month == 1 and r.context["end"].month == 12
    # Another district is not offered, and asking for it is refused.
    assert client.get(SUMMARY, {"area": area("218").pk}).context["form"].errors


def test_the_values_list_is_cut_to_the_scope(client, province_staff, district_officer):
    save(province_staff, "ca-222", "2019-Q3", sessions=120)
    save(province_staff, "ca-218", "2019-Q3", sessions=80)
    client.force_login(district_officer)
    r = client.get(VALUES)
    assert [v.body.code for v in r.context["values"]] == ["ca-222"]
    assert "Quý 3/2019" in r.content.decode()
    client.force_login(province_staff)
    assert len(client.get(VALUES, {"body": "ca-218"}).context["values"]) == 1


def test_the_menu_leads_to_the_summary(client, viewer):
    client.force_login(viewer)
    html = client.get("/").content.decode()
    assert "Số liệu phong trào" in html and SUMMARY in html
    assert client.get(SUMMARY).status_code == 200
    assert client.get(VALUES).status_code == 200
