import datetime

from commendations.services import commendation_create
from tests.units.factories import make_unit

D = datetime.date


def medal_data(**extra) -> dict:
    return {"form": "medal", "grantor": "ministry", "recipient_kind": "individual", "person_name": "Nguyễn Văn An",
            "birth_year": 1975, "position": "Đội trưởng Đội bảo vệ", "decision_number": "2345/QĐ-BCA-X15",
            "decision_date": D(2016, 8, 16), "occasion": "august_19"} | extra


def make_medal(unit=None, **extra):
    return commendation_create(data=medal_data(unit=unit or make_unit("222"), **extra), actor=None)


def make_commendation(unit=None, **extra):
    data = {"form": "certificate_of_commendation", "grantor": "police_director", "recipient_kind": "collective",
            "unit": unit or make_unit("222"), "decision_number": "512/QĐ-CAT-PX01", "decision_date": D(2018, 8, 13),
            "occasion": "august_19", "reason": "Đã có thành tích xuất sắc trong phong trào toàn dân bảo vệ ANTQ"}
    return commendation_create(data=data | extra, actor=None)
