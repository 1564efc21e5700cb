"""The "Nguồn số liệu" page: where a figure comes from. Every figure the interface shows (dashboard tiles, chart bars,
summary tables, a report's figures) links here with its key, area and period: the rule in words, the records it
counts page by page (with their own filters in their registry, to continue from there), an Excel export of exactly
those records, and, for a tally, who entered each value and when."""


from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from .audit import security_event_log
from .excel.views import xlsx_response
from .figure_records import figure_records_for, figure_records_workbook, record_row
from .models import SecurityEvent
from .selectors import AreaNotFound, area_resolve, stats_area_day
from .stats import figure_get, figure_keys

PAGE_SIZE = 50


class FigureRecordsForm(forms.Form):
    key = forms.ChoiceField(label=gettext_lazy("Figure"))
    area = forms.CharField(label=gettext_lazy("Area code"), max_length=20)
    from_ = forms.DateField(label=gettext_lazy("From"), input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    to = forms.DateField(label=gettext_lazy("To"), input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    map = forms.ChoiceField(required=False, choices=[("", ""), ("new", "new"), ("old", "old")])

    def __init__(self, data, **kwargs):
        data = data.copy()
        if "from" in data:
            data["from_"] = data["from"]
        super().__init__(data, **kwargs)
        self.fields["key"].choices = [(k, k) for k in figure_keys()]

    def clean(self):
        data = super().clean()
        start, end = data.get("from_"), data.get("to")
        if start and end and start > end:
            self.add_error("from_", _("The start date must not be after the end date."))
        if end and data.get("area"):
            on = stats_area_day(end=end, old_map=data.get("map") == "old")
            try:
                data["area_obj"] = area_resolve(code=data["area"], on=on)
            except AreaNotFound:
                self.add_error("area", _("No area has code %(code)s on %(date)s.")
                               % {"code": data["area"], "date": on.strftime("%d/%m/%Y")})
        return data


class FigureRecordsView(LoginRequiredMixin, TemplateView):
    template_name = "antqcore/figure_records.html"

    def get(self, request, *args, **kwargs):
        form = FigureRecordsForm(request.GET)
        if not form.is_valid():
            return self.render_to_response({"form": form}, status=400)
        data = form.cleaned_data
        area, start, end, old_map = data["area_obj"], data["from_"], data["to"], data["map"] == "old"
        try:
            found = figure_records_for(user=request.user, key=data["key"], area=area, start=start, end=end,
                                       count_successors=old_map)
        except PermissionDenied as exc:
            return self.render_to_response({"form": form, "refused": str(exc)}, status=403)
        if request.GET.get("format") == "xlsx":
            security_event_log(kind=SecurityEvent.Kind.EXPORT, request=request, export=f"figure:{data['key']}",
                               rows=found.records.count(), filters=request.GET.urlencode())
            content = figure_records_workbook(found, base_url=request.build_absolute_uri("/")[:-1])
            return xlsx_response(content, f"nguon-so-lieu-{data['key']}-{area.code}-{end:%Y%m%d}.xlsx")
        paginator = Paginator(found.records, PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        params = request.GET.copy()
        params.pop("page", None)
        params.pop("format", None)
        figure = figure_get(data["key"])
        return self.render_to_response({
            "form": form, "found": found, "figure": figure, "area_name": area.name_on(end),
            "columns": figure.source.columns, "rows": [record_row(found, r) for r in page.object_list],
            "page_obj": page, "paginator": paginator, "query_string": params.urlencode(),
            "xlsx_query": f"{params.urlencode()}&format=xlsx",
        })
