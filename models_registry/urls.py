from django.urls import include, path

from . import urls_excel, views

app_name = "models_registry"

urlpatterns = [
    path("", views.ModelListView.as_view(), name="list"),
    path("new/", views.ModelCreateView.as_view(), name="create"),
    path("bulletin/", views.BulletinView.as_view(), name="bulletin"),
    path("<int:pk>/", views.ModelDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ModelUpdateView.as_view(), name="update"),
    path("<int:pk>/regulation/", views.RegulationDownloadView.as_view(), name="regulation"),
    path("<int:pk>/eliminate/", views.EliminateView.as_view(), name="eliminate"),
    path("<int:pk>/activities/new/", views.ActivityCreateView.as_view(), name="activity_create"),
    path("<int:pk>/reviews/new/", views.ReviewCreateView.as_view(), name="review_create"),
    path("excel/", include(urls_excel)),  # import_template, import, export
]
