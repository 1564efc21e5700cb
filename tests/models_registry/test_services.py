"""The services refuse a write on a model outside the actor's scope, whichever page, API call or import calls them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from models_registry.models import ModelStatus, ModelType, Rating
from models_registry.services import activity_record, model_create, model_eliminate, pilot_select, review_record
from tests.units.factories import commune_of, make_unit

pytestmark = pytest.mark.django_db
D = datetime.date


def test_an_officer_cannot_record_anything_on_a_model_of_another_district(district_officer):
    model = model_create(data={"name": "Tổ tự quản thị trấn Đồi Ngô", "area": commune_of("218"),
                               "type": ModelType.objects.get(code="self_managed"), "established_on": D(2018, 1, 10)})
    with pytest.raises(PermissionDenied):
        activity_record(model=model, kind="briefing", date=D(2019, 1, 15), actor=district_officer)
    with pytest.raises(PermissionDenied):
        review_record(model=model, date=D(2019, 6, 1), rating=Rating.objects.first(), actor=district_officer)
    with pytest.raises(PermissionDenied):
        model_eliminate(model=model, on=D(2019, 6, 1), reason="Hoạt động hình thức", actor=district_officer)
    with pytest.raises(PermissionDenied):
        pilot_select(unit=make_unit("218"), plan="Kế hoạch 61/KH-CAT-PV28", selected_on=D(2019, 3, 1),
                     actor=district_officer)
    model.refresh_from_db()
    assert not model.activities.exists() and not model.reviews.exists() and model.status == ModelStatus.ACTIVE
