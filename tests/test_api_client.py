"""A client generated from the API's schema works (issue #17): another province's system generates a Python client
from /api/schema/ with openapi-python-client, and does its work through it only — no hand-written request. The
client is generated here from the schema the server serves, every module of it is imported, and it pages through
the units, reads figures, records an incident, runs a report and downloads its PDF, against a live server."""

import datetime
import importlib
import pkgutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import Client

from antqcore.models import Role
from antqcore.services import api_token_create
from antqcore.uploads import download_content_types
from config.celery import app as celery_app
from incidents.models import Incident
from incidents.reference_data import incident_types_load
from reports.models import ReportRun
from tests.conftest import make_user
from tests.reports.helpers_core import END, START, small_template
from tests.units.factories import make_unit

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
# A download (a report's PDF and workbook, a document's file) is served as its own type: the generator parses a
# binary body only under application/octet-stream, so it is told that these types are binary bodies too.
CONFIG = "\n".join([
    "project_name_override: antq-client",
    "package_name_override: antq_client",
    "post_hooks: []  # no formatting of the generated code: it is only imported",
    "content_type_overrides:",
    *(f"  {content_type}: application/octet-stream" for content_type in download_content_types()),
]) + "\n"


@pytest.fixture
def eager_reports(settings, tmp_path):
    """The live server runs the report task in the request's thread, once its transaction commits (a real worker
    is tested in tests/reports/test_celery_worker.py)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def generated_client(tmp_path, areas, live_server):
    """The client, generated from the schema a signed-in user downloads, importable as `antq_client`."""
    staff = make_user("tinh", Role.PROVINCE_STAFF, "24")
    browser = Client()
    browser.force_login(staff)
    schema = browser.get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    (tmp_path / "schema.json").write_bytes(schema.content)
    (tmp_path / "config.yaml").write_text(CONFIG)
    done = subprocess.run(
        [str(GENERATOR), "generate", "--path", "schema.json", "--config", "config.yaml", "--output-path", "client",
         "--meta", "none", "--overwrite"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin"})
    assert done.returncode == 0, done.stdout + done.stderr
    # Only what the generator cannot turn into code is allowed in its warnings: nothing.
    assert "WARNING" not in done.stdout and "Unable to" not in done.stdout, done.stdout
    sys.path.insert(0, str(tmp_path))
    try:
        yield staff
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "client" or m.startswith("client.")]:
            del sys.modules[name]


@pytest.mark.django_db(transaction=True)
def test_a_generated_client_does_a_provinces_work(generated_client, live_server, eager_reports):
    staff = generated_client
    # Every module of the client imports.
    package = importlib.import_module("client")
    modules = [info.name for info in pkgutil.walk_packages(package.__path__, "client.")]
    for name in modules:
        importlib.import_module(name)
    assert len(modules) > 100, modules

    from client import AuthenticatedClient
    from client.api.incidents import incidents_create
    from client.api.reports import reports_create, reports_pdf_retrieve, reports_retrieve
    from client.api.stats import stats_retrieve
    from client.api.units import units_list
    from client.models import IncidentRequest, ReportRunCreateRequest, TemplateEnum
    from client.types import File

    token = api_token_create(user=staff, name="Hệ thống của tỉnh bạn")
    client = AuthenticatedClient(base_url=live_server.url, token=token, prefix="Token",
                                 raise_on_unexpected_status=True, timeout=120)

    # Page through the units, 2 by 2.
    names = [f"Công ty số {n}" for n in range(5)]
    for name in names:
        make_unit("222", name=name)
    seen, page = [], 1
    while True:
        listing = units_list.sync(client=client, page=page, page_size=2)
        seen += [unit.name for unit in listing.results]
        if not listing.next_:
            break
        page += 1
    assert sorted(seen) == sorted(names) and page == 3

    # Record an incident, read the figures.
    incident_types_load()
    unit = make_unit("222", name="Công ty TNHH Siflex Việt Nam")
    created = incidents_create.sync(client=client, body=IncidentRequest(
        type_="strike", occurred_at=datetime.datetime(2019, 6, 3, 8, 30, tzinfo=datetime.UTC), unit=unit.pk,
        description="Công nhân ngừng việc tập thể", workers=300))
    assert Incident.objects.get(pk=created.id).description == "Công nhân ngừng việc tập thể"
    stats = stats_retrieve.sync(client=client, area="24", from_=START, to=END, keys="incidents.strikes")
    assert stats.figures["incidents.strikes"] == 1

    # Run a report, wait for it, download its PDF.
    small_template("annual")
    accepted = reports_create.sync(client=client, body=ReportRunCreateRequest(
        template=TemplateEnum.ANNUAL, area="24", period_start=START, period_end=END))
    deadline = time.monotonic() + 120
    while (run := reports_retrieve.sync(client=client, id=accepted.id)).status.value in {"queued", "running"}:
        assert time.monotonic() < deadline, "the report did not finish in 2 minutes"
        time.sleep(0.5)
    assert run.status.value == "done", ReportRun.objects.get(pk=accepted.id).error
    pdf = reports_pdf_retrieve.sync(client=client, id=accepted.id)
    assert isinstance(pdf, File) and pdf.payload.read(5) == b"%PDF-"
