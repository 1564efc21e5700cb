from django.urls import path

from . import views, views_excel

app_name = "units"

urlpatterns = [
    path("", views.UnitListView.as_view(), name="list"),
    path("new/", views.UnitCreateView.as_view(), name="create"),
    path("zones/", views.ZoneListView.as_view(), name="zones"),
    path("<int:pk>/", views.UnitDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.UnitUpdateView.as_view(), name="update"),
    path("<int:pk>/delete/", views.UnitDeleteView.as_view(), name="delete"),
    path("<int:pk>/guard-force/", views.GuardForceView.as_view(), name="guard_force"),
    path("<int:pk>/fire-team/", views.FireTeamView.as_view(), name="fire_team"),
    path("<int:pk>/fire-team/consolidate/", views.FireTeamConsolidateView.as_view(), name="fire_team_consolidate"),
    path("excel/template/", views_excel.TemplateDownloadView.as_view(), name="import_template"),
    path("excel/import/", views_excel.ImportView.as_view(), name="import"),
    path("excel/export/", views_excel.ExportView.as_view(), name="export"),
]
