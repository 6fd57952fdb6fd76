"""Private fostering: find the child and record the notification, the arrangement, its household,
visits, checks, suitability decision and end, and the fostering team's list."""

from django.urls import path

from opencsc.privatefostering import views

app_name = "privatefostering"

urlpatterns = [
    path("private-fostering/", views.team_list, name="team"),
    path("private-fostering/new/", views.start, name="start"),
    path("private-fostering/report/", views.report, name="report"),
    path("people/<int:pk>/private-fostering/new/", views.new, name="new"),
    path("private-fostering/<int:pk>/", views.arrangement, name="arrangement"),
    path("private-fostering/<int:pk>/household/new/", views.member_new, name="member-new"),
    path("private-fostering/<int:pk>/visits/new/", views.visit_new, name="visit-new"),
    path("private-fostering/<int:pk>/decision/new/", views.decision_new, name="decision-new"),
    path("private-fostering/<int:pk>/end/", views.end, name="end"),
    path("private-fostering/checks/<int:pk>/", views.check, name="check"),
    path("private-fostering/decisions/<int:pk>/", views.decision, name="decision"),
]
