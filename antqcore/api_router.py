"""The one router of /api/v1/. Each app's ViewSets are registered here."""

from rest_framework.routers import DefaultRouter

from antqcore.api.views import AreaViewSet, OrganisationViewSet

router = DefaultRouter()
router.register("areas", AreaViewSet, basename="area")
router.register("organisations", OrganisationViewSet, basename="organisation")
