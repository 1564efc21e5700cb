"""The deployment files name only things that exist.

Every command of docker-compose.yml and the Dockerfile's CMD is parsed the way its program parses it
(Django's command parser, gunicorn's, Celery's click CLI) and what it names is loaded the way that program
loads it, so a renamed module, management command, Celery app or scheduler fails here, not in a container.
No database is needed.
"""

import fnmatch
import json
import re
import shlex
from pathlib import Path

import click
import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from celery.beat import Scheduler
from celery.bin.base import CLIContext
from celery.bin.celery import celery as celery_cli
from celery.utils.imports import symbol_by_name
from django.core.management import CommandError, get_commands, load_command_class
from gunicorn.config import Config as GunicornConfig
from gunicorn.errors import AppImportError
from gunicorn.util import import_app

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ["web", "worker", "beat"]
# What a check raises when a command names nothing (argparse exits on an unknown gunicorn option).
NAMES_NOTHING = (
    AssertionError,
    ImportError,
    AttributeError,
    AppImportError,
    CommandError,
    click.UsageError,
    SystemExit,
)


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined and comments dropped."""
    lines = [
        line
        for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("#")
    ]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    return [(m[1].upper(), m[2].strip()) for m in re.finditer(r"^\s*(\w+)\s+(.*)$", joined, re.MULTILINE)]


def simple_commands(command: str | list[str]) -> list[list[str]]:
    """The argv of each simple command: `sh -c "a && exec b"` gives a and b."""
    argv = shlex.split(command) if isinstance(command, str) else list(command)
    if argv[:1] in (["CMD"], ["CMD-SHELL"]):  # a healthcheck test
        argv = argv[1:] if argv[0] == "CMD" else ["sh", "-c", argv[1]]
    if argv[:2] in (["sh", "-c"], ["bash", "-c"], ["/bin/sh", "-c"]):
        parts = [shlex.split(part) for part in re.split(r"&&|\|\||;", argv[2].replace("$$", "$"))]
        return [part[1:] if part[:1] == ["exec"] else part for part in parts if part]
    return [argv]


def check_manage_py(args: list[str]) -> None:
    name, *rest = args
    commands = get_commands()
    assert name in commands, f"`manage.py {name}`: no such management command"
    load_command_class(commands[name], name).create_parser("manage.py", name).parse_args(rest)


def check_gunicorn(args: list[str]) -> None:
    (target,) = GunicornConfig().parser().parse_args(args).args
    assert callable(import_app(target)), f"gunicorn target {target} is not a WSGI callable"


def check_celery(args: list[str]) -> None:
    at = next(i for i, arg in enumerate(args) if arg in celery_cli.commands)
    app = find_app(celery_cli.make_context("celery", args[:at]).params["app"])
    assert isinstance(app, Celery)
    name, rest = args[at], args[at + 1 :]
    context = celery_cli.commands[name].make_context(name, rest, obj=CLIContext(app, True, None, quiet=True))
    if context.params.get("scheduler"):
        assert issubclass(symbol_by_name(context.params["scheduler"]), Scheduler)


def check_command(argv: list[str]) -> bool:
    """Assert that what argv names exists; False when argv runs no program this test knows."""
    if argv[:2] == ["python", "manage.py"]:
        check_manage_py(argv[2:])
    elif argv[:1] == ["gunicorn"]:
        check_gunicorn(argv[1:])
    elif argv[:1] == ["celery"]:
        check_celery(argv[1:])
    else:
        return False
    return True


@pytest.mark.parametrize("service", APP_SERVICES)
def test_each_compose_command_names_something_that_exists(service):
    known = [check_command(argv) for argv in simple_commands(compose()["services"][service]["command"])]
    assert any(known), f"{service}: no manage.py, gunicorn or celery command to check"


@pytest.mark.parametrize("service", APP_SERVICES)
def test_each_compose_healthcheck_names_something_that_exists(service):
    healthcheck = compose()["services"][service].get("healthcheck")
    for argv in simple_commands(healthcheck["test"]) if healthcheck else []:
        check_command(argv)


def test_the_dockerfile_cmd_names_something_that_exists():
    cmds = [args for instruction, args in dockerfile_instructions() if instruction == "CMD"]
    assert cmds, "the Dockerfile has no CMD"
    assert check_command(json.loads(cmds[-1])), f"Dockerfile CMD {cmds[-1]} runs no known program"


@pytest.mark.parametrize(
    "command",
    [
        "python manage.py no_such_command",
        "python manage.py migrate --no-such-flag",
        "gunicorn antqcore.no_such_module:application --bind 0.0.0.0:8000",
        "gunicorn config.wsgi:no_such_attribute",
        "celery -A no_such_package worker",
        "celery -A config worker --no-such-flag",
        "celery -A config beat --scheduler django_celery_beat.schedulers:NoSuchScheduler",
    ],
)
def test_the_checks_reject_a_command_that_names_nothing(command):
    with pytest.raises(NAMES_NOTHING):
        check_command(shlex.split(command))


@pytest.mark.parametrize("service", APP_SERVICES)
def test_each_app_service_builds_the_dockerfile_of_this_repository(service):
    build = compose()["services"][service]["build"]
    context = build if isinstance(build, str) else build.get("context", ".")
    assert (ROOT / context).resolve() == ROOT
    assert (ROOT / "Dockerfile").is_file()


def test_every_depends_on_names_a_service_of_the_compose_file():
    services = compose()["services"]
    for name, service in services.items():
        assert set(service.get("depends_on", {})) <= set(services), f"{name} depends on an unknown service"


def test_files_the_dockerfile_copies_or_runs_exist_and_are_not_dockerignored():
    needed = set()
    for instruction, args in dockerfile_instructions():
        tokens = shlex.split(args)
        if instruction == "COPY" and not any(t.startswith("--from") for t in tokens):
            needed |= {t for t in tokens[:-1] if not t.startswith("--") and t != "."}
        elif instruction == "RUN":
            needed |= {t for t in tokens if re.fullmatch(r"([\w.-]+/)*[\w-]+\.(py|sh|txt|toml)", t)}
    assert {"scripts/vendor_assets.py", "requirements/constraints.txt", "manage.py"} <= needed
    lines = [line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()]
    ignored = [line for line in lines if line and not line.startswith("#")]
    for path in sorted(needed):
        assert (ROOT / path).exists(), f"the Dockerfile needs {path}, which is not in the repository"
        prefixes = ["/".join(path.split("/")[: i + 1]) for i in range(path.count("/") + 1)]
        hits = [p for p in ignored for prefix in prefixes if fnmatch.fnmatch(prefix, p)]
        assert not hits, f".dockerignore leaves {path} out of the build context ({hits})"


def test_every_variable_the_deployment_reads_is_documented_in_env_example():
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^#?\s*(\w+)=", example, re.MULTILINE))
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    interpolated = set(re.findall(r"(?<!\$)\$\{(\w+)", text))
    settings = (ROOT / "config" / "settings" / "production.py").read_text(encoding="utf-8")
    read = set(re.findall(r"\benv(?:\.\w+)?\(\s*[\"'](\w+)", settings))
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "POSTGRES_PASSWORD"} <= documented
    missing = (interpolated | read) - documented
    assert not missing, f"not documented in .env.example: {sorted(missing)}"
