import datetime

import pytest
from django.urls import reverse

from models_registry.models import ModelType, RegistryConfig
from models_registry.selectors import formalistic_reasons, model_list
from models_registry.services import activity_record, model_create, model_eliminate
from tests.conftest import client_for
from tests.units.factories import commune_of

pytestmark = pytest.mark.django_db
D = datetime.date


def make_model(**data):
    defaults = {"name": "Tổ tự quản khu nhà trọ thôn Đông", "type": ModelType.objects.get(code="boarding_house_team"),
                "area": commune_of("222"), "established_on": D(2018, 1, 10), "regulation_on": D(2018, 1, 20),
                "launched_on": D(2018, 2, 1), "members_count": 12}
    return model_create(data=defaults | data)


def is_formalistic(model, on):
    return model_list(on=on).get(pk=model.pk).formalistic


def test_a_model_turns_formalistic_when_its_last_briefing_ages_past_n_months_and_clears_with_a_new_one():
    config = RegistryConfig.current()
    config.formalistic_months = 6
    config.save()
    model = make_model()
    activity_record(model=model, kind="briefing", date=D(2019, 1, 15))
    assert not is_formalistic(model, D(2019, 7, 1))
    # On 16/07/2019 the 15/01/2019 briefing is more than six months old.
    assert is_formalistic(model, D(2019, 7, 16))
    assert "15/01/2019" in formalistic_reasons(model, D(2019, 7, 16))[0]
    activity_record(model=model, kind="report", date=D(2019, 7, 10))
    assert not is_formalistic(model, D(2019, 7, 16))
    assert formalistic_reasons(model, D(2019, 7, 16)) == []


def test_n_is_configurable():
    model = make_model()
    activity_record(model=model, kind="briefing", date=D(2019, 1, 15))
    config = RegistryConfig.current()
    config.formalistic_months = 3
    config.save()
    assert is_formalistic(model, D(2019, 5, 1))
    config.formalistic_months = 12
    config.save()
    assert not is_formalistic(model, D(2019, 12, 1))


def test_a_model_with_a_decision_and_members_but_no_regulation_or_launch_is_formalistic():
    model = make_model(name="Mô hình trên giấy", regulation_on=None, launched_on=None, established_on=D(2019, 6, 1))
    reasons = formalistic_reasons(model, D(2019, 7, 1))
    assert len(reasons) == 2  # no regulation, no launch; too young to be silent
    assert is_formalistic(model, D(2019, 7, 1))


def test_a_young_model_is_not_yet_silent():
    model = make_model(established_on=D(2019, 5, 1), regulation_on=D(2019, 5, 2), launched_on=D(2019, 5, 3))
    assert not is_formalistic(model, D(2019, 7, 1))


def eliminated_on_paper():
    """A model with no regulation, no launch and no briefing (every sign of one on paper), eliminated in 2019."""
    model = make_model(name="Tổ tự quản đã giải thể", regulation_on=None, launched_on=None)
    return model_eliminate(model=model, on=D(2019, 3, 1), reason="Không hoạt động")


def test_an_eliminated_model_is_never_formalistic_though_it_was_before():
    model = eliminated_on_paper()
    assert is_formalistic(model, D(2019, 2, 28))
    assert not is_formalistic(model, D(2019, 3, 1))
    assert formalistic_reasons(model, D(2019, 9, 30)) == []
    assert not model_list(formalistic=True).filter(pk=model.pk).exists()


def test_the_list_page_and_the_api_do_not_call_an_eliminated_model_formalistic(client, province_staff):
    model = eliminated_on_paper()
    client.force_login(province_staff)
    page = client.get(reverse("models_registry:list")).content.decode()
    assert "Tổ tự quản đã giải thể" in page and "formalistic-badge" not in page
    assert "formalistic-reasons" not in client.get(reverse("models_registry:detail", args=[model.pk])).content.decode()
    body = client_for(province_staff).get(f"/api/v1/models/{model.pk}/").json()
    assert body["formalistic"] is False and body["formalistic_reasons"] == []
