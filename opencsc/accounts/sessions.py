"""An absolute session lifetime: a session ends OPENCSC_SESSION_MAX_HOURS after sign-in, however
busy it has been (the idle timeout, SESSION_COOKIE_AGE, ends a quiet one sooner)."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from opencsc.accounts.kept_forms import ENDED_USER

SIGNED_IN_AT = "opencsc_signed_in_at"


def record_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Note when the session's user signed in (connected to `user_logged_in`, so a password, a
    second factor or single sign-on all start the clock)."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = timezone.now().timestamp()


def session_expired(request: HttpRequest) -> bool:
    """Whether the signed-in session has outlived OPENCSC_SESSION_MAX_HOURS since sign-in. A session
    with no sign-in time (signed in before this was deployed) starts its clock now."""
    started = request.session.get(SIGNED_IN_AT)
    now = timezone.now()
    if not isinstance(started, int | float):
        request.session[SIGNED_IN_AT] = now.timestamp()
        return False
    lifetime = timedelta(hours=settings.OPENCSC_SESSION_MAX_HOURS)
    return now.timestamp() - started >= lifetime.total_seconds()


class SessionLifetimeMiddleware:
    """Sign out a session that has outlived its absolute lifetime, and send it to sign in again."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and session_expired(request):
            user_id = request.user.pk
            logout(request)
            if request.method != "POST":
                return redirect_to_login(request.get_full_path())
            # Let a form sent at the end go on, signed out, to be kept for this user (after the
            # CSRF check) and the user asked to sign in (accounts.kept_forms).
            request.session[ENDED_USER] = user_id
        return self.get_response(request)
