"""The sign-in's second step, setting up an authenticator, the recovery codes, an administrator's
reset, and changing your own password."""

from typing import Any
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.models import Device

from opencsc import permissions
from opencsc.accounts import selectors
from opencsc.accounts.models import User
from opencsc.accounts.requests import signed_in_user
from opencsc.accounts.signin import services
from opencsc.accounts.signin.forms import (
    ChangePasswordForm,
    SetUpAuthenticatorForm,
    SignInCodeForm,
)
from opencsc.accounts.signin.middleware import is_verified, second_factor_step
from opencsc.permissions import Action

# Session keys: the secret being set up, and the recovery codes to show once.
NEW_KEY = "opencsc_new_authenticator_key"
NEW_RECOVERY_CODES = "opencsc_new_recovery_codes"


def _next(request: HttpRequest) -> str:
    """Where to go after the sign-in: the page asked for, if it is on this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, request: HttpRequest) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': _next(request)})}"


def _signed_in_with(request: HttpRequest, device: Device) -> None:
    """Mark the session as signed in with its second factor, under a new session key."""
    django_otp.login(request, device)
    request.session.cycle_key()


def _code_still_needed(request: HttpRequest, user: User) -> bool:
    return (
        services.requires_second_factor(user)
        and not is_verified(user)
        and not services.provider_gave_second_factor(request)
    )


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    # Before the second factor no other page is open yet: show no links to them. Never cached:
    # the secret and the recovery codes must not stay in the browser's history.
    user = signed_in_user(request)
    pending = _code_still_needed(request, user)
    return render(
        request,
        template,
        {"navigation": [], "second_factor_pending": pending, "next": _next(request), **context},
    )


@second_factor_step
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not _code_still_needed(request, user):
        return redirect(_next(request))
    if services.authenticator_for(user) is None:
        return redirect(_with_next("accounts:set-up-authenticator", request))
    form = SignInCodeForm(request.POST or None)
    if form.is_valid():
        try:
            device = services.check_sign_in_code(
                user=user, code=form.cleaned_data["code"], first=services.first_factor(request)
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            _signed_in_with(request, device)
            return redirect(_next(request))
    return _page(request, "accounts/sign_in_code.html", {"form": form})


@second_factor_step
@never_cache
@require_http_methods(["GET", "POST"])
def set_up_authenticator(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not _code_still_needed(request, user):
        return redirect(_next(request))
    if services.authenticator_for(user) is not None:
        return redirect(_with_next("accounts:sign-in-code", request))
    # Keep the secret in the session until a code confirms it: nothing is saved before then.
    key = request.session.setdefault(NEW_KEY, services.new_secret())
    form = SetUpAuthenticatorForm(request.POST or None)
    if form.is_valid():
        try:
            device, codes = services.set_up_authenticator(
                user=user,
                key=key,
                code=form.cleaned_data["code"],
                first=services.first_factor(request),
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            _signed_in_with(request, device)
            del request.session[NEW_KEY]
            request.session[NEW_RECOVERY_CODES] = {"codes": codes, "renewed": False}
            return redirect(_with_next("accounts:recovery-codes", request))
    context = {
        "form": form,
        "qr_code": services.qr_code_svg(services.set_up_link(user=user, key=key)),
        "secret": services.secret_for_typing(key),
    }
    return _page(request, "accounts/set_up_authenticator.html", context)


@never_cache
@require_http_methods(["GET"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    # Shown once: taken out of the session as the page is shown.
    new = request.session.pop(NEW_RECOVERY_CODES, None)
    if not isinstance(new, dict) or not new.get("codes"):
        return redirect(_next(request))
    return _page(request, "accounts/recovery_codes.html", new)


@require_http_methods(["GET", "POST"])
def your_account(request: HttpRequest) -> HttpResponse:
    """Your account: change your password, see how many recovery codes are left, get new ones."""
    user = signed_in_user(request)
    if request.method == "POST":
        try:
            codes = services.renew_recovery_codes(user=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("accounts:your-account")
        request.session[NEW_RECOVERY_CODES] = {"codes": codes, "renewed": True}
        back = urlencode({"next": reverse("accounts:your-account")})
        return redirect(f"{reverse('accounts:recovery-codes')}?{back}")
    context = {
        "has_authenticator": services.authenticator_for(user) is not None,
        "codes_left": services.recovery_codes_left(user),
        "mfa_required": services.requires_second_factor(user),
    }
    return render(request, "accounts/your_account.html", context)


@require_http_methods(["POST"])
def staff_reset_second_factor(request: HttpRequest, pk: int) -> HttpResponse:
    admin = signed_in_user(request)
    permissions.require(admin, Action.RESET_MFA)
    member = get_object_or_404(selectors.staff_accounts(), pk=pk)
    try:
        services.reset_second_factor(user=member, by=admin)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{member.display_name}'s multi-factor sign-in reset: they set up a new authenticator "
            "app when they next sign in",
        )
    return redirect(reverse("accounts:staff-edit", args=[member.pk]))


class ChangePasswordView(auth_views.PasswordChangeView):
    """Change your own password: the current one first, then a new one that meets the rules.
    You stay signed in."""

    template_name = "accounts/change_password.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("record:home")

    def form_valid(self, form: ChangePasswordForm) -> HttpResponse:
        try:
            user = services.change_own_password(
                user=signed_in_user(self.request), password=form.cleaned_data["new_password1"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        # Keep this session signed in (a new password ends the user's other sessions).
        update_session_auth_hash(self.request, user)
        messages.success(self.request, "Your password has been changed")
        return HttpResponseRedirect(self.get_success_url())
