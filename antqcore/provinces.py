"""Setting up a province (`manage.py province_setup CODE`): every registry adds what a new province needs (its
tally bodies, its report profile, its certification campaigns, ...) as a step registered here from AppConfig.ready(),
as demo seeders are (antqcore.demo.register_demo_seeder). antqcore never imports a higher app: the apps come to it.

A step is `func(*, province: Area, dry_run: bool) -> SetupResult`. It is idempotent (running it twice changes nothing
the second time) and, with dry_run, writes nothing and says what it would do. Its lines are Vietnamese text for the
person running the command."""

from __future__ import annotations

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
