"""The sign-in code, the authenticator's set-up and the change-your-password forms."""

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm

from opencsc.accounts.signin.services import AUTHENTICATOR_CODE, RECOVERY_CODE, normalise_code

_CODE_ATTRS = {"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}


class SignInCodeForm(forms.Form):
    """The code from an authenticator app, or a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=50,
        help_text=(
            "The 6-digit code your authenticator app shows for this service. "
            "If you do not have your phone, enter one of your recovery codes"
        ),
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "max_length": "Enter a 6-digit code or an 8-character recovery code",
        },
        widget=forms.TextInput(attrs=_CODE_ATTRS),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not (AUTHENTICATOR_CODE.fullmatch(code) or RECOVERY_CODE.fullmatch(code)):
            raise forms.ValidationError("Enter a 6-digit code or an 8-character recovery code")
        return code


class SetUpAuthenticatorForm(forms.Form):
    """The first code from a newly set-up authenticator app, which confirms it."""

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=50,
        help_text="The 6-digit code your app shows after you add this service",
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "max_length": "Enter the 6-digit code from your authenticator app",
        },
        widget=forms.TextInput(attrs={**_CODE_ATTRS, "inputmode": "numeric"}),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not AUTHENTICATOR_CODE.fullmatch(code):
            raise forms.ValidationError("Enter the 6 digits your authenticator app shows")
        return code


class ChangePasswordForm(PasswordChangeForm):
    """Your current password, then a new one twice (Django's form, in GOV.UK words)."""

    error_messages = {
        "password_incorrect": "Your current password is wrong. Enter it again",
        "password_mismatch": "The two new passwords do not match. Enter the same password twice",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["old_password"].label = "Current password"
        fields["old_password"].error_messages["required"] = "Enter your current password"
        fields["old_password"].widget.attrs = {"autocomplete": "current-password"}
        fields["new_password1"].label = "New password"
        fields["new_password1"].help_text = (
            "At least 12 characters. Not a common password, not all numbers, not like your name "
            "or username"
        )
        fields["new_password1"].error_messages["required"] = "Enter a new password"
        fields["new_password1"].widget.attrs = {"autocomplete": "new-password"}
        fields["new_password2"].label = "Confirm new password"
        fields["new_password2"].error_messages["required"] = "Enter the new password again"
        fields["new_password2"].widget.attrs = {"autocomplete": "new-password"}
