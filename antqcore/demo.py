"""Demo accounts of Bắc Giang, 2019. Seeded by `make run` only; production settings refuse them."""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from .models import Organisation, Role, User
from .selectors import area_resolve

DEMO_PASSWORD = "antq-demo-2019"
DEMO_DATE = datetime.date(2019, 9, 30)
PROVINCE_CODE = "24"  # Bắc Giang on the 2019 map
VIET_YEN_CODE = "222"

DEMO_ACCOUNTS = [
    # username, role, organisation key, first name, last name
    ("tinh", Role.PROVINCE_STAFF, "province", "Cán bộ", "Thường trực BCĐ tỉnh"),
    ("vietyen", Role.DISTRICT_OFFICER, "district", "Cán bộ", "Công an Việt Yên"),
    ("xem", Role.VIEWER, "province", "Người", "xem"),
    ("admin", Role.ADMIN, "province", "Quản trị", "hệ thống"),
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
    province = area_resolve(code=PROVINCE_CODE, on=DEMO_DATE)
    district = area_resolve(code=VIET_YEN_CODE, on=DEMO_DATE)
    organisations = {
        "province": Organisation.objects.get_or_create(
            name=f"Công an {province.kind.lower()} {province.short_name}",
            defaults={"kind": Organisation.Kind.POLICE, "area": province},
        )[0],
        "district": Organisation.objects.get_or_create(
            name=f"Công an {district.kind.lower()} {district.short_name}",
            defaults={"kind": Organisation.Kind.POLICE, "area": district},
        )[0],
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
