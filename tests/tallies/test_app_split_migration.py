"""A database of the old `activities` app migrates across the split into `tallies` and `coordination` (#14) with
every row: the database is taken back to activities.0003 (the last migration before the split), given one row of
every model the app had, as the old code wrote them, and migrated forward; each row is then read through the new
models under the same id, with its links, its history, the permissions and the stored labels that named it."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from antqcore.models import Role, SecurityEvent
from coordination.models import Agreement, Document, DocumentCitation, Inspection
from reports.models import LockedChange
from tallies.models import Indicator, ReportingBody, TallyValue
from tests.conftest import area, make_user
from tests.reports.helpers_core import lock
from tests.units.factories import make_unit

pytestmark = pytest.mark.django_db(transaction=True)  # migrations run DDL: no test transaction around them

BEFORE_SPLIT = [("activities", "0003_protected_uploads")]
D = datetime.date


def migrate(targets=None):
    """Migrates to `targets` (every app's last migration by default); returns the models as they were there."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_split(areas):
    yield
    migrate()  # whatever happened, the next tests find the database as the code expects it


def test_every_row_of_the_activities_app_is_kept_by_tallies_and_coordination(back_to_the_split):
    user = make_user("tinh", Role.PROVINCE_STAFF, "24")
    unit = make_unit("222", name="Công ty TNHH Siflex Việt Nam")
    period_lock = lock(area("24"), start=D(2019, 7, 1), end=D(2019, 9, 30))
    indicator_type_id = ContentType.objects.get_for_model(Indicator).pk
    agreement_type_id = ContentType.objects.get_for_model(Agreement).pk
    editors = Group.objects.create(name="Biên tập danh mục")
    editors.permissions.add(Permission.objects.get(content_type_id=indicator_type_id, codename="change_indicator"))

    old = migrate(BEFORE_SPLIT)

    def model(name):
        return old.get_model("activities", name)

    viet_yen, bac_giang = area("222").pk, area("24").pk
    sessions = model("Indicator").objects.create(code="split-sessions", name="Buổi tuyên truyền",
                                                 unit_of_measure="buổi", category="propaganda", order=10)
    people = model("Indicator").objects.create(code="split-people", name="Lượt người nghe", unit_of_measure="lượt",
                                               category="propaganda", order=20, not_below=sessions)
    body = model("ReportingBody").objects.create(code="split-ca-viet-yen", name="Công an huyện Việt Yên", kind="police",
                                                 area_id=viet_yen, period_type="quarter")
    body.indicators.add(sessions, people)
    value = model("TallyValue").objects.create(indicator=people, body=body, area_id=viet_yen, period_type="quarter",
                                               period_start=D(2019, 7, 1), period_end=D(2019, 9, 30),
                                               value=Decimal("80000"), more_than=True, entered_by_id=user.pk)
    model("HistoricalTallyValue").objects.create(
        id=value.pk, indicator_id=people.pk, body_id=body.pk, area_id=viet_yen, period_type="quarter",
        period_start=value.period_start, period_end=value.period_end, value=value.value, more_than=True,
        updated_at=value.updated_at, history_date=timezone.now(), history_type="+", history_user_id=user.pk)
    document = model("Document").objects.create(doc_type="directive", number="07/CT-BCA-V28",
                                                issued_on=D(2014, 8, 15), issuer="Bộ Công an",
                                                subject="Đẩy mạnh phong trào", area_id=bac_giang)
    agreement = model("Agreement").objects.create(kind="regulation", number="15/QCPH-CAH", signed_on=D(2019, 3, 10),
                                                  police_side="local", area_id=viet_yen, partner_name=unit.name,
                                                  partner_unit_id=unit.pk, subject="Phối hợp bảo đảm ANTT")
    old_agreement_type = old.get_model("contenttypes", "ContentType").objects.get(app_label="activities",
                                                                                 model="agreement")
    assert old_agreement_type.pk == agreement_type_id  # the way back gave the content type its old label
    citation = model("DocumentCitation").objects.create(document=document, content_type=old_agreement_type,
                                                        object_id=agreement.pk)
    inspection = model("Inspection").objects.create(inspected_on=D(2019, 8, 20), inspecting_body="standing_agency",
                                                    unit_id=unit.pk, area_id=unit.commune_id,
                                                    subject="Kiểm tra công tác bảo vệ ANTT")
    LockedChange.objects.create(lock=period_lock, record_type="activities.TallyValue", record_id=str(value.pk),
                                action="create", reason="Bổ sung số liệu", user=user)
    download = SecurityEvent.objects.create(kind=SecurityEvent.Kind.DOWNLOAD, username="tinh", detail={
        "file": "chi-thi.pdf", "record": f"activities.document:{document.pk}"})

    migrate()

    new_sessions, new_people = Indicator.objects.get(pk=sessions.pk), Indicator.objects.get(pk=people.pk)
    assert (new_people.code, new_people.not_below) == ("split-people", new_sessions)
    new_body = ReportingBody.objects.get(pk=body.pk)
    assert (new_body.code, new_body.area_id) == ("split-ca-viet-yen", viet_yen)
    assert set(new_body.indicators.all()) == {new_sessions, new_people}
    new_value = TallyValue.objects.get(pk=value.pk)
    assert (new_value.indicator, new_value.body, new_value.value, new_value.more_than, new_value.entered_by) == (
        new_people, new_body, Decimal("80000"), True, user)
    assert [h.history_user for h in new_value.history.all()] == [user]
    new_document = Document.objects.get(pk=document.pk)
    assert (new_document.number, new_document.issued_on) == ("07/CT-BCA-V28", D(2014, 8, 15))
    new_agreement = Agreement.objects.get(pk=agreement.pk)
    assert (new_agreement.number, new_agreement.partner_unit) == ("15/QCPH-CAH", unit)
    new_citation = DocumentCitation.objects.get(pk=citation.pk)
    assert (new_citation.document, new_citation.record) == (new_document, new_agreement)
    new_inspection = Inspection.objects.get(pk=inspection.pk)
    assert (new_inspection.unit, new_inspection.inspecting_body) == (unit, "standing_agency")

    # What pointed at the old app points at the new ones: content types (same ids), permissions, stored labels.
    assert ContentType.objects.get_for_model(Indicator).pk == indicator_type_id
    assert ContentType.objects.get_for_model(Agreement).pk == agreement_type_id
    assert not ContentType.objects.filter(app_label="activities").exists()
    assert list(editors.permissions.values_list("content_type__app_label", "codename")) == [
        ("tallies", "change_indicator")]
    assert LockedChange.objects.get().record_type == "tallies.TallyValue"
    download.refresh_from_db()
    assert download.detail == {"file": "chi-thi.pdf", "record": f"coordination.document:{document.pk}"}
