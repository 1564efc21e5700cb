from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.RunListView.as_view(), name="list"),
    path("new/", views.RunCreateView.as_view(), name="create"),
    path("new/areas/", views.AreaOptionsView.as_view(), name="area_options"),
    path("new/header/", views.HeaderDefaultsView.as_view(), name="header_defaults"),
    path("<int:pk>/", views.RunDetailView.as_view(), name="detail"),
    path("<int:pk>/status/", views.RunStatusView.as_view(), name="status"),
    path("<int:pk>/preview/", views.RunPreviewView.as_view(), name="preview"),
    path("<int:pk>/pdf/", views.RunDownloadView.as_view(file_field="pdf"), name="pdf"),
    path("<int:pk>/xlsx/", views.RunDownloadView.as_view(file_field="xlsx"), name="xlsx"),
    path("<int:pk>/narrative/", views.NarrativeView.as_view(), name="narrative"),
    path("<int:pk>/compare/", views.CompareView.as_view(), name="compare"),
    path("<int:pk>/regenerate/", views.RegenerateView.as_view(), name="regenerate"),
    path("<int:pk>/finalise/", views.FinaliseView.as_view(), name="finalise"),
    path("<int:pk>/new-version/", views.NewVersionView.as_view(), name="new_version"),
    path("profile/", views.ProvinceProfileView.as_view(), name="profile"),
    path("templates/", views.TemplateListView.as_view(), name="templates"),
    path("templates/<int:pk>/", views.TemplateEditView.as_view(), name="template_edit"),
]
