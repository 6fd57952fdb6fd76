"""Writes for staff accounts and teams: administrators only, each logged."""

from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from opencsc import permissions
from opencsc.accounts.models import Agency, Membership, Role, Team, User
from opencsc.audit import services as audit
from opencsc.permissions import Action


@dataclass(frozen=True)
class StaffDetails:
    """What an administrator sets about a member of staff."""

    first_name: str
    last_name: str
    email: str
    role: str
    job_title: str = ""
    agency: Agency | None = None
    teams: tuple[Team, ...] = ()


def _check(details: StaffDetails) -> None:
    errors: dict[str, str] = {}
    if details.role == Role.PARTNER_AGENCY and details.agency is None:
        errors["agency"] = "Select the partner agency this user works for"
    if details.role != Role.PARTNER_AGENCY and details.agency is not None:
        errors["agency"] = "Only a partner agency user has an agency"
    if details.role == Role.PARTNER_AGENCY and details.teams:
        errors["teams"] = "A partner agency user is not a member of a council team"
    if (
        details.role
        in {
            Role.SOCIAL_WORKER,
            Role.ADVANCED_PRACTITIONER,
            Role.TEAM_MANAGER,
            Role.MASH_PRACTITIONER,
        }
        and not details.teams
    ):
        errors["teams"] = "Select at least one team"
    if errors:
        raise ValidationError(errors)


def _set_teams(user: User, teams: tuple[Team, ...], *, by: User) -> None:
    wanted = {team.pk for team in teams}
    user.memberships.exclude(team_id__in=wanted).delete()
    have = set(user.memberships.values_list("team_id", flat=True))
    Membership.objects.bulk_create(
        [Membership(user=user, team_id=team_id, added_by=by) for team_id in sorted(wanted - have)]
    )


@transaction.atomic
def create_staff(*, username: str, password: str, details: StaffDetails, by: User) -> User:
    """Create a staff or partner-agency account with its role and teams."""
    permissions.require(by, Action.CREATE_STAFF)
    _check(details)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "That username is taken: choose another"})
    user = User(
        username=username.strip().lower(),
        first_name=details.first_name.strip(),
        last_name=details.last_name.strip(),
        email=details.email.strip(),
        role=details.role,
        job_title=details.job_title.strip(),
        agency=details.agency,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.full_clean()
    user.save()
    _set_teams(user, details.teams, by=by)
    audit.log_change(
        by=by,
        child=None,
        record=user,
        action=Action.CREATE_STAFF,
        summary=f"{user.username} ({user.get_role_display()})",
    )
    return user


@transaction.atomic
def update_staff(*, user: User, details: StaffDetails, by: User) -> User:
    """Change a member of staff's name, role, agency and teams."""
    permissions.require(by, Action.UPDATE_STAFF)
    _check(details)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.pk == by.pk and details.role != Role.ADMINISTRATOR:
        raise ValidationError({"role": "You cannot remove your own administrator role"})
    user.first_name, user.last_name = details.first_name.strip(), details.last_name.strip()
    user.email, user.job_title = details.email.strip(), details.job_title.strip()
    user.role, user.agency = details.role, details.agency
    user.full_clean()
    user.save()
    _set_teams(user, details.teams, by=by)
    team_names = ", ".join(team.name for team in details.teams)
    audit.log_change(
        by=by,
        child=None,
        record=user,
        action=Action.UPDATE_STAFF,
        summary=f"{user.username}: {user.get_role_display()}, teams {team_names or 'none'}",
    )
    return user


@transaction.atomic
def set_staff_active(*, user: User, is_active: bool, by: User) -> User:
    """Deactivate an account (it can no longer sign in) or reactivate it. Nothing is deleted."""
    permissions.require(by, Action.ACTIVATE_STAFF if is_active else Action.DEACTIVATE_STAFF, user)
    if user.pk == by.pk and not is_active:
        raise ValidationError("You cannot deactivate your own account")
    user = User.objects.select_for_update().get(pk=user.pk)
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    audit.log_change(
        by=by,
        child=None,
        record=user,
        action=Action.ACTIVATE_STAFF if is_active else Action.DEACTIVATE_STAFF,
        summary=user.username,
    )
    return user


@transaction.atomic
def create_team(*, name: str, kind: str, by: User) -> Team:
    """Add a team."""
    permissions.require(by, Action.CREATE_TEAM)
    if Team.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": "A team with that name already exists"})
    team = Team(name=name.strip(), kind=kind)
    team.full_clean()
    team.save()
    audit.log_change(by=by, child=None, record=team, action=Action.CREATE_TEAM, summary=team.name)
    return team


@transaction.atomic
def create_administrator(
    *, username: str, email: str, password: str, first_name: str = "", last_name: str = ""
) -> User:
    """Create an Administrator-role account from the command line (`opencsc create_administrator`).

    How a council makes its first account. An administrator manages staff, teams and the access
    log and opens no child's record; the account is never a Django superuser or staff member, so
    nothing it does bypasses the permission rules or the access log (docs/security.md).
    """
    username = username.strip().lower()
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = ["Enter a username"]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = ["That username is taken: choose another"]
    user = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        role=Role.ADMINISTRATOR,
        is_staff=False,
        is_superuser=False,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        errors["password"] = error.messages
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit.log_change(
        by=None,
        child=None,
        record=user,
        action=Action.CREATE_STAFF,
        summary=f"{user.username} (Administrator), from the command line",
    )
    return user
