"""The Excel pages of the models registry, to be included by models_registry/urls.py (namespace models_registry):
    path("excel/", include("models_registry.urls_excel")),
No app_name here: the names join the including namespace (models_registry:import_template, :import, :export)."""

from django.urls import path

from . import views_excel

urlpatterns = [
    path("template/", views_excel.TemplateDownloadView.as_view(), name="import_template"),
    path("import/", views_excel.ImportView.as_view(), name="import"),
    path("export/", views_excel.ExportView.as_view(), name="export"),
]
