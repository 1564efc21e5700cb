"""The one router of /api/v1/. Each app's ViewSets are registered here."""

from rest_framework.routers import DefaultRouter

from antqcore.api.views import AreaViewSet, OrganisationViewSet
from units.api.views import IndustrialZoneViewSet, UnitViewSet

router = DefaultRouter()
router.register("areas", AreaViewSet, basename="area")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("units", UnitViewSet, basename="unit")
router.register("industrial-zones", IndustrialZoneViewSet, basename="industrial-zone")
