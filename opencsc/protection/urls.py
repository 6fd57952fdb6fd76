"""URLs for child protection."""

from django.urls import path

from opencsc.protection import signoff_views, views

app_name = "protection"

urlpatterns = [
    path("episodes/<int:pk>/strategy/new/", views.strategy_new, name="strategy-new"),
    path("strategy/<int:pk>/", views.strategy, name="strategy"),
    path("strategy/<int:pk>/medical/new/", views.medical_new, name="medical-new"),
    path(
        "strategy/<int:pk>/medical/not-held/new/",
        views.medical_not_held_new,
        name="medical-not-held-new",
    ),
    path("medicals/not-held/<int:pk>/", views.medical_not_held, name="medical-not-held"),
    path("enquiries/<int:pk>/", views.enquiry, name="enquiry"),
    path("enquiries/<int:pk>/complete/", views.enquiry_complete, name="enquiry-complete"),
    path("enquiries/<int:pk>/conference/new/", views.conference_new, name="conference-new"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/write/", views.plan_write, name="plan-write"),
    path("plans/<int:pk>/history/", views.plan_history, name="plan-history"),
    path("plans/<int:pk>/reviews/new/", views.review_new, name="review-new"),
    path("plans/<int:pk>/core-groups/new/", views.core_group_new, name="core-group-new"),
    # Managers sign off the protective decisions (issue 13, part 4).
    path("decisions/", signoff_views.decisions, name="decisions"),
    path("decisions/<int:pk>/", signoff_views.decision, name="decision"),
    path("plans/<int:pk>/end/", signoff_views.plan_end, name="plan-end"),
]
