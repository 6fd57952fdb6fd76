"""An absolute session lifetime: a session ends OPENCSC_SESSION_MAX_HOURS after sign-in, however
busy it has been; and the idle clock: a quiet session ends SESSION_COOKIE_AGE after its last
restart, which any signed-in request makes, saving the session at most once every
OPENCSC_SESSION_TOUCH_SECONDS (so the idle time-out is exact to that many seconds)."""

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
IDLE_CLOCK_AT = "opencsc_idle_clock_at"


def restart_idle_clock(request: HttpRequest, *, now_too: bool = False) -> None:
    """Restart the idle clock: the session is saved at the end of the request (its expiry, and the
    cookie's age, move SESSION_COOKIE_AGE on) when the clock last restarted
    OPENCSC_SESSION_TOUCH_SECONDS ago or more, or `now_too` ("Stay signed in")."""
    now = timezone.now().timestamp()
    last = request.session.get(IDLE_CLOCK_AT)
    stale = (
        not isinstance(last, int | float) or now - last >= settings.OPENCSC_SESSION_TOUCH_SECONDS
    )
    if now_too or stale:
        request.session[IDLE_CLOCK_AT] = now


def idle_seconds_left(request: HttpRequest) -> int:
    """Seconds before the idle sign-out, as the session's saved expiry stands (the page's timeout
    warning counts down from this)."""
    last = request.session.get(IDLE_CLOCK_AT)
    if not isinstance(last, int | float):
        return settings.SESSION_COOKIE_AGE
    spent = timezone.now().timestamp() - last
    return max(0, round(settings.SESSION_COOKIE_AGE - spent))


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
    """Sign out a session that has outlived its absolute lifetime, and send it to sign in again;
    restart the idle clock of any other signed-in request."""

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
        elif request.user.is_authenticated:
            restart_idle_clock(request)
        return self.get_response(request)
