"""Excel pages of the units registry: the template, the export of the filtered list, and the import."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from antqcore.excel.views import ExcelImportView, export_response, xlsx_response
from antqcore.views import ScopedViewMixin

from .excel import HEADERS, units_export_workbook, units_import_commit, units_import_preview, units_template_workbook
from .forms import UnitFilterForm
from .selectors import unit_list


class TemplateDownloadView(LoginRequiredMixin, View):
    def get(self, request):
        return xlsx_response(units_template_workbook(), "mau-nhap-don-vi.xlsx")


class ExportView(ScopedViewMixin, View):
    """The unit list as filtered on screen; ScopedViewMixin cuts it to the user's area."""

    scope_field = "commune"

    def get_base_queryset(self):
        return unit_list(**UnitFilterForm(self.request.GET, user=self.request.user).selector_kwargs())

    def get(self, request):
        return export_response(request, queryset=self.get_queryset(), write=units_export_workbook, export="units",
                               filename=f"don-vi-{timezone.localdate():%Y-%m-%d}.xlsx")


class ImportView(ExcelImportView):
    preview = units_import_preview
    commit_rows = units_import_commit
    headers = HEADERS
    upload_template = "units/import.html"
    session_key = "units_import_file"
    upload_url = "units:import"
    success_url = "units:list"
    success_message = _("Imported %(n)s units.")
