"""URLs for workforce: caseloads and the team manager's alerts."""

from django.urls import path

from opencsc.workforce import views

app_name = "workforce"

urlpatterns = [
    path("caseload/", views.my_caseload, name="my-caseload"),
    path("caseloads/", views.team_caseloads, name="team-caseloads"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
]
