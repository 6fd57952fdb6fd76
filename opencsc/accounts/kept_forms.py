"""Keep what a user typed across a sign-in (WCAG 2.2.5, re-authenticating): a form sent after the
session ended is kept on the server, in the new (signed-out) session, and once the same user has
signed in again the page they typed it on shows it again, to check and send. Never sent on by
itself.

What is kept: the form's fields, not the CSRF token nor anything named like a password, code or
token; no files; nothing from the public pages (sign-in itself); at most `MAX_CHARACTERS`. It is
given back only to the user whose session ended (read from that session's row), on the page the
form was on, within OPENCSC_KEPT_FORM_MINUTES, and only once.
"""

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

KEPT_FORM = "opencsc_kept_form"
# Who was signed in when the absolute session lifetime ended the session (accounts.sessions).
ENDED_USER = "opencsc_ended_user"
MAX_CHARACTERS = 50_000
# The session engines that keep every session's row in the database (cached_db also reads it
# through the shared cache: config/servers.py), so an ended session's user can be read from it.
DATABASE_SESSION_ENGINES = frozenset(
    {"django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"}
)
_SECRET = re.compile(r"csrf|password|passwd|secret|token|otp|recovery|^code$|_code$", re.I)
KEPT_MESSAGE = (
    "You were signed out before your answers were sent. We kept what you typed: check it and "
    "send it again."
)


def _ended_user_id(request: HttpRequest) -> int | None:
    """The user of the session that has just ended: ended here for its lifetime, or ended idle
    (its row is still in the session table, past its expiry date)."""
    ended = request.session.get(ENDED_USER)
    if isinstance(ended, int):
        return ended
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key or settings.SESSION_ENGINE not in DATABASE_SESSION_ENGINES:
        return None
    row = Session.objects.filter(session_key=key).first()
    if row is None:
        return None
    user_id = row.get_decoded().get(SESSION_KEY)
    return int(user_id) if isinstance(user_id, str | int) and str(user_id).isdigit() else None


def _form_page(request: HttpRequest) -> str:
    """The page the form was on: the page that sent it (same site), or else the address it was
    sent to (most forms post to their own page)."""
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.get_full_path()


def _fields(request: HttpRequest) -> list[tuple[str, list[str]]] | None:
    """The form's fields worth keeping, or None when it is too big to keep."""
    fields = [(name, values) for name, values in request.POST.lists() if not _SECRET.search(name)]
    if sum(len(value) for _, values in fields for value in values) > MAX_CHARACTERS:
        return None
    return fields


def keep_form(request: HttpRequest) -> str:
    """Keep a form sent after the session ended (for its user, if known) and answer the page to
    return to after signing in."""
    page = _form_page(request)
    user_id = _ended_user_id(request)
    fields = _fields(request)
    request.session.pop(ENDED_USER, None)
    if user_id is not None and fields:
        request.session[KEPT_FORM] = {
            "user_id": user_id,
            "page": page,
            "fields": fields,
            "kept_at": timezone.now().timestamp(),
        }
    return page


def take_kept_form(request: HttpRequest) -> QueryDict | None:
    """The form kept for this user on this page, taken (shown once), if still fresh."""
    kept = request.session.get(KEPT_FORM)
    if not isinstance(kept, dict) or kept.get("page") != request.get_full_path():
        return None
    del request.session[KEPT_FORM]
    age = timezone.now().timestamp() - float(kept.get("kept_at", 0))
    if kept.get("user_id") != request.user.pk or age > settings.OPENCSC_KEPT_FORM_MINUTES * 60:
        return None
    data = QueryDict(mutable=True)
    for name, values in kept.get("fields", []):
        data.setlist(name, [str(value) for value in values])
    return data


class KeepFormAcrossSignInMiddleware:
    """A form sent to a signed-in page without a session is kept and the user asked to sign in;
    after signing in, the page shows what they typed (`request.kept_form`, read by the GOV.UK
    field tag). Runs after the CSRF check, so only a form from this site is kept."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not getattr(view_func, "login_required", True):
            return None  # a public page: the sign-in form itself is never kept
        if request.method == "POST" and not request.user.is_authenticated:
            return redirect_to_login(keep_form(request))
        if request.method == "GET" and request.user.is_authenticated:
            kept = take_kept_form(request)
            if kept is not None:
                request.kept_form = kept  # type: ignore[attr-defined]
                messages.info(request, KEPT_MESSAGE)
        return None
