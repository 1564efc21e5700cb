"""The layering rule of the README's architecture map, checked on every import of the code (migrations aside): an
app imports only apps of a lower layer, and only config/ (the composition root) imports every app."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = [
    ["antqcore"],
    ["units"],
    ["certification", "models_registry", "commendations", "tallies"],
    ["incidents", "coordination"],
    ["reports"],
    ["config"],
]
LAYER = {app: n for n, apps in enumerate(LAYERS) for app in apps}


def imports_of(app: str) -> set[tuple[str, str]]:
    """(file, imported app) for every import of another project app in `app`'s code."""
    found = set()
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in LAYER and top != app:
                    found.add((str(path.relative_to(ROOT)), top))
    return found


def test_every_app_is_in_a_layer():
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")} | {"config"}
    assert apps - {"activities"} == set(LAYER)  # activities/ holds migrations only


def test_no_app_imports_an_app_of_its_own_or_a_higher_layer():
    wrong = sorted((path, imported) for app in LAYER for path, imported in imports_of(app)
                   if LAYER[imported] >= LAYER[app])
    assert wrong == []


def test_the_retired_activities_app_holds_migrations_only():
    code = [p.relative_to(ROOT) for p in (ROOT / "activities").rglob("*.py")
            if "migrations" not in p.parts and p.name not in {"__init__.py", "apps.py"}]
    assert code == []
