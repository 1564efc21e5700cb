from django.urls import path

from . import views, views_excel

app_name = "incidents"

urlpatterns = [
    path("", views.IncidentListView.as_view(), name="list"),
    path("new/", views.IncidentCreateView.as_view(), name="create"),
    path("<int:pk>/", views.IncidentDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.IncidentUpdateView.as_view(), name="update"),
    path("<int:pk>/delete/", views.IncidentDeleteView.as_view(), name="delete"),
    path("excel/template/", views_excel.TemplateDownloadView.as_view(), name="import_template"),
    path("excel/import/", views_excel.ImportView.as_view(), name="import"),
    path("excel/export/", views_excel.ExportView.as_view(), name="export"),
]
