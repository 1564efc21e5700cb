"""An incident of today placed on an area that ended says which areas took it over: the officer reads where to record
it instead of only "did not exist on that day"."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.units.factories import commune_of

from .helpers import make_incident

pytestmark = pytest.mark.django_db


def test_an_area_that_ended_before_the_day_names_its_successor():
    old = commune_of("222")  # Xã Thượng Lan, which went into Phường Tự Lạn on 01/07/2025
    now = timezone.localtime().replace(second=0, microsecond=0)
    with pytest.raises(ValidationError) as exc:
        make_incident(area=old, occurred_at=now)
    message = exc.value.message_dict["area"][0]
    assert now.strftime("%d/%m/%Y") in message
    assert f"{old.name} không còn từ 01/07/2025; địa bàn kế tiếp: Phường Tự Lạn." in message


def test_an_area_not_yet_created_on_the_day_names_no_successor(bac_ninh_staff):
    ward = bac_ninh_staff.scope_area.children.order_by("code").first()
    with pytest.raises(ValidationError) as exc:
        make_incident(area=ward, occurred_at=timezone.localtime().replace(year=2019, month=6, day=3))
    message = exc.value.message_dict["area"][0]
    assert "03/06/2019" in message and "không còn từ" not in message
