from django.urls import path

from opencsc.frontdoor import views

app_name = "frontdoor"
urlpatterns = [
    path("front-door/", views.queue, name="queue"),
    path("front-door/my-work/", views.my_work, name="my-work"),
    path("front-door/checks/overdue/", views.overdue_checks, name="overdue-checks"),
    path("front-door/meeting/", views.meeting, name="meeting"),
    path("front-door/early-help/", views.early_help, name="early-help"),
    path("front-door/contacts/new/", views.contact_start, name="contact-start"),
    path("front-door/contacts/new/<int:child_id>/", views.contact_create, name="contact-create"),
    path("front-door/contacts/<int:pk>/", views.contact_detail, name="contact-detail"),
    path("front-door/contacts/<int:pk>/children/", views.contact_children, name="contact-children"),
    path("front-door/contacts/<int:pk>/rating/", views.contact_rate, name="contact-rate"),
    path("front-door/contacts/<int:pk>/told/", views.contact_told, name="contact-told"),
    path("front-door/notices/<int:pk>/read/", views.notice_read, name="notice-read"),
    path("front-door/contacts/<int:pk>/checks/new/", views.check_request, name="check-request"),
    path("front-door/contacts/<int:pk>/consent/", views.consent_record, name="consent-record"),
    path(
        "front-door/contacts/<int:pk>/consent/override/",
        views.override_request,
        name="override-request",
    ),
    path("front-door/overrides/<int:pk>/", views.override_review, name="override-review"),
    path("front-door/safeguards/", views.safeguards, name="safeguards"),
    path("front-door/contacts/<int:pk>/decision/", views.decision_propose, name="decision-propose"),
    path("front-door/contacts/<int:pk>/meeting/", views.meeting_choose, name="meeting-choose"),
    path(
        "front-door/contacts/<int:pk>/meeting/agreed/",
        views.meeting_outcome,
        name="meeting-outcome",
    ),
    path("front-door/checks/<int:pk>/", views.check_detail, name="check-detail"),
    path("front-door/checks/<int:pk>/chase/", views.check_chase, name="check-chase"),
    path("decisions/", views.decisions_awaiting, name="awaiting-authorisation"),
    path("decisions/<int:pk>/", views.decision_review, name="decision-review"),
    path("partner/", views.partner_home, name="partner-home"),
    path("partner/contacts/new/", views.partner_contact_create, name="partner-contact-create"),
]
