"""The URL map: one include per domain app."""

from django.contrib import admin
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
    path("", include("opencsc.workforce.urls")),
    path("audit/", include("opencsc.audit.urls")),
    path("django-admin/", admin.site.urls),
]
