from django.urls import include, path

app_name = "activities"
urlpatterns = [
    path("tallies/", include("activities.urls_tallies")),
    path("", include("activities.urls_records")),
]
