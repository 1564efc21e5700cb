from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from antqcore.api.exceptions import api_not_found
from antqcore.api.views import FigureRecordsView as FigureRecordsApiView
from antqcore.api.views import MeView, StatsView
from antqcore.metrics import metrics_view
from antqcore.views import HomeView, PasswordChangeView, healthz
from antqcore.views_figures import FigureRecordsView
from antqcore.views_lookup import LookupView

from .api_router import router

api_v1 = [
    path("me/", MeView.as_view(), name="me"),
    path("stats/", StatsView.as_view(), name="stats"),
    path("stats/records/", FigureRecordsApiView.as_view(), name="stats-records"),
    *router.urls,
]

# The admin speaks of ANTQ, not of Django.
admin.site.site_header = gettext_lazy("ANTQ administration")
admin.site.site_title = gettext_lazy("ANTQ administration")
admin.site.index_title = gettext_lazy("Registries and settings")


def favicon(request):
    """/favicon.ico, which browsers ask for on pages without the link (the admin's): the site's icon."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("favicon.ico", favicon),
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),  # configured addresses or the token only (antqcore.metrics)
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", PasswordChangeView.as_view(), name="password_change"),  # lifts must_change_password
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("units/", include("units.urls")),
    path("certification/", include("certification.urls")),
    path("models/", include("models_registry.urls")),
    path("incidents/", include("incidents.urls")),
    path("commendations/", include("commendations.urls")),
    # The tallies and coordination share the /activities/ paths they had as one app (bookmarks, links in documents).
    path("activities/tallies/", include("tallies.urls")),
    path("activities/", include("coordination.urls")),
    path("reports/", include("reports.urls")),
    path("figures/records/", FigureRecordsView.as_view(), name="figure_records"),  # "Nguồn số liệu"
    path("lookup/<slug:name>/", LookupView.as_view(), name="lookup"),  # the searchable pickers (antqcore.lookups)
    path("people/", include("antqcore.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's initialising script as a file (?script): the Content-Security-Policy runs no
    # inline script.
    # The schema answers only authenticated clients (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]); the docs page sends a
    # browser to the login page first.
    path("api/docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="schema")), name="swagger-ui"),
    # Any other /api/ path: the API's JSON 404, not the site's page.
    re_path(r"^api/", api_not_found),
]

handler400 = "antqcore.errors.bad_request"
handler403 = "antqcore.errors.permission_denied"
handler404 = "antqcore.errors.page_not_found"
handler500 = "antqcore.api.exceptions.server_error"

# No URL serves MEDIA_ROOT, not even under DEBUG (`make run`): an uploaded or generated file is served only by the
# download view of its record, to the users who may see that record (antqcore.uploads).
