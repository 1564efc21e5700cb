from django.urls import path

from .views import EndedScopeUsersView

app_name = "antqcore"

urlpatterns = [
    path("ended-areas/", EndedScopeUsersView.as_view(), name="ended_scope_users"),
]
