"""Hold a session that has only the password at the sign-in's second step."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from opencsc.accounts.models import User
from opencsc.accounts.signin import services

ViewT = Callable[..., HttpResponseBase]
_HAD_SECOND_FACTOR = "_opencsc_had_second_factor"


def second_factor_step(view: ViewT) -> ViewT:
    """Mark a view as one a session may reach before its second factor (the sign-in's own steps
    and sign-out)."""
    view.second_factor_step = True  # type: ignore[attr-defined]
    return view


def is_verified(user: Any) -> bool:
    """Whether this session's user gave their second factor (django-otp's OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


class SecondFactorMiddleware:
    """Send a signed-in user who must give a code, and has not, to the code (or set-up) page from
    every page but the sign-in steps, sign-out and the public pages. A session whose second factor
    has since been removed (an administrator's reset) is signed out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Read before OTPMiddleware's user (next in MIDDLEWARE) clears a key whose device has gone.
        setattr(request, _HAD_SECOND_FACTOR, DEVICE_ID_SESSION_KEY in request.session)
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: ViewT, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if (
            not isinstance(user, User)
            or not user.is_authenticated
            or getattr(view_func, "second_factor_step", False)
            or not getattr(view_func, "login_required", True)
            or not services.requires_second_factor(user)
            or is_verified(user)
            or services.provider_gave_second_factor(request)
        ):
            return None
        if getattr(request, _HAD_SECOND_FACTOR, False):
            logout(request)
            return redirect("accounts:login")
        target = reverse("accounts:sign-in-code")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
