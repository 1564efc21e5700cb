"""The register's rules, whichever way a commendation arrives: who may receive what, and the medal once per person
(checked by the service with a message naming the first decision, and held by the database against races)."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commendations.models import Commendation
from commendations.services import commendation_create, commendation_delete, commendation_update
from tests.conftest import area
from tests.units.factories import commune_of, make_unit

from .factories import D, make_commendation, make_medal, medal_data

pytestmark = pytest.mark.django_db
FIRST = ("Ông/Bà Nguyễn Văn An đã được tặng Kỷ niệm chương “Bảo vệ an ninh Tổ quốc” theo Quyết định số "
         "2345/QĐ-BCA-X15 ngày 16/08/2016.")


def refusal(**data) -> dict:
    with pytest.raises(ValidationError) as exc:
        commendation_create(data=data, actor=None)
    return exc.value.message_dict


def test_a_units_commendation_is_counted_in_its_commune():
    unit = make_unit("222")
    commendation = make_commendation(unit)
    assert commendation.area == unit.commune
    assert commendation.recipient_name == unit.name


def test_a_second_medal_for_the_same_person_is_refused_naming_the_first_decision():
    make_medal()
    # Same name, accents and spacing aside, same birth year: the same person.
    errors = refusal(**medal_data(person_name="nguyen  van AN", decision_number="99/QĐ-BCA-X15",
                                  decision_date=D(2019, 8, 12), area=commune_of("222")))
    assert errors == {"person_name": [FIRST]}
    assert Commendation.objects.count() == 1


def test_the_message_names_the_person_and_the_first_decision():
    make_medal()
    errors = refusal(**medal_data(decision_number="99/QĐ-BCA-X15", area=commune_of("222")))
    assert errors["person_name"] == [FIRST]


def test_people_of_the_same_name_born_in_other_years_each_receive_the_medal():
    make_medal()
    make_medal(birth_year=1980, decision_number="3001/QĐ-BCA-X15")
    assert Commendation.objects.filter(form="medal").count() == 2


def test_a_citizen_id_tells_apart_people_of_the_same_name_and_year():
    make_medal(citizen_id="024075001234")
    make_medal(citizen_id="024075009999", decision_number="3001/QĐ-BCA-X15")
    # Without an ID, the same name and year may be either of them: refused, naming the first.
    errors = refusal(**medal_data(decision_number="4000/QĐ-BCA-X15", area=commune_of("222")))
    assert errors["person_name"] == [FIRST]
    # The same ID under another spelling of the name is the same person.
    errors = refusal(**medal_data(person_name="Nguyễn Văn Ân", citizen_id="024 075 001 234", birth_year=None,
                                  decision_number="4000/QĐ-BCA-X15", area=commune_of("222")))
    assert "2345/QĐ-BCA-X15" in errors["person_name"][0]


def test_a_medal_recorded_without_an_id_blocks_the_same_person_given_with_one():
    make_medal()
    errors = refusal(**medal_data(citizen_id="024075001234", decision_number="4000/QĐ-BCA-X15",
                                  area=commune_of("222")))
    assert errors["person_name"] == [FIRST]


def test_the_medal_goes_to_individuals_only_from_the_minister():
    errors = refusal(**medal_data(recipient_kind="collective", unit=make_unit("222")))
    assert errors["recipient_kind"] == ["Kỷ niệm chương chỉ tặng cho cá nhân."]
    errors = refusal(**medal_data(grantor="province_chairman", area=commune_of("222")))
    assert errors["grantor"] == ["Kỷ niệm chương do Bộ trưởng Bộ Công an tặng."]
    errors = refusal(**medal_data(birth_year=None, area=commune_of("222")))
    assert "birth_year" in errors
    assert not Commendation.objects.exists()


def test_a_commendation_needs_its_recipient_and_area():
    errors = refusal(form="certificate_of_merit", grantor="province_chairman", recipient_kind="collective",
                     decision_number="1/QĐ-UBND", decision_date=D(2018, 1, 20))
    assert set(errors) == {"organisation_name", "area"}
    errors = refusal(form="certificate_of_merit", grantor="province_chairman", recipient_kind="individual",
                     decision_number="1/QĐ-UBND", decision_date=D(2018, 1, 20), area=area("24"))
    assert set(errors) == {"person_name"}
    errors = refusal(form="other", grantor="other", recipient_kind="collective", organisation_name="Hiệp hội",
                     decision_number="1/QĐ", decision_date=D(2018, 1, 20), area=area("24"))
    assert set(errors) == {"other_form", "other_grantor"}


def test_bad_values_are_refused_with_clear_messages():
    errors = refusal(**medal_data(citizen_id="12345", birth_year=1850, area=commune_of("222"),
                                  decision_date=datetime.date.today() + datetime.timedelta(days=3)))
    assert errors["citizen_id"] == ["Số căn cước công dân gồm 12 chữ số (chứng minh nhân dân cũ: 9 chữ số)."]
    assert errors["decision_date"] == ["Ngày quyết định không được sau ngày hôm nay."]
    assert "birth_year" in errors


def test_an_organisation_is_commended_without_a_unit_in_the_area_chosen():
    commendation = commendation_create(data={
        "form": "certificate_of_merit", "grantor": "province_chairman", "recipient_kind": "collective",
        "organisation_name": "Hiệp hội Doanh nghiệp tỉnh", "area": area("24"), "decision_number": "1520/QĐ-UBND",
        "decision_date": D(2017, 8, 11)}, actor=None)
    assert commendation.unit is None and commendation.area == area("24")
    assert commendation.recipient_name == "Hiệp hội Doanh nghiệp tỉnh"


def test_the_other_kinds_fields_are_dropped():
    unit = make_unit("222")
    commendation = make_commendation(unit, person_name="Ai đó", birth_year=1980, position="Giám đốc")
    assert (commendation.person_name, commendation.birth_year, commendation.position) == ("", None, "")
    commendation = commendation_update(commendation=commendation, data={
        "recipient_kind": "individual", "person_name": "Trần Thị Mai", "organisation_name": "Đội bảo vệ"}, actor=None)
    assert (commendation.recipient_name, commendation.organisation_name) == ("Trần Thị Mai", "")


def test_changing_the_unit_moves_the_area_that_followed_it():
    commendation = make_commendation(make_unit("222"))
    other = make_unit("218")
    commendation_update(commendation=commendation, data={"unit": other}, actor=None)
    commendation.refresh_from_db()
    assert commendation.area == other.commune
    chosen = commendation_update(commendation=commendation, data={"area": area("24")}, actor=None)
    assert chosen.area == area("24") and chosen.unit == other


def test_a_medal_can_be_edited_without_being_refused_by_itself():
    medal = make_medal()
    medal = commendation_update(commendation=medal, data={"position": "Giám đốc", "person_name": "Nguyễn Văn  An"},
                                actor=None)
    assert medal.position == "Giám đốc" and medal.person_name == "Nguyễn Văn An"


def test_turning_another_commendation_into_a_second_medal_is_refused():
    make_medal()
    other = commendation_create(data=medal_data(form="certificate_of_merit", grantor="province_chairman",
                                                unit=make_unit("222")), actor=None)
    with pytest.raises(ValidationError) as exc:
        commendation_update(commendation=other, data={"form": "medal", "grantor": "ministry"}, actor=None)
    assert exc.value.message_dict["person_name"] == [FIRST]
    other.refresh_from_db()
    assert other.form == "certificate_of_merit"


def test_the_database_refuses_a_second_medal_that_skipped_the_check():
    first = make_medal()
    twin = Commendation(**{f.name: getattr(first, f.name) for f in Commendation._meta.concrete_fields
                           if f.name not in ("id", "created_at", "updated_at")})
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_a_race_lost_to_the_database_reads_as_the_same_refusal():
    make_medal()
    # Two requests check at the same time and neither sees the other's medal: the constraint decides.
    with mock.patch("commendations.services.medal_holder", side_effect=[None, Commendation.objects.first()]):
        errors = refusal(**medal_data(decision_number="99/QĐ-BCA-X15", area=commune_of("222")))
    assert errors["person_name"] == [FIRST]
    assert Commendation.objects.count() == 1


def test_the_database_refuses_a_medal_to_a_collective():
    unit = make_unit("222")
    with pytest.raises(IntegrityError), transaction.atomic():
        Commendation.objects.create(form="medal", grantor="ministry", recipient_kind="collective", unit=unit,
                                    area=unit.commune, decision_number="1", decision_date=D(2018, 1, 1))


def test_every_change_is_audited_with_the_deletion():
    commendation = make_commendation()
    commendation_update(commendation=commendation, data={"decision_number": "513/QĐ-CAT-PX01"}, actor=None)
    pk = commendation.pk
    commendation_delete(commendation=commendation, actor=None)
    history = Commendation.history.filter(id=pk).order_by("history_date")
    assert [h.history_type for h in history] == ["+", "~", "-"]
    assert [h.decision_number for h in history] == ["512/QĐ-CAT-PX01", "513/QĐ-CAT-PX01", "513/QĐ-CAT-PX01"]
    assert not Commendation.objects.filter(pk=pk).exists()
