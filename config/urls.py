"""The URL map: one include per domain app.

No Django admin: it would read and edit any record, restricted ones included, past the permission
gate and the access log (docs/security.md, "No back door"). Staff are administered in the app.
"""

from django.urls import include, path

urlpatterns = [
    path("", include("opencsc.core.urls")),
    path("", include("opencsc.record.urls")),
    path("", include("opencsc.accounts.urls")),
    path("people/", include("opencsc.people.urls")),
    path("", include("opencsc.frontdoor.urls")),
    path("", include("opencsc.casework.urls")),
    path("assessments/", include("opencsc.assessments.urls")),
    path("protection/", include("opencsc.protection.urls")),
    path("plans/", include("opencsc.plans.urls")),
    path("", include("opencsc.notes.urls")),
    path("", include("opencsc.missing.urls")),
    path("", include("opencsc.exploitation.urls")),
    path("", include("opencsc.privatefostering.urls")),
    path("", include("opencsc.workforce.urls")),
    path("audit/", include("opencsc.audit.urls")),
]
