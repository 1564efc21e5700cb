"""#12 item 4: uploads and the files they leave. An upload is accepted only with an allowed extension, content that
really is of that format and a size under the limit, and it is stored under a name the system makes up. A stored file
is served only by the download view of its record, to users who may see the record, as an attachment that the browser
will not sniff or cache, each download in the security audit trail; never from /media/, even under DEBUG."""

import datetime
import importlib
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches
from openpyxl import Workbook

from antqcore.models import SecurityEvent
from certification.models import Answer, Participation, Status
from certification.selectors import criteria_for
from certification.services import participation_assess, participation_register
from coordination.models import Document
from models_registry.models import ModelType, MovementModel
from models_registry.services import model_create
from reports.models import ReportRun
from tests.certification.helpers import campaign
from tests.conftest import area, client_for
from tests.coordination.factories import make_document
from tests.reports.web_helpers import make_run, small_template
from tests.units.factories import commune_of, make_unit

pytestmark = pytest.mark.django_db
D = datetime.date

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>fetch('/api/v1/me/').then(r => r.text()).then(alert)</script></body></html>"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
GENERATED = r"[0-9a-f]{32}"


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def stored(media: Path) -> list[str]:
    return sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()) if media.exists() else []


def upload(name: str, content: bytes = PDF, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type)


def docx(*, word: bool = True) -> bytes:
    """A Word document's container; without the word/ part it is only a zip named .docx."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml" if word else "payload.html", "<w:document/>" if word else HTML)
    return buffer.getvalue()


def xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def page(client, url: str) -> str:
    r = client.get(url)
    assert r.status_code == 200, url
    return r.content.decode()


# --- Records with files, each in Việt Yên (in the district officer's scope, outside Lục Nam's) ---------------------

def answered_participation(file) -> Participation:
    p = participation_register(campaign=campaign(), unit=make_unit("222", name="Công ty TNHH Siflex Việt Nam"),
                               actor=None, on=D(2019, 2, 1))
    criteria = criteria_for(campaign=p.campaign, unit=p.unit)
    answers = {c.pk: {"met": True, "note": ""} for c in criteria}
    answers[criteria[0].pk]["attachment"] = file
    return participation_assess(participation=p, actor=None, answers=answers, on=D(2019, 10, 1))


def make_model(**data) -> MovementModel:
    return model_create(data={"name": "Tổ tự quản khu nhà trọ thôn Đông", "area": commune_of("222"),
                              "type": ModelType.objects.get(code="boarding_house_team"),
                              "established_on": D(2018, 1, 10), "regulation_on": D(2018, 1, 20),
                              "launched_on": D(2018, 2, 1), "members_count": 12} | data)


NAME = "Biên bản họp (bản chụp).pdf"


class Case:
    """One file field: its record, the file's content and display name, its web and API download URLs."""

    def __init__(self, key, record, content, name, web, api, content_type="application/pdf"):
        self.key, self.record, self.content, self.name = key, record, content, name
        self.web, self.api, self.content_type = web, api, content_type


def case_of(key: str, district_officer) -> Case:
    if key == "certification":
        answer = Answer.objects.get(participation=answered_participation(upload(NAME)), attachment__gt="")
        return Case(key, answer, PDF, NAME, f"/certification/answers/{answer.pk}/attachment/",
                    f"/api/v1/certification/participations/{answer.participation_id}/attachments/{answer.pk}/")
    if key == "model":
        model = make_model(regulation_file=upload(NAME))
        return Case(key, model, PDF, NAME, f"/models/{model.pk}/regulation/", f"/api/v1/models/{model.pk}/regulation/")
    if key == "document":
        document = make_document(number="779/UBND-VP", area_code="222", file=upload(NAME))
        return Case(key, document, PDF, NAME, f"/activities/documents/{document.pk}/file/",
                    f"/api/v1/activities/documents/{document.pk}/file/")
    small_template()
    run = make_run(district_officer, "222", files=True)
    if key == "report-pdf":
        return Case(key, run, b"%PDF-1.7 test report", f"bao-cao-quarterly-222-20190930-v{run.version}.pdf",
                    f"/reports/{run.pk}/pdf/", f"/api/v1/reports/{run.pk}/pdf/")
    return Case(key, run, b"PK annex", f"bao-cao-quarterly-222-20190930-v{run.version}.xlsx",
                f"/reports/{run.pk}/xlsx/", f"/api/v1/reports/{run.pk}/xlsx/",
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


CASES = ["certification", "model", "document", "report-pdf", "report-xlsx"]


def filename_of(response) -> str:
    match = re.search(r"filename\*=UTF-8''([^;\s]+)", response["Content-Disposition"], flags=re.IGNORECASE)
    assert match, response["Content-Disposition"]
    return unquote(match.group(1))


def assert_served_as_attachment(response, case: Case):
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == case.content
    assert response["Content-Disposition"].startswith("attachment;")
    assert filename_of(response) == case.name
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == case.content_type
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


# --- Refusals: content, size, nothing stored ----------------------------------------------------------------------

def test_an_html_page_named_pdf_is_refused_by_the_document_form_and_nothing_is_stored(client, province_staff, media):
    client.force_login(province_staff)
    data = {"doc_type": "dispatch", "number": "1010/UBND-NC", "issued_on": "04/04/2018", "area": area("24").pk,
            "issuer": "Chủ tịch UBND tỉnh Bắc Giang", "subject": "Đẩy mạnh phong trào"}
    r = client.post("/activities/documents/new/", data | {"file": upload("cong-van.pdf", HTML)})
    assert r.status_code == 200
    assert "Tệp “cong-van.pdf” không đúng định dạng PDF." in r.content.decode()
    assert not Document.objects.exists() and stored(media) == []


def test_an_html_page_named_pdf_is_refused_by_the_api_with_400_and_nothing_is_stored(district_officer, media):
    data = {"doc_type": "dispatch", "number": "779/UBND-VP", "issued_on": "2018-04-18", "issuer": "UBND huyện Việt Yên",
            "subject": "Đẩy mạnh phong trào", "file": upload("779.pdf", HTML)}
    r = client_for(district_officer).post("/api/v1/activities/documents/", data, format="multipart")
    assert r.status_code == 400
    assert r.json()["errors"] == {"file": ["Tệp “779.pdf” không đúng định dạng PDF."]}
    assert not Document.objects.exists() and stored(media) == []


def test_a_self_assessment_with_an_html_attachment_is_refused_and_nothing_changes(client, district_officer, media):
    p = participation_register(campaign=campaign(), unit=make_unit("222"), actor=None, on=D(2019, 2, 1))
    criteria = criteria_for(campaign=p.campaign, unit=p.unit)
    data = {"assessed_on": "01/10/2019"} | {f"met_{c.pk}": "1" for c in criteria}
    data[f"file_{criteria[0].pk}"] = upload("nghi-quyet.pdf", HTML)
    client.force_login(district_officer)
    r = client.post(f"/certification/participations/{p.pk}/assess/", data)
    assert r.status_code == 200
    assert "Tệp “nghi-quyet.pdf” không đúng định dạng PDF." in r.content.decode()
    assert Participation.objects.get(pk=p.pk).status == Status.REGISTERED and not Answer.objects.exists()
    assert stored(media) == []


def test_a_regulation_that_is_a_zip_named_docx_is_refused_on_the_model_form(client, district_officer, media):
    client.force_login(district_officer)
    data = {"name": "Liên kết bảo đảm ANTT xã Tăng Tiến", "type": ModelType.objects.get(code="linkage").pk,
            "status": "active", "area": commune_of("222").pk, "established_on": "15/03/2019", "members_count": 15,
            "briefing_every_months": 3, "replication_sites": 0, "replication_teams": 0,
            "regulation_file": upload("quy-che.docx", docx(word=False), "application/octet-stream")}
    r = client.post("/models/new/", data)
    assert r.status_code == 200
    assert "Tệp “quy-che.docx” không đúng định dạng Word (DOCX)." in r.content.decode()
    assert not MovementModel.objects.exists() and stored(media) == []


def test_an_extension_outside_the_fields_list_is_refused_even_with_real_content(client, district_officer, media):
    """A spreadsheet is a fine self-assessment annex, not a model's operating regulation."""
    client.force_login(district_officer)
    model = make_model()
    r = client.post(f"/models/{model.pk}/edit/", {
        "name": model.name, "type": model.type_id, "status": "active", "area": model.area_id,
        "established_on": "10/01/2018", "regulation_on": "20/01/2018", "launched_on": "01/02/2018",
        "members_count": 12, "briefing_every_months": 3, "replication_sites": 0, "replication_teams": 0,
        "regulation_file": upload("quy-che.xlsx", xlsx(), "application/octet-stream")})
    assert r.status_code == 200
    assert "Tệp “quy-che.xlsx” không được chấp nhận: chỉ nhận tệp PDF, DOC, DOCX, ODT, JPG, JPEG, PNG." in (
        r.content.decode())
    assert not MovementModel.objects.get(pk=model.pk).regulation_file and stored(media) == []


def test_the_admin_refuses_what_the_forms_refuse(client, admin_user, media):
    model = make_model()
    client.force_login(admin_user)
    r = client.post(f"/admin/models_registry/movementmodel/{model.pk}/change/", {
        "name": model.name, "type": model.type_id, "area": model.area_id, "established_on": "10/01/2018",
        "members_count": 12, "briefing_every_months": 3, "replication_sites": 0, "replication_teams": 0,
        "status": "active", "activities-TOTAL_FORMS": 0, "activities-INITIAL_FORMS": 0, "reviews-TOTAL_FORMS": 0,
        "reviews-INITIAL_FORMS": 0, "regulation_file": upload("quy-che.pdf", HTML)})
    assert r.status_code == 200
    assert "Tệp “quy-che.pdf” không đúng định dạng PDF." in r.content.decode()
    assert stored(media) == []
    # The model field itself carries the rule, whatever form or code fills it.
    with pytest.raises(ValidationError) as excinfo:
        Document(doc_type="dispatch", number="1", issued_on=D(2018, 1, 1), issuer="UBND", subject="Thử",
                 area=area("24"), file=upload("a.png", HTML, "image/png")).full_clean()
    assert excinfo.value.message_dict["file"] == ["Tệp “a.png” không đúng định dạng PNG."]


def test_a_file_over_the_limit_is_refused_with_its_size_and_the_limit(client, district_officer, media, settings):
    settings.ANTQ_UPLOAD_MAX_MB = 1
    big = upload("ban-chup.pdf", PDF + b"0" * (3 * 1024 * 1024 // 2 - len(PDF)))
    data = {"doc_type": "dispatch", "number": "779/UBND-VP", "issued_on": "2018-04-18", "issuer": "UBND huyện Việt Yên",
            "subject": "Đẩy mạnh phong trào", "file": big}
    r = client_for(district_officer).post("/api/v1/activities/documents/", data, format="multipart")
    assert r.status_code == 400
    assert r.json()["errors"]["file"] == ["Tệp “ban-chup.pdf” có dung lượng 1,5 MB; chỉ nhận tệp tối đa 1 MB."]
    assert not Document.objects.exists() and stored(media) == []
    # A field may have its own limit.
    settings.ANTQ_UPLOAD_MAX_MB_PER_FIELD = {"document_file": 2}
    big.seek(0)
    assert client_for(district_officer).post("/api/v1/activities/documents/", data, format="multipart"
                                             ).status_code == 201


# --- Accepted uploads: generated names, the user's name kept for display --------------------------------------------

def multipart(fields: dict, file_field: str, filename: str, content: bytes) -> tuple[bytes, str]:
    """A body as a browser could send it, with a file name the test client would not let through."""
    boundary = "antq-test-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
                 f"Content-Type: application/pdf\r\n\r\n".encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("filename", ["../../x.pdf", "..\\..\\x.pdf", "/etc/x.pdf"])
def test_an_accepted_file_is_stored_under_a_generated_name_and_keeps_its_own_for_display(client, province_staff, media,
                                                                                        filename):
    client.force_login(province_staff)
    body, content_type = multipart({"doc_type": "dispatch", "number": "1010/UBND-NC", "issued_on": "04/04/2018",
                                    "area": area("24").pk, "issuer": "Chủ tịch UBND tỉnh Bắc Giang",
                                    "subject": "Đẩy mạnh phong trào"}, "file", filename, PDF)
    r = client.post("/activities/documents/new/", body, content_type=content_type)
    assert r.status_code == 302
    document = Document.objects.get()
    assert re.fullmatch(rf"documents/\d{{4}}/{GENERATED}\.pdf", document.file.name)
    assert stored(media) == [document.file.name]
    assert (media / document.file.name).read_bytes() == PDF
    detail = page(client, f"/activities/documents/{document.pk}/")
    assert "x.pdf" in detail and f'href="/activities/documents/{document.pk}/file/"' in detail
    r = client.get(f"/activities/documents/{document.pk}/file/")
    assert filename_of(r) == "x.pdf"


def test_real_office_files_and_images_are_accepted_where_the_field_allows_them(district_officer, media):
    p = participation_register(campaign=campaign(), unit=make_unit("222"), actor=None, on=D(2019, 2, 1))
    criteria = criteria_for(campaign=p.campaign, unit=p.unit)
    files = [upload("Bảng tổng hợp.xlsx", xlsx(), "application/octet-stream"),
             upload("Kế hoạch.docx", docx(), "application/octet-stream"), upload("Ảnh buổi ra quân.png", PNG)]
    answers = {c.pk: {"met": True, "note": ""} for c in criteria}
    for criterion, file in zip(criteria, files, strict=False):
        answers[criterion.pk]["attachment"] = file
    participation_assess(participation=p, actor=district_officer, answers=answers)  # dated today (#17)
    names = {a.attachment_name: a.attachment.name for a in Answer.objects.filter(attachment__gt="")}
    assert set(names) == {"Bảng tổng hợp.xlsx", "Kế hoạch.docx", "Ảnh buổi ra quân.png"}
    for original, name in names.items():
        assert re.fullmatch(rf"certification/\d{{4}}/{GENERATED}\.{original.rsplit('.', 1)[1]}", name)
    assert len(stored(media)) == 3


# --- Downloads: scoped, attachments, audited ------------------------------------------------------------------------

@pytest.mark.parametrize("key", CASES)
def test_the_download_page_serves_the_file_as_an_attachment_to_users_in_scope_only(client, key, district_officer,
                                                                                   other_district_officer, media):
    case = case_of(key, district_officer)
    r = client.get(case.web)
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    client.force_login(other_district_officer)
    assert client.get(case.web).status_code == 404
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.DOWNLOAD).exists()
    client.force_login(district_officer)
    assert_served_as_attachment(client.get(case.web), case)
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.DOWNLOAD)
    assert event.user == district_officer and event.path == case.web
    assert event.detail["file"] == case.name
    assert event.detail["record"] == f"{case.record._meta.label_lower}:{case.record.pk}"


@pytest.mark.parametrize("key", CASES)
def test_the_api_serves_the_file_to_callers_in_scope_only(api, key, district_officer, other_district_officer, media):
    case = case_of(key, district_officer)
    assert api.get(case.api).status_code == 401
    assert client_for(other_district_officer).get(case.api).status_code == 404
    assert_served_as_attachment(client_for(district_officer).get(case.api), case)
    assert SecurityEvent.objects.get(kind=SecurityEvent.Kind.DOWNLOAD).detail["file"] == case.name


def test_records_link_their_download_views_never_media(client, district_officer, media):
    cases = {key: case_of(key, district_officer) for key in ["certification", "model", "document"]}
    client.force_login(district_officer)
    answer = cases["certification"].record
    for url, case in [(f"/certification/participations/{answer.participation_id}/", cases["certification"]),
                      (f"/certification/participations/{answer.participation_id}/assess/", cases["certification"]),
                      (f"/models/{cases['model'].record.pk}/", cases["model"]),
                      (f"/models/{cases['model'].record.pk}/edit/", cases["model"]),
                      ("/activities/documents/", cases["document"]),
                      (f"/activities/documents/{cases['document'].record.pk}/", cases["document"])]:
        html = page(client, url)
        assert f'href="{case.web}"' in html and "/media/" not in html, url
    api = client_for(district_officer)
    participation = api.get(f"/api/v1/certification/participations/{answer.participation_id}/").json()
    assert [a["attachment"] for a in participation["answers"] if a["attachment"]] == [
        f"http://testserver{cases['certification'].api}"]
    model = api.get(f"/api/v1/models/{cases['model'].record.pk}/").json()
    assert model["regulation_file"] == f"http://testserver{cases['model'].api}"
    document = api.get(f"/api/v1/activities/documents/{cases['document'].record.pk}/").json()
    assert document["file"] == f"http://testserver{cases['document'].api}" and document["file_name"] == NAME


def test_a_file_stored_under_its_old_name_is_still_served_and_a_lost_one_answers_404(client, province_staff, media):
    document, lost = make_document(), make_document(number="55/UBND-CA")
    (media / "documents/2019").mkdir(parents=True)
    (media / "documents/2019/Công văn 1010 ký.pdf").write_bytes(PDF)
    Document.objects.filter(pk=document.pk).update(file="documents/2019/Công văn 1010 ký.pdf")
    Document.objects.filter(pk=lost.pk).update(file="documents/2019/gone.pdf")
    client.force_login(province_staff)
    r = client.get(f"/activities/documents/{document.pk}/file/")
    assert r.status_code == 200 and filename_of(r) == "Công văn 1010 ký.pdf" and r["Content-Type"] == "application/pdf"
    assert "Công văn 1010 ký.pdf" in page(client, f"/activities/documents/{document.pk}/")
    assert client.get(f"/activities/documents/{lost.pk}/file/").status_code == 404


# --- Nothing under /media/, in any setting ----------------------------------------------------------------------------

@pytest.fixture
def debug_urls(settings):
    """The URLs as `make run` (DEBUG) builds them."""
    import config.urls

    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def test_media_is_not_served_even_with_debug(client, district_officer, media, debug_urls):
    document = make_document(number="779/UBND-VP", area_code="222", file=upload("779.pdf"))
    small_template()
    run = make_run(district_officer, "222", files=True)
    client.force_login(district_officer)
    for name in [document.file.name, run.pdf.name]:
        assert (media / name).exists()
        assert client.get(f"/media/{name}").status_code == 404, name
        assert client.get(f"/static/{name}").status_code == 404, name
    assert client.get(f"/activities/documents/{document.pk}/file/").status_code == 200
    assert ReportRun.objects.get(pk=run.pk).pdf.name == run.pdf.name


def test_settings_refuse_a_media_folder_inside_the_static_files():
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=root, capture_output=True,
                            text=True, timeout=120, env=env | {"DJANGO_SETTINGS_MODULE": "config.settings.test",
                                                               "MEDIA_ROOT": str(root / "static" / "uploads")})
    assert result.returncode != 0
    assert "MEDIA_ROOT must not lie inside STATIC_ROOT or STATICFILES_DIRS" in result.stderr
