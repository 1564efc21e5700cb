"""/activities/tallies/…: the summary, the entry grid, the values list and the Excel pages of the periodic tallies."""

from django.urls import path

from . import views_tallies as views

urlpatterns = [
    path("", views.SummaryView.as_view(), name="tallies_summary"),
    path("entry/", views.EntryView.as_view(), name="tallies_entry"),
    path("values/", views.ValueListView.as_view(), name="tallies_values"),
    path("excel/template/", views.TemplateDownloadView.as_view(), name="tallies_import_template"),
    path("excel/import/", views.ImportView.as_view(), name="tallies_import"),
    path("excel/export/", views.ExportView.as_view(), name="tallies_export"),
]
