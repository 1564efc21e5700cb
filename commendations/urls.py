from django.urls import path

from . import views

app_name = "commendations"

urlpatterns = [
    path("", views.CommendationListView.as_view(), name="list"),
    path("new/", views.CommendationCreateView.as_view(), name="create"),
    path("<int:pk>/", views.CommendationDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.CommendationUpdateView.as_view(), name="update"),
    path("<int:pk>/delete/", views.CommendationDeleteView.as_view(), name="delete"),
    path("excel/template/", views.TemplateDownloadView.as_view(), name="import_template"),
    path("excel/import/", views.ImportView.as_view(), name="import"),
    path("excel/export/", views.ExportView.as_view(), name="export"),
]
