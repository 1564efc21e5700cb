"""Demo accounts: those of Bắc Giang in 2019 (the seed review) and those of today's new Bắc Ninh. Seeded by `make run`
only; production settings refuse them."""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from .areas_source import LAW_KINDS
from .models import Organisation, Role, User
from .selectors import area_resolve

DEMO_PASSWORD = "antq-demo-2019"
DEMO_DATE = datetime.date(2019, 9, 30)
PROVINCE_CODE = "24"  # Bắc Giang on the 2019 map
VIET_YEN_CODE = "222"

# Today's map (from 01/07/2025): the new Bắc Ninh (code 24 again, Bắc Giang and Bắc Ninh merged) and two of its
# communes, served by commune police since 01/03/2025:
NEW_PROVINCE_CODE = "24"
# Phường Bắc Giang: the new ward that merged the most old communes of the province (7 of Bắc Giang city: Thọ Xương,
# Trần Nguyên Hãn, Ngô Quyền, Hoàng Văn Thụ, Xương Giang, Dĩnh Kế, Dĩnh Trì).
NEW_WARD_CODE = "07210"
# Xã Nam Dương: the one new xã of the province made of communes of two old districts (Nam Dương of Thị xã Chũ,
# Tân Mộc of Huyện Lục Ngạn).
NEW_COMMUNE_CODE = "07603"

DEMO_ACCOUNTS = [
    # username, role, organisation key, first name, last name
    ("tinh", Role.PROVINCE_STAFF, "province", "Cán bộ", "Thường trực BCĐ tỉnh"),
    ("vietyen", Role.DISTRICT_OFFICER, "district", "Cán bộ", "Công an Việt Yên"),
    ("xem", Role.VIEWER, "province", "Người", "xem"),
    ("admin", Role.ADMIN, "province", "Quản trị", "hệ thống"),
    # Today's accounts, on the map from 01/07/2025.
    ("bacninh", Role.PROVINCE_STAFF, "new_province", "Cán bộ", "Thường trực BCĐ tỉnh Bắc Ninh"),
    ("phuong", Role.DISTRICT_OFFICER, "new_ward", "Cán bộ", "Công an phường Bắc Giang"),
    ("xa", Role.DISTRICT_OFFICER, "new_commune", "Cán bộ", "Công an xã Nam Dương"),
    ("xembn", Role.VIEWER, "new_province", "Người", "xem Bắc Ninh"),
]


# Registries add their demo data here from AppConfig.ready(), in dependency order; seed_demo runs them all.
_seeders: list[tuple[int, str, Callable[[], object]]] = []


def register_demo_seeder(name: str, seeder: Callable[[], object], order: int = 100) -> None:
    if all(existing != name for _order, existing, _func in _seeders):
        _seeders.append((order, name, seeder))


def demo_seeders() -> list[tuple[str, Callable[[], object]]]:
    return [(name, func) for _order, name, func in sorted(_seeders, key=lambda s: s[0])]


@transaction.atomic
def demo_accounts_seed() -> list[User]:
    if not getattr(settings, "ANTQ_ALLOW_DEMO_DATA", False):
        raise ImproperlyConfigured("Demo data is not allowed with these settings (production?).")
    today_map = datetime.date.fromisoformat(settings.ANTQ_REFORM_DATE)
    areas = {
        "province": (area_resolve(code=PROVINCE_CODE, on=DEMO_DATE), DEMO_DATE),
        "district": (area_resolve(code=VIET_YEN_CODE, on=DEMO_DATE), DEMO_DATE),
        "new_province": (area_resolve(code=NEW_PROVINCE_CODE, on=today_map), today_map),
        "new_ward": (area_resolve(code=NEW_WARD_CODE, on=today_map), today_map),
        "new_commune": (area_resolve(code=NEW_COMMUNE_CODE, on=today_map), today_map),
    }
    organisations = {
        key: Organisation.objects.get_or_create(
            name=police_name(area, on), defaults={"kind": Organisation.Kind.POLICE, "area": area},
        )[0]
        for key, (area, on) in areas.items()
    }
    users = []
    for username, role, org_key, first, last in DEMO_ACCOUNTS:
        org = organisations[org_key]
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"role": role, "organisation": org, "scope_area": org.area,
                      "first_name": first, "last_name": last},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            if role == Role.ADMIN:
                user.is_staff = user.is_superuser = True
            user.save()
        users.append(user)
    return users


def police_name(area, on: datetime.date) -> str:
    """The police of `area` as the law writes it, with the area's name of the day: "Công an tỉnh Bắc Ninh",
    "Công an phường Bắc Giang", "Công an huyện Việt Yên" (a town only from 01/02/2024)."""
    name = area.name_on(on)
    kind = next((k for k in LAW_KINDS if name.startswith(k + " ")), "")
    return f"Công an {kind.lower()}{name[len(kind):]}" if kind else f"Công an {name}"
