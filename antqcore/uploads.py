"""Uploaded files, in one place: what each file field accepts, where it is stored, and how it is served.

Accepting. Each file field has a rule (`RULES`): the extensions it accepts and the folder it stores into. An upload
is accepted when its extension is in the rule, its size is within the limit (ANTQ_UPLOAD_MAX_MB, or the field's own in
ANTQ_UPLOAD_MAX_MB_PER_FIELD) and its first bytes are those of that format: a ".pdf" that is really an HTML page is
refused. The same check (`UploadValidator`) runs in the forms, the API serializers, the model field (so the admin
enforces it) and, as a last guard, when the record is saved: nothing unchecked reaches the disk.

Storing. A file is stored as "<folder>/<year>/<uuid4 hex>.<ext>": never the user's name or path. The user's name is
kept beside it (`UploadNameField`) for display and as the name of the download.

Serving. Nothing is served from MEDIA_URL. Every file field names its download view; each view loads the record
through its app's scoped queryset (outside the scope: 404, anonymous: the login page, or 401 from the API) and answers
`file_download()`: an attachment under the display name, a content type from the allow-list (never from the request),
nosniff, no caching, and a SecurityEvent of the download."""

import math
import os
import re
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext as _
from django.views import View
from rest_framework import renderers, serializers
from unidecode import unidecode

from .audit import security_event_log
from .models import SecurityEvent

# --- Formats -----------------------------------------------------------------------------------------------------


def _head(file: IO[bytes], size: int) -> bytes:
    file.seek(0)
    data = file.read(size)
    file.seek(0)
    return data


def _starts_with(*signatures: bytes) -> Callable[[IO[bytes]], bool]:
    return lambda file: any(_head(file, len(s)) == s for s in signatures)


def _zip_holding(check: Callable[[zipfile.ZipFile], bool]) -> Callable[[IO[bytes]], bool]:
    """An office file of today is a zip: OOXML (DOCX, XLSX) has its content types and its main folder, ODF (ODT, ODS)
    names its type in the "mimetype" member. Only the directory and that short member are read, never the rest."""

    def is_it(file: IO[bytes]) -> bool:
        if _head(file, 4) != b"PK\x03\x04":
            return False
        try:
            with zipfile.ZipFile(file) as z:
                return check(z)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError, EOFError):
            return False
        finally:
            file.seek(0)

    return is_it


def _ooxml(folder: str) -> Callable[[IO[bytes]], bool]:
    def check(z: zipfile.ZipFile) -> bool:
        names = z.namelist()
        return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)

    return _zip_holding(check)


def _odf(mimetype: str) -> Callable[[IO[bytes]], bool]:
    def check(z: zipfile.ZipFile) -> bool:
        with z.open("mimetype") as member:
            return member.read(100).strip() == mimetype.encode()

    return _zip_holding(check)


@dataclass(frozen=True)
class Format:
    label: str  # as the refusal names it: "PDF", "Word (DOCX)"
    content_type: str  # what a download of it is served as
    check: Callable[[IO[bytes]], bool]  # the content really is of this format


_OLE2 = _starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # legacy Office (DOC, XLS)
_JPEG = Format("JPEG", "image/jpeg", _starts_with(b"\xff\xd8\xff"))
FORMATS: dict[str, Format] = {
    "pdf": Format("PDF", "application/pdf", _starts_with(b"%PDF-")),
    "doc": Format("Word (DOC)", "application/msword", _OLE2),
    "docx": Format("Word (DOCX)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                   _ooxml("word/")),
    "odt": Format("OpenDocument (ODT)", "application/vnd.oasis.opendocument.text",
                  _odf("application/vnd.oasis.opendocument.text")),
    "xls": Format("Excel (XLS)", "application/vnd.ms-excel", _OLE2),
    "xlsx": Format("Excel (XLSX)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   _ooxml("xl/")),
    "ods": Format("OpenDocument (ODS)", "application/vnd.oasis.opendocument.spreadsheet",
                  _odf("application/vnd.oasis.opendocument.spreadsheet")),
    "jpg": _JPEG,
    "jpeg": _JPEG,
    "png": Format("PNG", "image/png", _starts_with(b"\x89PNG\r\n\x1a\n")),
}
OCTET_STREAM = "application/octet-stream"  # a legacy file of a type outside the list: downloaded, never rendered

# --- Rules -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadRule:
    folder: str
    extensions: tuple[str, ...]


_DOCUMENTS = ("pdf", "doc", "docx", "odt", "jpg", "jpeg", "png")  # a signed paper: the file or its scan
RULES: dict[str, UploadRule] = {
    # Evidence of a self-assessment: minutes, plans, commitments, tallies in a spreadsheet, photographs.
    "certification_attachment": UploadRule("certification", ("pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "jpg",
                                                             "jpeg", "png")),
    "document_file": UploadRule("documents", _DOCUMENTS),  # a directive document
    "model_regulation": UploadRule("models", _DOCUMENTS),  # a model's operating regulation
    # Written by the report generation itself, never uploaded.
    "report_pdf": UploadRule("reports", ("pdf",)),
    "report_annex": UploadRule("reports", ("xlsx",)),
}


def _extension(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def max_upload_bytes(rule: str) -> int:
    per_field = getattr(settings, "ANTQ_UPLOAD_MAX_MB_PER_FIELD", {}) or {}
    return int(per_field.get(rule, getattr(settings, "ANTQ_UPLOAD_MAX_MB", 10)) * 1024 * 1024)


def _megabytes(size: int) -> str:
    """1,5 for 1.5 MB; rounded up, so that a file just over a limit of 10 MB does not read "10,0 MB"."""
    tenths = math.ceil(size * 10 / 1024 / 1024)
    return formats.number_format(tenths / 10, 0 if tenths % 10 == 0 else 1)


def accepted_extensions(rule: str) -> str:
    return ", ".join(ext.upper() for ext in RULES[rule].extensions)


def upload_problem(rule: str, file) -> str | None:
    """Why an uploaded file is refused for a field of this rule, in words for its sender; None when it is accepted."""
    name = os.path.basename(getattr(file, "name", "") or "")
    extension = _extension(name)
    if extension not in RULES[rule].extensions:
        return _("The file “%(name)s” is not accepted here: only %(formats)s files are.") % {
            "name": name, "formats": accepted_extensions(rule)}
    limit = max_upload_bytes(rule)
    if file.size is not None and file.size > limit:
        return _("The file “%(name)s” is %(size)s MB; at most %(max)s MB is accepted.") % {
            "name": name, "size": _megabytes(file.size), "max": _megabytes(limit)}
    if not FORMATS[extension].check(file):
        return _("The file “%(name)s” is not a valid %(format)s file.") % {
            "name": name, "format": FORMATS[extension].label}
    return None


@deconstructible
class UploadValidator:
    """The rule as a validator, for form fields, serializer fields and model fields alike. A file already stored was
    checked when it came in (and may predate the rules): only new uploads are checked."""

    def __init__(self, rule: str):
        self.rule = rule

    def __call__(self, value) -> None:
        if isinstance(value, FieldFile):
            if not value or value._committed:
                return
            value = value.file
        if not value:
            return
        problem = upload_problem(self.rule, value)
        if problem:
            raise ValidationError(problem, code="upload")

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and other.rule == self.rule


def _help_text(rule: str) -> str:
    return _("%(formats)s, at most %(max)s MB.") % {"formats": accepted_extensions(rule),
                                                      "max": _megabytes(max_upload_bytes(rule))}


upload_help_text = lazy(_help_text, str)  # read when shown: the language and the limit of that moment


def _accept(rule: str) -> str:
    return ",".join(f".{ext}" for ext in RULES[rule].extensions)


def upload_form_field(rule: str, **kwargs) -> forms.FileField:
    """A form's file field that checks the rule and tells the browser's file picker what to offer."""
    field = forms.FileField(validators=[UploadValidator(rule)], **kwargs)
    field.widget.attrs.setdefault("accept", _accept(rule))
    if not field.help_text:
        field.help_text = upload_help_text(rule)
    return field


# --- Storing -----------------------------------------------------------------------------------------------------


@deconstructible
class UploadTo:
    """upload_to of a rule's fields: "<folder>/<year>/<uuid4 hex>.<ext>", nothing of the sender's name but the
    extension (already checked against the rule)."""

    def __init__(self, rule: str):
        self.rule = rule

    def __call__(self, instance, filename: str) -> str:
        extension = _extension(filename)
        suffix = f".{extension}" if extension in FORMATS else ""
        return f"{RULES[self.rule].folder}/{timezone.localdate():%Y}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other):
        return isinstance(other, UploadTo) and other.rule == self.rule


def clean_display_name(name: str) -> str:
    """The sender's file name without any path or control characters, at most 255 characters."""
    name = "".join(ch for ch in os.path.basename((name or "").replace("\\", "/")) if ch.isprintable()).strip()
    if len(name) > 255:
        stem, extension = os.path.splitext(name)
        name = stem[:255 - len(extension)] + extension
    return name


class ProtectedFieldFile(FieldFile):
    @property
    def url(self) -> str:
        """The record's download view: whatever links a stored file (a template, the admin) goes through the scope."""
        self._require_file()
        return reverse(self.field.download_view, args=[self.instance.pk])

    @property
    def display_name(self) -> str:
        return display_name(self.instance, self.field.name)


class _ShownFile:
    def __init__(self, file: ProtectedFieldFile):
        self.url, self.name = file.url, file.display_name

    def __str__(self):
        return self.name


class ProtectedFileInput(forms.ClearableFileInput):
    """A form's file input that shows the current file by its sender's name (not the generated one), linked to its
    download view."""

    def format_value(self, value):
        if self.is_initial(value) and isinstance(value, ProtectedFieldFile):
            return _ShownFile(value)
        return super().format_value(value)


class ProtectedFileField(models.FileField):
    """A file field under a rule: stored under a generated name, checked on every way in, served only by
    `download_view` (a URL name taking the record's pk), its sender's name kept in `name_field`."""

    attr_class = ProtectedFieldFile

    def __init__(self, verbose_name=None, name=None, *, rule: str, download_view: str, name_field: str = "",
                 **kwargs):
        self.rule, self.download_view, self.name_field = rule, download_view, name_field
        kwargs["upload_to"] = UploadTo(rule)
        super().__init__(verbose_name, name, **kwargs)

    @cached_property
    def validators(self):
        # Not in `_validators`, so not in the migrations: the rule is already there by name.
        return [*self.default_validators, *self._validators, UploadValidator(self.rule)]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        del kwargs["upload_to"]  # follows from the rule
        kwargs |= {"rule": self.rule, "download_view": self.download_view}
        if self.name_field:
            kwargs["name_field"] = self.name_field
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        field = super().formfield(**{"widget": ProtectedFileInput, **kwargs})
        field.validators.append(UploadValidator(self.rule))
        field.widget.attrs.setdefault("accept", _accept(self.rule))
        if not field.help_text:
            field.help_text = upload_help_text(self.rule)
        return field

    def pre_save(self, model_instance, add):
        # The last guard: whatever code assigned the file, nothing unchecked is written to the disk.
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            problem = upload_problem(self.rule, file.file)
            if problem:
                raise ValidationError({self.name: problem})
        _remember_name(model_instance, self)
        return super().pre_save(model_instance, add)


class UploadNameField(models.CharField):
    """The name the file had on its sender's computer, for display and as the name of the download. Kept by the model
    itself on every save, before or after its file field, even with update_fields (update_or_create)."""

    def __init__(self, *args, file_field: str, **kwargs):
        self.file_field = file_field
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["file_field"] = self.file_field
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        field = model_instance._meta.get_field(self.file_field)
        if isinstance(field, ProtectedFileField):  # not in the history's copy of the model, which keeps names only
            _remember_name(model_instance, field)
        return getattr(model_instance, self.attname)


def _remember_name(instance, field: ProtectedFileField) -> None:
    if not field.name_field:
        return
    file = getattr(instance, field.attname)
    if not file:
        setattr(instance, field.name_field, "")
    elif not file._committed:
        setattr(instance, field.name_field, clean_display_name(file.name))


# --- Serving -----------------------------------------------------------------------------------------------------


def display_name(record, field: str) -> str:
    """The sender's name of the file; for a file stored before names were kept, the name it was stored under."""
    file = getattr(record, field)
    name_field = getattr(record._meta.get_field(field), "name_field", "")
    return (getattr(record, name_field) if name_field else "") or clean_display_name(file.name)


def content_type_of(name: str) -> str:
    """From the stored name's extension, through the allow-list: never what the sender or the browser said."""
    known = FORMATS.get(_extension(name))
    return known.content_type if known else OCTET_STREAM


def attachment_disposition(name: str) -> str:
    """RFC 6266: an ASCII fallback for old clients and the exact name in UTF-8."""
    fallback = re.sub(r"[^A-Za-z0-9._()\- ]+", "_", unidecode(name)).strip() or "file"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def file_download(request, *, record, field: str, filename: str | None = None) -> FileResponse:
    """The response of every download view. The caller has loaded `record` through its scoped queryset."""
    file = getattr(record, field)
    if not file:
        raise Http404(_("The file was not found."))
    try:
        handle = file.storage.open(file.name, "rb")
    except (FileNotFoundError, IsADirectoryError, SuspiciousFileOperation):
        raise Http404(_("The file was not found.")) from None
    name = filename or display_name(record, field)
    response = FileResponse(handle, content_type=content_type_of(file.name))
    response["Content-Disposition"] = attachment_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Were a browser ever to render it anyway: no script, no requests, its own origin.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    security_event_log(kind=SecurityEvent.Kind.DOWNLOAD, request=request, file=name,
                       record=f"{record._meta.label_lower}:{record.pk}")
    return response


class FileDownloadView(View):
    """A file of one record, on the web. Mix in the app's scoped view before this one: its LoginRequiredMixin sends
    anonymous users to the login page and its get_queryset() is the one of the record's own page."""

    file_field = ""

    def download_name(self, record) -> str | None:
        return None

    def get(self, request, pk):
        record = get_object_or_404(self.get_queryset(), pk=pk)
        return file_download(request, record=record, field=self.file_field, filename=self.download_name(record))


# --- The API -----------------------------------------------------------------------------------------------------


class FileDownloadRenderer(renderers.BaseRenderer):
    """For the API's download actions: they answer the file itself, whatever the client accepts; only their
    refusals (401, 404) go through a renderer, as JSON."""

    media_type, format, charset = "*/*", "file", None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return renderers.JSONRenderer().render(data)


class UploadSerializerField(serializers.FileField):
    """A file field of the API: an upload checked by its rule, read back as the absolute URL of the record's download
    action (`view_name`, reversed with `url_args(record)`, by default the record's pk), never a /media/ URL."""

    def __init__(self, *, view_name: str, rule: str = "", url_args: Callable | None = None, **kwargs):
        if rule:
            kwargs["validators"] = [*kwargs.get("validators", ()), UploadValidator(rule)]
        self.view_name, self.url_args = view_name, url_args or (lambda record: [record.pk])
        super().__init__(**kwargs)

    def to_representation(self, value):
        if not value:
            return None
        url = reverse(self.view_name, args=self.url_args(value.instance))
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


def download_responses(rule: str) -> dict:
    """The schema of a download action of a file field (drf-spectacular's `responses`): 200 with each type a file of
    the rule is served as, and application/octet-stream for a legacy file of another type."""
    from drf_spectacular.types import OpenApiTypes

    types = dict.fromkeys([FORMATS[ext].content_type for ext in RULES[rule].extensions] + [OCTET_STREAM])
    return {(200, content_type): OpenApiTypes.BINARY for content_type in types}


def download_content_types() -> list[str]:
    """Every type a download may be served as (a generated client is told they are all binary)."""
    return sorted({format_.content_type for format_ in FORMATS.values()} | {OCTET_STREAM})
