"""Excel pages of the models registry: the template, the export of the filtered list, and the import (the units'
pages, units/views_excel.py, with the models' sheet)."""

import base64
import io

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from antqcore.scoping import user_can_write
from antqcore.views import ScopedViewMixin
from units.views_excel import MAX_UPLOAD_MB, xlsx_response

from .excel import (
    HEADERS,
    ImportRejected,
    ImportResult,
    models_export_workbook,
    models_import_commit,
    models_import_preview,
    models_template_workbook,
)
from .forms import ModelFilterForm
from .selectors import model_list

SESSION_KEY = "models_import_file"


def list_url() -> str:
    """The model list, or the import page while the list is not wired."""
    try:
        return reverse("models_registry:list")
    except NoReverseMatch:
        return reverse("models_registry:import")


class TemplateDownloadView(LoginRequiredMixin, View):
    def get(self, request):
        return xlsx_response(models_template_workbook(), "mau-nhap-mo-hinh.xlsx")


class ExportView(ScopedViewMixin, View):
    """The model list as filtered on screen; ScopedViewMixin cuts it to the user's area."""

    scope_field = "area"

    def get_base_queryset(self):
        return model_list(**ModelFilterForm(self.request.GET, user=self.request.user).selector_kwargs())

    def get(self, request):
        return xlsx_response(models_export_workbook(self.get_queryset()),
                             f"mo-hinh-{timezone.localdate():%Y-%m-%d}.xlsx")


class ImportView(LoginRequiredMixin, UserPassesTestMixin, View):
    """Upload → preview (nothing written) → commit. Between the two steps the uploaded file waits in the session
    (small, dropped with it, never on disk), and the commit reads and checks it again: the registry may have
    changed in between."""

    def test_func(self):
        return user_can_write(self.request.user)

    def get(self, request):
        return render(request, "models_registry/import.html")

    def post(self, request):
        if "commit" in request.POST:
            return self.commit(request)
        upload = request.FILES.get("file")
        if upload is None:
            return self.upload_page(request, [_("Choose an Excel file (.xlsx) to upload.")])
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            return self.upload_page(request, [_("The file is larger than %(n)s MB.") % {"n": MAX_UPLOAD_MB}])
        content = upload.read()
        result = models_import_preview(file=io.BytesIO(content), user=request.user)
        if result.errors:
            return self.upload_page(request, result.errors)
        request.session.pop(SESSION_KEY, None)
        if result.ok:
            request.session[SESSION_KEY] = base64.b64encode(content).decode("ascii")
        return self.preview_page(request, result)

    def commit(self, request):
        stored = request.session.pop(SESSION_KEY, None)
        if stored is None:
            messages.error(request, _("There is nothing to import: upload the file again."))
            return redirect("models_registry:import")
        result = models_import_preview(file=io.BytesIO(base64.b64decode(stored)), user=request.user)
        try:
            count = models_import_commit(result=result, user=request.user)
        except ImportRejected as exc:
            return self.preview_page(request, exc.result, rejected=True)
        messages.success(request, _("Imported %(n)s models.") % {"n": count})
        return redirect(list_url())

    def upload_page(self, request, errors: list[str]):
        return render(request, "models_registry/import.html", {"errors": errors})

    def preview_page(self, request, result: ImportResult, rejected: bool = False):
        return render(request, "models_registry/import_preview.html", {"result": result, "headers": HEADERS,
                                                                       "rejected": rejected})
