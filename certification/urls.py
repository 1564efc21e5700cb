from django.urls import path

from . import views

app_name = "certification"

urlpatterns = [
    path("", views.CampaignListView.as_view(), name="campaigns"),
    path("campaigns/new/", views.CampaignCreateView.as_view(), name="campaign_create"),
    path("campaigns/<int:pk>/", views.CampaignBoardView.as_view(), name="board"),
    path("campaigns/<int:pk>/register/", views.RegisterView.as_view(), name="register"),
    path("campaigns/<int:pk>/decision/", views.BulkDecisionView.as_view(), name="bulk_decision"),
    path("participations/<int:pk>/", views.ParticipationDetailView.as_view(), name="participation"),
    path("participations/<int:pk>/assess/", views.AssessView.as_view(), name="assess"),
    path("participations/<int:pk>/submit/", views.SubmitView.as_view(), name="submit"),
    path("participations/<int:pk>/appraise/", views.AppraiseView.as_view(), name="appraise"),
    path("participations/<int:pk>/decide/", views.DecideView.as_view(), name="decide"),
    path("participations/<int:pk>/revoke/", views.RevokeView.as_view(), name="revoke"),
    path("answers/<int:pk>/attachment/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path("units/<int:pk>/criticism/", views.CriticismView.as_view(), name="criticize"),
    path("decisions/<int:pk>/", views.DecisionPrintView.as_view(), name="decision"),
]
