"""/activities/tallies/…: the summary, the entry grid, the values list and the Excel pages of the periodic tallies
(the web paths kept from before the split of #14)."""

from django.urls import path

from . import views

app_name = "tallies"
urlpatterns = [
    path("", views.SummaryView.as_view(), name="summary"),
    path("entry/", views.EntryView.as_view(), name="entry"),
    path("values/", views.ValueListView.as_view(), name="values"),
    path("excel/template/", views.TemplateDownloadView.as_view(), name="import_template"),
    path("excel/import/", views.ImportView.as_view(), name="import"),
    path("excel/export/", views.ExportView.as_view(), name="export"),
]
