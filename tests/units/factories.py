import itertools

from antqcore.models import Area
from antqcore.selectors import last_day_of_old_map
from tests.conftest import area
from units.services import unit_create

_n = itertools.count(1)


def commune_of(district_code: str, index: int = 0) -> Area:
    # A commune of the last old map: the district's children also hold communes of 2019 that ended long before.
    return area(district_code).children.valid_on(last_day_of_old_map()).order_by("code")[index]


def make_unit(district_code: str = "222", **data):
    n = next(_n)
    defaults = {
        "name": f"Công ty TNHH Thử nghiệm {n}", "kind": "enterprise", "subtype": "private_enterprise",
        "commune": commune_of(district_code), "managing_level": "province", "tax_code": f"0100{n:06d}",
        "worker_count": 100,
    }
    return unit_create(data=defaults | data, actor=None)
