import pytest

pytestmark = pytest.mark.django_db


def test_the_schema_documents_the_endpoints(client, viewer):
    client.force_login(viewer)
    r = client.get("/api/schema/")
    assert r.status_code == 200
    text = r.content.decode()
    for path in ("/api/v1/areas/", "/api/v1/stats/", "/api/v1/organisations/", "tokenAuth"):
        assert path in text


def test_swagger_ui_loads_its_assets_locally(client, viewer):
    client.force_login(viewer)
    r = client.get("/api/docs/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()


def test_the_schema_generates_without_warnings():
    from django.core.management import call_command

    # --fail-on-warn turns any ambiguity of the schema (e.g. two names for one enum) into a failure.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
