"""Builders of the coordination app's rows for the tests, through the services (so that a row is one a user could
have recorded)."""

import datetime
import itertools

from antqcore.models import Role, User
from coordination.services import agreement_create, document_create, inspection_create
from tests.conftest import area
from tests.units.factories import make_unit

D = datetime.date
_n = itertools.count(1)
DIRECTIVE_07_ISSUED = D(2014, 8, 15)



def recorder() -> User:
    """Someone who may record anywhere: the factories' author."""
    user, _created = User.objects.get_or_create(username="records-factory",
                                                defaults={"role": Role.ADMIN, "is_superuser": True})
    return user


def make_document(number: str = "07/CT-BCA-V28", issued_on: datetime.date = DIRECTIVE_07_ISSUED, area_code: str = "24",
                  **extra):
    data = {"doc_type": "directive", "number": number, "issued_on": issued_on, "issuer": "Bộ Công an",
            "subject": "Đẩy mạnh phong trào toàn dân bảo vệ an ninh Tổ quốc trong cơ quan, doanh nghiệp, nhà trường",
            "area": area(area_code)}
    return document_create(actor=recorder(), data=data | extra)


def make_agreement(unit=None, **extra):
    """A local police unit's regulation with a unit of Việt Yên, in force since 2016, counted in the district."""
    unit = unit or make_unit("222")
    data = {"kind": "regulation", "number": f"{next(_n):02d}/QCPH-CAH", "signed_on": D(2016, 3, 10),
            "police_side": "local", "police_unit_name": "Công an huyện Việt Yên", "partner_unit": unit,
            "subject": "Phối hợp bảo đảm an ninh, trật tự tại đơn vị"}
    return agreement_create(actor=recorder(), data=data | extra)


def make_provincial_agreement(**extra):
    data = {"kind": "programme", "number": "01/CTr-CA-MTTQ", "signed_on": D(2014, 1, 8), "police_side": "provincial",
            "area": area("24"), "police_unit_name": "Công an tỉnh Bắc Giang",
            "partner_name": "Ủy ban MTTQ Việt Nam tỉnh Bắc Giang",
            "subject": "Đẩy mạnh phong trào toàn dân bảo vệ ANTT trong tình hình mới"}
    return agreement_create(actor=recorder(), data=data | extra)


def make_inspection(unit=None, **extra):
    data = {"inspected_on": D(2018, 5, 15), "inspecting_body": "district_committee", "unit": unit or make_unit("222"),
            "subject": "Kiểm tra, hướng dẫn công tác xây dựng phong trào toàn dân bảo vệ ANTQ",
            "findings": "Chưa lắp đặt camera an ninh.", "recommendations": "Lắp đặt camera an ninh."}
    return inspection_create(actor=recorder(), data=data | extra)
