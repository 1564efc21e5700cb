"""Excel pages of the models registry: the template, the export of the filtered list, and the import."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from antqcore.excel.views import ExcelImportView, export_response, xlsx_response
from antqcore.views import ScopedViewMixin

from .excel import (
    HEADERS,
    models_export_workbook,
    models_import_commit,
    models_import_preview,
    models_template_workbook,
)
from .forms import ModelFilterForm
from .selectors import model_list


class TemplateDownloadView(LoginRequiredMixin, View):
    def get(self, request):
        return xlsx_response(models_template_workbook(), "mau-nhap-mo-hinh.xlsx")


class ExportView(ScopedViewMixin, View):
    """The model list as filtered on screen; ScopedViewMixin cuts it to the user's area."""

    scope_field = "area"

    def get_base_queryset(self):
        return model_list(**ModelFilterForm(self.request.GET, user=self.request.user).selector_kwargs())

    def get(self, request):
        return export_response(request, queryset=self.get_queryset(), write=models_export_workbook, export="models",
                               filename=f"mo-hinh-{timezone.localdate():%Y-%m-%d}.xlsx")


class ImportView(ExcelImportView):
    preview = models_import_preview
    commit_rows = models_import_commit
    headers = HEADERS
    upload_template = "models_registry/import.html"
    session_key = "models_import_file"
    upload_url = "models_registry:import"
    success_url = "models_registry:list"
    success_message = _("Imported %(n)s models.")
