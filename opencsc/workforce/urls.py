"""URLs for workforce: caseloads, the team manager's alerts, the worker's and the team's trays."""

from django.urls import path

from opencsc.workforce import views

app_name = "workforce"

urlpatterns = [
    path("caseload/", views.my_caseload, name="my-caseload"),
    path("caseloads/", views.team_caseloads, name="team-caseloads"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("tray/", views.tray, name="tray"),
    path("tray/<int:pk>/read/", views.mark_as_read, name="mark-read"),
    path("tray/<int:pk>/open/", views.open_item, name="tray-open"),
    path("team-tray/", views.team_tray, name="team-tray"),
]
