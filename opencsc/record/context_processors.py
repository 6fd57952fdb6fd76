"""Values every page's base template uses."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.accounts.sessions import idle_seconds_left
from opencsc.record.banner import BannerPerson, banner_for
from opencsc.record.navigation import navigation


def service(request: HttpRequest) -> dict[str, Any]:
    """The service name, and the navigation for the signed-in user's role."""
    context: dict[str, Any] = {
        "service_name": settings.OPENCSC_SERVICE_NAME,
        "local_authority_name": settings.OPENCSC_LOCAL_AUTHORITY_NAME,
        "navigation": [],
        # The idle sign-out and its warning (WCAG 2.2.1; core/_timeout.html).
        "session_idle_seconds": idle_seconds_left(request),
        "session_warning_seconds": settings.OPENCSC_SESSION_WARNING_SECONDS,
    }
    user = getattr(request, "user", None)
    if isinstance(user, User) and user.is_authenticated:
        path = request.path
        items: list[dict[str, Any]] = [
            {"key": key, "label": label, "url": reverse(url_name), "active": False}
            for key, label, url_name in navigation(user)
        ]
        # The item whose address is the longest start of this page's path is the current one.
        matching = [
            item
            for item in items
            if (path == item["url"] if item["url"] == "/" else path.startswith(item["url"]))
        ]
        if matching:
            max(matching, key=lambda item: len(item["url"]))["active"] = True
        context["navigation"] = items
    return context


def banner(request: HttpRequest) -> dict[str, Any]:
    """The record's banner for the people the page opened through the read gate; read only when
    the page shows it (an error page does not), and only on a page that opened a record (even a
    record about no person yet, so that its queries are the same for every record)."""
    user = getattr(request, "user", None)

    def build() -> list[BannerPerson]:
        if not isinstance(user, User) or not user.is_authenticated:
            return []
        if not permissions.opened_records(request):
            return []  # a list or a form about no record: no banner, and no queries for it
        return banner_for(user, permissions.subjects_of(request), today=timezone.localdate())

    return {"record_banner": SimpleLazyObject(build)}
