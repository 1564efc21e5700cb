"""Setting up a province (`manage.py province_setup CODE`): every registry adds what a new province needs (its
tally bodies, its report profile, its certification campaigns, ...) as a step registered here from AppConfig.ready(),
as demo seeders are (antqcore.demo.register_demo_seeder). antqcore never imports a higher app: the apps come to it.

A step is `func(*, province: Area, dry_run: bool) -> SetupResult`. It is idempotent (running it twice changes nothing
the second time) and, with dry_run, writes nothing and says what it would do. Its lines are Vietnamese text for the
person running the command."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .models import Area  # noqa: F401


@dataclass(frozen=True)
class SetupResult:
    """What a step did or, with dry_run, would do: lines of Vietnamese text."""

    lines: list[str] = field(default_factory=list)


_steps: list[tuple[int, str, Callable[..., SetupResult]]] = []


def register_province_setup_step(name: str, func: Callable[..., SetupResult], order: int = 100) -> None:
    """Register `func(*, province, dry_run) -> SetupResult` under `name` (once: a second registration of the same name
    is ignored, as AppConfig.ready() may run twice). Steps run by `order`, then by registration."""
    if all(existing != name for _order, existing, _func in _steps):
        _steps.append((order, name, func))


def province_setup_steps() -> list[tuple[str, Callable[..., SetupResult]]]:
    """The registered steps, in the order they run: [(name, func), ...]."""
    return [(name, func) for _order, name, func in sorted(_steps, key=lambda s: s[0])]


# --- The first province administrator ------------------------------------------------------------------------


def province_admin_username(province) -> str:
    """The default user name of a province's first administrator: "qt" + the province's code ("qt42"), with "cu" for
    a province of the old map (codes are reused: old 42 Hà Tĩnh, new 42 Hà Tĩnh) — "qt42cu"."""
    return f"qt{province.code}" + ("cu" if province.valid_to is not None else "")


def province_admins(province):
    """The active accounts that administer the province: province staff scoped to exactly this province."""
    from .models import Role, User

    return User.objects.filter(role=Role.PROVINCE_STAFF, scope_area=province, is_active=True)


def province_admin_create(*, province, username: str, on, dry_run: bool = False) -> tuple[SetupResult, str | None]:
    """The province's first administrator, unless the province has one: province staff (Role.PROVINCE_STAFF, the
    highest role scoped to a province: reads and writes its records, decides for it, edits its report templates and
    profile, moves its accounts; Role.ADMIN sees every province and is not scoped) scoped to the province, in the
    organisation "Công an tỉnh …", with a random password that must be changed at the first sign-in. Returns the
    lines to print and the password (None when nothing was created); the password is stored only as a hash."""
    from .demo import police_name
    from .models import Organisation, Role, User

    existing = list(province_admins(province).values_list("username", flat=True))
    if existing:
        return SetupResult([f"Tỉnh đã có tài khoản quản trị: {', '.join(existing)} — không tạo thêm."]), None
    if User.objects.filter(username=username).exists():
        return SetupResult([f"Tên đăng nhập {username} đã có người dùng (không thuộc tỉnh này): chọn tên khác bằng "
                            "--admin-username."]), None
    org_name = police_name(province, on)
    if dry_run:
        return SetupResult([f"Sẽ tạo tài khoản quản trị tỉnh {username} (cán bộ cấp tỉnh, phạm vi {province.name}, "
                            f"đơn vị {org_name}), mật khẩu ngẫu nhiên phải đổi khi đăng nhập lần đầu."]), None
    org, _created = Organisation.objects.get_or_create(
        name=org_name, defaults={"kind": Organisation.Kind.POLICE, "area": province})
    password = secrets.token_urlsafe(12)
    user = User(username=username, role=Role.PROVINCE_STAFF, organisation=org, scope_area=province,
                last_name=f"Quản trị {province.name}", must_change_password=True)
    user.set_password(password)
    user.save()
    return SetupResult([f"Đã tạo tài khoản quản trị tỉnh {username} (cán bộ cấp tỉnh, phạm vi {province.name}, "
                        f"đơn vị {org_name})."]), password
