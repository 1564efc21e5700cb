"""/activities/…: directive documents, coordination agreements, inspections, and the citing of documents from any
record (the "Documents cited" panel posts here). The web paths are those from before the split of #14."""

from django.urls import path

from . import views

app_name = "coordination"
urlpatterns = [
    path("documents/", views.DocumentListView.as_view(), name="document_list"),
    path("documents/new/", views.DocumentCreateView.as_view(), name="document_create"),
    path("documents/<int:pk>/", views.DocumentDetailView.as_view(), name="document_detail"),
    path("documents/<int:pk>/file/", views.DocumentFileView.as_view(), name="document_file"),
    path("documents/<int:pk>/edit/", views.DocumentUpdateView.as_view(), name="document_update"),
    path("documents/<int:pk>/delete/", views.DocumentDeleteView.as_view(), name="document_delete"),
    path("agreements/", views.AgreementListView.as_view(), name="agreement_list"),
    path("agreements/new/", views.AgreementCreateView.as_view(), name="agreement_create"),
    path("agreements/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.AgreementUpdateView.as_view(), name="agreement_update"),
    path("agreements/<int:pk>/delete/", views.AgreementDeleteView.as_view(), name="agreement_delete"),
    path("inspections/", views.InspectionListView.as_view(), name="inspection_list"),
    path("inspections/new/", views.InspectionCreateView.as_view(), name="inspection_create"),
    path("inspections/<int:pk>/", views.InspectionDetailView.as_view(), name="inspection_detail"),
    path("inspections/<int:pk>/edit/", views.InspectionUpdateView.as_view(), name="inspection_update"),
    path("inspections/<int:pk>/delete/", views.InspectionDeleteView.as_view(), name="inspection_delete"),
    path("citations/<str:label>/<int:pk>/cite/", views.CiteView.as_view(), name="cite"),
    path("citations/<str:label>/<int:pk>/uncite/<int:document_pk>/", views.UnciteView.as_view(), name="uncite"),
]
