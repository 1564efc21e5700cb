import pytest

from reports.models import LockedChange
from tests.conftest import area
from tests.reports.helpers_core import lock, make_run

pytestmark = pytest.mark.django_db


def test_the_admin_lists_templates_runs_locks_and_locked_changes(client, admin_user):
    period_lock = lock(area("222"))
    LockedChange.objects.create(lock=period_lock, record_type="incidents.Incident", record_id="7", action="update",
                                reason="Bổ sung số liệu", user=admin_user)
    run = make_run(area("24"), number="125/BC-BCĐ")
    client.force_login(admin_user)
    for url in ("/admin/reports/reporttemplate/", "/admin/reports/reportrun/", "/admin/reports/periodlock/",
                "/admin/reports/lockedchange/", f"/admin/reports/reportrun/{run.pk}/change/",
                f"/admin/reports/reporttemplate/{run.template_id}/change/",
                "/admin/django_celery_beat/periodictask/"):
        r = client.get(url)
        assert r.status_code == 200, url
    assert "Bổ sung số liệu" in client.get("/admin/reports/lockedchange/").content.decode()
    # Runs, locks and their audit are made by the services, not typed in the admin.
    assert client.get("/admin/reports/reportrun/add/").status_code == 403
    assert client.get("/admin/reports/lockedchange/add/").status_code == 403
    r = client.post(f"/admin/reports/reportrun/{run.pk}/change/", {"number": "1/BC"})
    assert r.status_code == 403
