"""Optional single sign-on with the council's identity provider (OpenID Connect).

Off unless OPENCSC_OIDC_CLIENT_ID is set (config/settings.py). mozilla-django-oidc runs the
authorisation-code flow (with PKCE, state and nonce); this module makes it safe for OpenCSC:

- an identity is matched to an existing, active staff account by email address only, and an
  address shared by two accounts matches neither; nobody is ever created (OIDC_CREATE_USER False),
  so a role is only ever given by administrators;
- the id token must be RS256-signed by a key from the provider's JWKS, for this client (`aud`),
  from the configured issuer (`iss`), unexpired, with the nonce of this sign-in;
- an identity the provider says is unverified (`email_verified` false) is refused;
- every failure (a refused identity, a provider that is down, a tampered callback) ends on the
  sign-in page with a message, never an error page.
"""

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_GET
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from opencsc.accounts.models import User

logger = logging.getLogger(__name__)

SIGN_IN_METHOD = "opencsc_sign_in_method"
FAILED = (
    "Single sign-on did not sign you in. Your council account must have the same email address "
    "as one active account here: ask an administrator, or sign in with your username and password."
)


def enabled() -> bool:
    """Whether single sign-on is configured."""
    return bool(getattr(settings, "OPENCSC_OIDC_ENABLED", False))


class StaffOIDCBackend(OIDCAuthenticationBackend):
    """Sign in an existing staff account whose email address the identity provider vouches for."""

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        email = str(claims.get("email") or "").strip()
        if not email or claims.get("email_verified") is False:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims: dict[str, Any]) -> User:
        # OIDC_CREATE_USER is False, so this is never reached; refuse outright if it ever were.
        raise SuspiciousOperation("Single sign-on never creates an account.")

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The id token is for another client.")
        issuer = getattr(settings, "OPENCSC_OIDC_ISSUER", "")
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("The id token is from another issuer.")
        return payload

    def get_user(self, user_id: int) -> User | None:
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None


class _Callback(OIDCAuthenticationCallbackView):
    """The provider's redirect back: sign in, or go back to the sign-in page saying why not."""

    def login_failure(self) -> HttpResponse:
        messages.error(self.request, FAILED)
        return HttpResponseRedirect(reverse("accounts:login"))

    def login_success(self) -> HttpResponse:
        response: HttpResponse = super().login_success()
        # For the sign-in journey (multi-factor sign-in may rely on the provider's own).
        self.request.session[SIGN_IN_METHOD] = "oidc"
        # With no code to come, this is the whole sign-in: record it as the password sign-in does
        # (with a code to come, the code step records it). signin.services imports this module.
        from opencsc.accounts.signin import services as second_factor

        user = self.request.user
        if isinstance(user, User) and not (
            second_factor.requires_second_factor(user)
            and not second_factor.provider_gave_second_factor(self.request)
        ):
            second_factor.record_sign_in(user=user, how="single sign-on")
        return response

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            response: HttpResponse = super().get(request)
        except (
            SuspiciousOperation,
            jwt.PyJWTError,
            requests.RequestException,
            ValueError,
            KeyError,
        ) as error:
            logger.warning("Single sign-on refused: %s", error)
            return self.login_failure()
        return response


@login_not_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Send the browser to the council's identity provider."""
    if not enabled():
        raise Http404
    response: HttpResponse = OIDCAuthenticationRequestView.as_view()(request)
    return response


@login_not_required
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """Where the identity provider sends the browser back."""
    if not enabled():
        raise Http404
    response: HttpResponse = _Callback.as_view()(request)
    return response
