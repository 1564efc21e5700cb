"""The one router of /api/v1/. Each app's ViewSets are registered here."""

from rest_framework.routers import DefaultRouter

from antqcore.api.views import AreaViewSet, OrganisationViewSet
from certification.api import views as certification
from commendations.api.views import CommendationViewSet
from coordination.api import views as coordination
from incidents.api import views as incidents
from models_registry.api import views as models_registry
from reports.api.views import ReportRunViewSet
from tallies.api import views as tallies
from units.api.views import IndustrialZoneViewSet, UnitViewSet

router = DefaultRouter()
router.register("areas", AreaViewSet, basename="area")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("units", UnitViewSet, basename="unit")
router.register("industrial-zones", IndustrialZoneViewSet, basename="industrial-zone")
router.register("certification/campaigns", certification.CampaignViewSet, basename="certification-campaign")
router.register("certification/criteria-sets", certification.CriteriaSetViewSet, basename="certification-criteria")
router.register("certification/participations", certification.ParticipationViewSet,
                basename="certification-participation")
router.register("certification/decisions", certification.DecisionViewSet, basename="certification-decision")
router.register("certification/criticisms", certification.CriticismViewSet, basename="certification-criticism")
router.register("certification/councils", certification.CouncilViewSet, basename="certification-council")
# The more specific prefixes first, so that "models/<pk>/" does not swallow them.
router.register("models/types", models_registry.ModelTypeViewSet, basename="model-type")
router.register("models/ratings", models_registry.RatingViewSet, basename="model-rating")
router.register("models/pilot-units", models_registry.PilotUnitViewSet, basename="model-pilot-unit")
router.register("models", models_registry.MovementModelViewSet, basename="model")
router.register("commendations", CommendationViewSet, basename="commendation")
router.register("incidents/types", incidents.IncidentTypeViewSet, basename="incident-type")
router.register("incidents", incidents.IncidentViewSet, basename="incident")
# Tallies and coordination keep the /api/v1/activities/ paths of the app they were split from (#14): other
# provinces' systems call them.
router.register("activities/agreements", coordination.AgreementViewSet, basename="coordination-agreement")
router.register("activities/inspections", coordination.InspectionViewSet, basename="coordination-inspection")
router.register("activities/documents", coordination.DocumentViewSet, basename="coordination-document")
router.register("activities/indicators", tallies.IndicatorViewSet, basename="tallies-indicator")
router.register("activities/bodies", tallies.ReportingBodyViewSet, basename="tallies-body")
router.register("activities/values", tallies.TallyValueViewSet, basename="tallies-value")
router.register("reports", ReportRunViewSet, basename="report")
