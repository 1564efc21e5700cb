"""tally_save: a body's grid for one period, all or nothing, within the user's scope and the catalogue's rules."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tallies.models import TallyValue
from tallies.periods import period_parse
from tallies.services import Cell, tally_save, value_display, value_parse

from .helpers import body, catalogue, save  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


def cell(code: str, period_key: str = "2019-Q3", body_code: str = "ca-222") -> TallyValue:
    period = period_parse(period_key)
    return TallyValue.objects.get(body__code=body_code, indicator__code=code, period_start=period.start)


def test_a_grid_is_saved_for_the_bodys_area_and_the_whole_quarter(district_officer):
    done = save(district_officer, "ca-222", "2019-Q3", sessions=120, participants=(3500, True), leaflets=2000)
    assert done == {"saved": 3, "cleared": 0, "unchanged": 0}
    sessions = cell("sessions")
    assert (sessions.area.code, sessions.period_start.isoformat(), sessions.period_end.isoformat()) == (
        "222", "2019-07-01", "2019-09-30")
    assert sessions.value == 120 and sessions.entered_by == district_officer
    assert cell("participants").more_than is True


def test_saving_again_updates_clears_and_leaves_unchanged_cells_alone(district_officer):
    save(district_officer, "ca-222", "2019-Q3", sessions=120, participants=3500, leaflets=2000)
    done = save(district_officer, "ca-222", "2019-Q3", sessions=130, participants=3500, leaflets=None)
    assert done == {"saved": 1, "cleared": 1, "unchanged": 1}
    assert cell("sessions").value == 130
    assert not TallyValue.objects.filter(indicator__code="leaflets").exists()
    assert TallyValue.objects.count() == 2
    # Audited: the created and the changed versions of the sessions' cell.
    assert [h.value for h in cell("sessions").history.order_by("history_date")] == [120, 130]


def test_a_negative_value_is_refused_by_the_indicators_name_and_nothing_is_saved(district_officer):
    with pytest.raises(ValidationError) as caught:
        save(district_officer, "ca-222", "2019-Q3", sessions=120, leaflets=-5)
    assert caught.value.message_dict == {
        "leaflets": ["Tờ rơi, tờ gấp không được là số âm."]}
    assert not TallyValue.objects.exists()


def test_participants_may_not_be_fewer_than_sessions_in_the_same_grid(province_staff):
    with pytest.raises(ValidationError) as caught:
        save(province_staff, "mttq-tinh", "2019-Q3", legal_sessions=12, legal_participants=10)
    message = caught.value.message_dict["legal_participants"][0]
    assert "(10) không được ít hơn Cuộc tuyên truyền, phổ biến, giáo dục pháp luật (12)" in message
    assert not TallyValue.objects.exists()


def test_the_rule_also_reads_what_the_grid_already_holds(province_staff):
    save(province_staff, "mttq-tinh", "2019-Q3", legal_sessions=12, legal_participants=400)
    with pytest.raises(ValidationError) as caught:
        save(province_staff, "mttq-tinh", "2019-Q3", legal_sessions=500)
    assert list(caught.value.message_dict) == ["legal_participants"]
    assert cell("legal_sessions", body_code="mttq-tinh").value == 12
    # Another quarter is another grid.
    save(province_staff, "mttq-tinh", "2019-Q2", legal_sessions=500)


def test_an_indicator_outside_the_bodys_data_set_is_refused(district_officer):
    with pytest.raises(ValidationError) as caught:
        save(district_officer, "ca-222", "2019-Q3", sessions=5, fire_fines=1000)
    assert "không phải là chỉ tiêu mà Công an thị xã Việt Yên báo cáo" in caught.value.message_dict["fire_fines"][0]
    assert not TallyValue.objects.exists()


def test_the_period_must_be_the_bodys_reporting_period(province_staff):
    with pytest.raises(ValidationError) as caught:
        save(province_staff, "so-gddt", "2019-Q3", contests=3)  # the Department of Education reports by year
    assert caught.value.message_dict["period"] == ["Sở Giáo dục và Đào tạo tỉnh Bắc Giang báo cáo theo năm."]
    quarter = period_parse("2019-Q3")
    with pytest.raises(ValidationError) as caught:
        tally_save(body=body("ca-222"), period_type="quarter", period_start=quarter.start.replace(day=2),
                   values={"sessions": Cell(Decimal(1))}, actor=province_staff)
    assert "không phải là ngày đầu của một quý" in caught.value.message_dict["period"][0]
    save(province_staff, "so-gddt", "2018", contests=3)
    assert cell("contests", "2018", "so-gddt").period_end.isoformat() == "2018-12-31"


def test_a_district_officer_enters_only_for_the_districts_bodies(district_officer, other_district_officer):
    save(district_officer, "bcd-222", "2019-Q3", conferences=4, conference_participants=300)
    for code in ("ca-218", "cong-an-tinh"):
        with pytest.raises(PermissionDenied):
            save(district_officer, code, "2019-Q3", **({"sessions": 1} if code == "ca-218" else {"guard_trainees": 1}))
    with pytest.raises(PermissionDenied):
        save(other_district_officer, "bcd-222", "2019-Q3", conferences=1)
    assert TallyValue.objects.count() == 2


def test_viewers_write_nothing(viewer):
    with pytest.raises(PermissionDenied):
        save(viewer, "mttq-tinh", "2019-Q3", legal_sessions=1)


def test_a_commune_of_the_body_may_be_the_area_but_not_another_district(province_staff):
    from tests.conftest import area

    quarter = period_parse("2019-Q3")
    tally_save(body=body("ca-222"), area=area("07807"), period_type="quarter", period_start=quarter.start,
               values={"sessions": Cell(Decimal(3))}, actor=province_staff)
    with pytest.raises(ValidationError) as caught:
        tally_save(body=body("ca-222"), area=area("218"), period_type="quarter", period_start=quarter.start,
                   values={"sessions": Cell(Decimal(3))}, actor=province_staff)
    assert "không thuộc địa bàn của Công an thị xã Việt Yên" in caught.value.message_dict["area"][0]


@pytest.mark.parametrize(("typed", "expected"), [
    ("1.200", (Decimal(1200), False)),
    ("80000", (Decimal(80000), False)),
    ("trên 80.000", (Decimal(80000), True)),
    ("Hơn 3.500", (Decimal(3500), True)),
    (">80000", (Decimal(80000), True)),
    ("1.500.000,5", (Decimal("1500000.5"), False)),
    ("80,000", (Decimal(80000), False)),
    ("2,5", (Decimal("2.5"), False)),
    (147000000, (Decimal(147000000), False)),
    ("-5", (Decimal(-5), False))])
def test_values_are_read_as_the_seed_writes_them(typed, expected):
    assert value_parse(typed) == expected


@pytest.mark.parametrize("typed", ["khoảng 50", "nhiều", "1.2.3", ""])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(ValidationError):
        value_parse(typed)


def test_values_are_printed_with_trên_when_known_only_as_more_than():
    assert value_display(Decimal("80000.00"), True) == "trên 80.000"
    assert value_display(Decimal("1200.50")) == "1.200,5"
