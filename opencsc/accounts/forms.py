"""Sign-in and staff administration forms."""

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from opencsc.accounts.models import Agency, Role, Team
from opencsc.accounts.services import StaffDetails
from opencsc.core.forms import ModelMultipleChoiceField
from opencsc.core.reviews import ReviewForm
from opencsc.core.submissions import SubmitOnceForm


def team_of_staff_field(label: str) -> forms.ModelChoiceField:
    """The team whose staff a form's staff picker lists (accounts.requests.team_staff_form): its
    queryset is set by the form, and "Show this team's staff" shows the form again with them."""
    return forms.ModelChoiceField(
        label=label,
        queryset=Team.objects.none(),
        required=False,
        empty_label="Choose a team",
        help_text='Then choose "Show this team\'s staff" to list its members',
        error_messages={"invalid_choice": "Select a team from the list"},
    )


class SignInForm(AuthenticationForm):
    """Sign in with username and password."""

    error_messages = {
        "invalid_login": ("Enter a correct username and password. The password is case-sensitive."),
        "inactive": "This account has been deactivated. Ask an administrator.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs = {"autocomplete": "username", "spellcheck": "false"}
        self.fields["password"].widget.attrs = {"autocomplete": "current-password"}

    def clean_username(self) -> str:
        username = str(self.cleaned_data["username"])
        # Longer than any account's, it names nobody: refuse it as a wrong username before the
        # lock-out records it (its column holds 255 characters: PostgreSQL refused a longer one).
        if len(username) > (self.username_field.max_length or 150):
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        # Sign-in ignores case ("JSmith" is "jsmith"): pass the name on in lower case so the
        # lock-out counts every spelling as one account instead of five tries for each.
        return username.lower()


class StaffForm(forms.Form):
    """A member of staff's details, role and teams."""

    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter a first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter a last name"}
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    job_title = forms.CharField(label="Job title (optional)", required=False, max_length=150)
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        help_text=(
            "A head of service, quality assurance officer or performance analyst reads every "
            "child's record: another administrator must approve that role before it takes effect"
        ),
        error_messages={"required": "Select a role"},
    )
    agency = forms.ModelChoiceField(
        label="Partner agency",
        queryset=Agency.objects.all(),
        required=False,
        help_text=(
            "Only for a partner agency user, or a commissioned provider's return interview officer"
        ),
        empty_label="Not a partner agency user",
    )
    teams = ModelMultipleChoiceField(
        label="Teams",
        queryset=Team.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def details(self) -> StaffDetails:
        data = self.cleaned_data
        return StaffDetails(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            role=data["role"],
            job_title=data["job_title"],
            agency=data["agency"],
            teams=tuple(data["teams"]),
        )


class NewStaffForm(SubmitOnceForm, StaffForm):
    """A new account: username and first password as well."""

    username = forms.RegexField(
        label="Username",
        max_length=150,
        regex=r"^[A-Za-z0-9._-]+$",
        help_text="Letters, numbers, dots, dashes and underscores",
        error_messages={
            "required": "Enter a username",
            "invalid": "Username can only contain letters, numbers, dots, dashes and underscores",
        },
    )
    password = forms.CharField(
        label="First password",
        widget=forms.PasswordInput,
        help_text="At least 12 characters; give it to them in person",
        error_messages={"required": "Enter a first password"},
    )
    field_order = [
        "username",
        "password",
        "first_name",
        "last_name",
        "email",
        "job_title",
        "role",
        "agency",
        "teams",
    ]


class EditStaffForm(SubmitOnceForm, StaffForm):
    """An administrator's changes to a member of staff's details, role and teams."""


class StaffFilterForm(forms.Form):
    """Filter the staff list."""

    name = forms.CharField(label="Name or username", required=False, max_length=100)
    role = forms.ChoiceField(
        label="Role", required=False, choices=[("", "Any role"), *Role.choices]
    )
    team = forms.ModelChoiceField(
        label="Team", required=False, queryset=Team.objects.all(), empty_label="Any team"
    )
    active = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Active and deactivated"), ("yes", "Active"), ("no", "Deactivated")],
    )


class TeamForm(SubmitOnceForm):
    """A new team."""

    name = forms.CharField(
        label="Team name", max_length=100, error_messages={"required": "Enter the team's name"}
    )
    kind = forms.ChoiceField(
        label="Kind of team",
        choices=Team.Kind.choices,
        error_messages={"required": "Select the kind of team"},
    )


class RoleGrantReviewForm(ReviewForm):
    """A second administrator's answer to a role that reads every child."""

    authorise_label = "Approve the role"
    return_label = "Turn it down"
    choose_message = "Select whether you approve the role"
    comment_label = "Why are you turning it down? (if turning it down)"
    comment_hint = ""
    comment_needed = "Enter why you are turning it down"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].label = "Should this account have this role?"
