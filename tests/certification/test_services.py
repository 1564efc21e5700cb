import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from certification.crosscheck import IncidentHit, register_incident_source, unregister_incident_source
from certification.models import Participation, Status, StepLog
from certification.selectors import criteria_for
from certification.services import participation_register, participation_revoke, participation_submit
from tests.certification.helpers import campaign, recognize, walk_to_appraised
from tests.conftest import area
from tests.units.factories import make_unit

pytestmark = pytest.mark.django_db


def test_a_2021_campaign_uses_circular_23_2012_and_a_2022_one_uses_124_2021():
    enterprise = make_unit("222")
    school = make_unit("222", kind="school", subtype="upper_secondary", tax_code="")
    sets_2021 = {c.criteria_set.legal_basis for c in criteria_for(campaign=campaign(2021), unit=enterprise)}
    sets_2022 = {c.criteria_set.legal_basis for c in criteria_for(campaign=campaign(2022), unit=enterprise)}
    assert all("23/2012/TT-BCA" in b and "Điều 7" in b for b in sets_2021)
    assert all("124/2021/TT-BCA" in b for b in sets_2022)
    school_2022 = criteria_for(campaign=campaign(2022), unit=school)
    assert {c.criteria_set.name for c in school_2022} == {"Thông tư 124/2021/TT-BCA — cơ sở giáo dục"}


def test_a_province_adds_its_own_criteria_as_data():
    from certification.models import CriteriaSet, Criterion, Scheme
    from tests.conftest import area

    own = CriteriaSet.objects.create(scheme=Scheme.objects.get(code="antt_safe"), name="Tiêu chí bổ sung của tỉnh",
                                     legal_basis="Hướng dẫn của BCĐ tỉnh", unit_kinds=["enterprise"], area=area("24"))
    Criterion.objects.create(criteria_set=own, order=1, code="T1", kind="requirement",
                             text="Không có cá nhân bị kỷ luật từ khiển trách trở lên.")
    codes = [c.code for c in criteria_for(campaign=campaign(2019), unit=make_unit("222"))]
    assert "T1" in codes and len(codes) == 12
    assert "T1" not in [c.code for c in criteria_for(campaign=campaign(2019), unit=make_unit("222", kind="agency",
                                                                                              subtype="state_agency"))]


def test_the_whole_workflow_is_logged_step_by_step(province_staff):
    p = walk_to_appraised(make_unit("222"), actor=province_staff)
    recognize(p, actor=province_staff)
    p.refresh_from_db()
    assert p.status == Status.RECOGNIZED and p.decision.number == "100/QĐ-UBND"
    assert [s.to_status for s in StepLog.objects.filter(participation=p)] == [
        "registered", "assessed", "submitted", "appraised", "recognized"]
    assert p.history.count() >= 5


def test_a_step_out_of_order_is_refused_with_a_clear_message():
    p = participation_register(campaign=campaign(), unit=make_unit("222", name="Công ty may Việt Yên"), actor=None)
    with pytest.raises(ValidationError) as exc:
        participation_submit(participation=p, actor=None)
    assert "Đăng ký" in exc.value.messages[0] or "registered" in exc.value.messages[0].lower() or \
        "Công ty may Việt Yên" in exc.value.messages[0]
    assert Participation.objects.get(pk=p.pk).status == Status.REGISTERED


def test_a_unit_registers_once_per_campaign():
    unit = make_unit("222")
    participation_register(campaign=campaign(), unit=unit, actor=None)
    with pytest.raises(ValidationError):
        participation_register(campaign=campaign(), unit=unit, actor=None)


def test_a_district_officer_cannot_register_a_unit_of_another_district(district_officer):
    with pytest.raises(PermissionDenied):
        participation_register(campaign=campaign(), unit=make_unit("218"), actor=district_officer)


def test_a_step_on_a_dossier_of_another_district_is_refused(other_district_officer):
    p = participation_register(campaign=campaign(), unit=make_unit("222"), actor=None)
    with pytest.raises(PermissionDenied):
        participation_submit(participation=p, actor=other_district_officer)
    assert Participation.objects.get(pk=p.pk).status == Status.REGISTERED and p.steps.count() == 1


def test_only_province_staff_decide_province_level(district_officer, province_staff):
    p = walk_to_appraised(make_unit("222"))  # dated 2019: entered by the system, as only the province dates steps
    with pytest.raises(PermissionDenied):
        recognize(p, level="province", actor=district_officer)
    assert Participation.objects.get(pk=p.pk).status == Status.APPRAISED
    recognize(p, level="district", actor=district_officer, issuing_area=area("222"))
    assert Participation.objects.get(pk=p.pk).status == Status.RECOGNIZED


def test_a_bulk_decision_is_all_or_nothing():
    ready = walk_to_appraised(make_unit("222"))
    not_ready = participation_register(campaign=campaign(), unit=make_unit("222"), actor=None)
    with pytest.raises(ValidationError):
        recognize([ready, not_ready])
    assert Participation.objects.get(pk=ready.pk).status == Status.APPRAISED
    from certification.models import Decision

    assert not Decision.objects.exists()


@pytest.fixture
def serious_fire():
    """An incident source like the incidents registry's: a serious fire at the unit in June 2019."""
    def source(unit, start, end):
        day = datetime.date(2019, 6, 3)
        if unit.name.startswith("Công ty cháy") and start <= day <= end:
            return [IncidentHit(day, "fire", "Cháy, nổ", "Cháy kho thành phẩm", serious=True)]
        return []

    register_incident_source("test-fire", source)
    yield
    unregister_incident_source("test-fire")


def test_a_unit_with_a_serious_fire_in_the_window_needs_an_override_reason(serious_fire):
    p = walk_to_appraised(make_unit("222", name="Công ty cháy kho"))
    with pytest.raises(ValidationError) as exc:
        recognize(p)
    assert "03/06/2019" in exc.value.messages[0] and "Cháy, nổ" in exc.value.messages[0]
    assert Participation.objects.get(pk=p.pk).status == Status.APPRAISED
    recognize(p, override_reasons={p.pk: "Đơn vị đã khắc phục, không có thiệt hại về người (biên bản số 12)."})
    p.refresh_from_db()
    assert p.status == Status.RECOGNIZED and "biên bản số 12" in p.override_reason


def test_a_fire_outside_the_window_does_not_block(serious_fire):
    # The 2021 window is 16/11/2020 – 15/11/2021: the June 2019 fire is outside it.
    p = walk_to_appraised(make_unit("222", name="Công ty cháy cũ"), year=2021)
    recognize(p, year=2021)
    assert Participation.objects.get(pk=p.pk).status == Status.RECOGNIZED


def test_a_recognition_can_be_revoked_with_a_reason():
    p = walk_to_appraised(make_unit("222"))
    recognize(p)
    with pytest.raises(ValidationError):
        participation_revoke(participation=Participation.objects.get(pk=p.pk), actor=None, reason=" ")
    participation_revoke(participation=Participation.objects.get(pk=p.pk), actor=None, reason="Vi phạm phát hiện sau")
    assert Participation.objects.get(pk=p.pk).status == Status.REVOKED
