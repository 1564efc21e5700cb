"""The web side of the shared Excel machinery (antqcore/excel/): the download response, the export response every
registry's export answers with (written in the security audit trail), and the upload → preview → commit page every
registry's import uses."""

import base64
import io
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from ..audit import security_event_log
from ..models import SecurityEvent
from ..permissions import WriteRequiredMixin
from .commit import ImportRejected
from .limits import upload_too_large
from .reading import ImportResult

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_response(request, *, queryset: QuerySet, write: Callable[[QuerySet], bytes], filename: str,
                    export: str) -> HttpResponse:
    """A registry's records as a workbook (`write(queryset)`), logged in the security audit trail: who took which
    records out (`export` names the registry), how many, with which filters of the list."""
    content = write(queryset)
    security_event_log(kind=SecurityEvent.Kind.EXPORT, request=request, export=export, rows=queryset.count(),
                       filters=request.GET.urlencode())
    return xlsx_response(content, filename)


class ExcelImportView(LoginRequiredMixin, WriteRequiredMixin, View):
    """Upload → preview (nothing written) → commit. Between the two steps the uploaded file waits in the session
    (small, dropped with it, never on disk), and the commit reads and checks it again: the registry may have
    changed in between.

    A registry sets: `preview` (file, user -> ImportResult), `commit_rows` (result, user -> count), `headers`,
    `upload_template` (its page explaining the sheet; it extends partials/import_upload.html), `session_key`,
    `success_url` (a URL name), `upload_url` (a URL name), `success_message` (with %(n)s; gettext_lazy, as it is
    set when the class is defined), and `asks_change_reason` when its records may lie in a period locked by a final
    report (the preview then offers the reason's field to those who may give it)."""

    preview = None
    commit_rows = None
    headers: list[str] = []
    upload_template = ""
    preview_template = "partials/import_preview.html"
    session_key = ""
    success_url = ""
    upload_url = ""
    success_message = ""
    asks_change_reason = False

    def get(self, request):
        return render(request, self.upload_template)

    def post(self, request):
        if "commit" in request.POST:
            return self.commit(request)
        upload = request.FILES.get("file")
        if upload is None:
            return self.upload_page(request, [_("Choose an Excel file (.xlsx) to upload.")])
        if too_large := upload_too_large(upload.size):  # read_sheet checks it too; this spares reading the upload
            return self.upload_page(request, [too_large])
        content = upload.read()
        result = type(self).preview(file=io.BytesIO(content), user=request.user)
        if result.errors:
            return self.upload_page(request, result.errors)
        request.session.pop(self.session_key, None)
        if result.ok:
            request.session[self.session_key] = base64.b64encode(content).decode("ascii")
        return self.preview_page(request, result)

    def commit(self, request):
        stored = request.session.pop(self.session_key, None)
        if stored is None:
            messages.error(request, _("There is nothing to import: upload the file again."))
            return redirect(self.upload_url)
        result = type(self).preview(file=io.BytesIO(base64.b64decode(stored)), user=request.user)
        try:
            count = type(self).commit_rows(result=result, user=request.user)
        except ImportRejected as exc:
            return self.preview_page(request, exc.result, rejected=True)
        messages.success(request, self.success_message % {"n": count})
        return redirect(self.success_url)

    def upload_page(self, request, errors: list[str]):
        return render(request, self.upload_template, {"errors": errors})

    def preview_page(self, request, result: ImportResult, rejected: bool = False):
        return render(request, self.preview_template, {"result": result, "headers": self.headers,
                                                       "rejected": rejected, "upload_url": self.upload_url,
                                                       "asks_change_reason": self.asks_change_reason})
