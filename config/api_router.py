"""The one router of /api/v1/. Each app's ViewSets are registered here."""

from rest_framework.routers import DefaultRouter

from activities.api import records as activities_records
from activities.api import tallies as activities_tallies
from antqcore.api.views import AreaViewSet, OrganisationViewSet
from certification.api import views as certification
from commendations.api.views import CommendationViewSet
from incidents.api import views as incidents
from models_registry.api import views as models_registry
from reports.api.views import ReportRunViewSet
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
# The more specific prefixes first, so that "models/<pk>/" does not swallow them.
router.register("models/types", models_registry.ModelTypeViewSet, basename="model-type")
router.register("models/ratings", models_registry.RatingViewSet, basename="model-rating")
router.register("models", models_registry.MovementModelViewSet, basename="model")
router.register("commendations", CommendationViewSet, basename="commendation")
router.register("incidents/types", incidents.IncidentTypeViewSet, basename="incident-type")
router.register("incidents", incidents.IncidentViewSet, basename="incident")
router.register("activities/agreements", activities_records.AgreementViewSet, basename="activities-agreement")
router.register("activities/inspections", activities_records.InspectionViewSet, basename="activities-inspection")
router.register("activities/documents", activities_records.DocumentViewSet, basename="activities-document")
router.register("activities/indicators", activities_tallies.IndicatorViewSet, basename="activities-indicator")
router.register("activities/bodies", activities_tallies.ReportingBodyViewSet, basename="activities-body")
router.register("activities/values", activities_tallies.TallyValueViewSet, basename="activities-value")
router.register("reports", ReportRunViewSet, basename="report")
