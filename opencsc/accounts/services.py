"""Writes for staff accounts and teams: administrators only, each logged.

A role that reads every child's record (permissions.READ_EVERY_CHILD_ROLES) is never given by one
administrator: creating or changing an account to one asks for it (a `RoleGrant`), another
administrator approves or turns it down, and the heads of service hear of both steps: by email, and
by an alert on their alerts page (a due item of timescales' role grant rules, naming no child).
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import Agency, Membership, Role, RoleGrant, Team, User
from opencsc.audit import services as audit
from opencsc.core.states import move
from opencsc.permissions import Action
from opencsc.timescales import rules
from opencsc.timescales import services as timescales

logger = logging.getLogger(__name__)


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
    # A return interview officer may be a commissioned provider's user, with its agency.
    with_agency = (Role.PARTNER_AGENCY, Role.RETURN_INTERVIEW_OFFICER)
    if details.role not in with_agency and details.agency is not None:
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
    needs_approval = reads_every_child(details.role)
    user = User(
        username=username.strip().lower(),
        first_name=details.first_name.strip(),
        last_name=details.last_name.strip(),
        email=details.email.strip(),
        role=details.role,
        job_title=details.job_title.strip(),
        agency=details.agency,
        # A role that reads every child waits for a second administrator: until then the new
        # account cannot sign in (set_staff_active refuses to activate it too).
        is_active=not needs_approval,
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
        summary=f"{user.username} ({user.get_role_display()})"
        + (": waiting for approval" if needs_approval else ""),
    )
    if needs_approval:
        _propose_grant(account=user, role=details.role, previous_role="", by=by)
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
    waiting = waiting_grant(user)
    if waiting is not None and waiting.role != details.role:
        _withdraw(
            waiting, reason=f"The role asked for was changed to {_label(details.role)}", by=by
        )
        waiting = None
    # A role that reads every child waits for a second administrator: until then the account
    # keeps its role and agency (and its teams, unless new ones were chosen).
    asks = reads_every_child(details.role) and details.role != user.role
    if not asks:
        user.role, user.agency = details.role, details.agency
    user.full_clean()
    user.save()
    if not asks or details.teams:
        _set_teams(user, details.teams, by=by)
    team_names = ", ".join(team.name for team in details.teams)
    audit.log_change(
        by=by,
        child=None,
        record=user,
        action=Action.UPDATE_STAFF,
        summary=f"{user.username}: {user.get_role_display()}, teams {team_names or 'none'}",
    )
    if asks and waiting is None:
        _propose_grant(account=user, role=details.role, previous_role=user.role, by=by)
    return user


@transaction.atomic
def set_staff_active(*, user: User, is_active: bool, by: User) -> User:
    """Deactivate an account (it can no longer sign in) or reactivate it. Nothing is deleted."""
    permissions.require(by, Action.ACTIVATE_STAFF if is_active else Action.DEACTIVATE_STAFF, user)
    if user.pk == by.pk and not is_active:
        raise ValidationError("You cannot deactivate your own account")
    user = User.objects.select_for_update().get(pk=user.pk)
    if is_active and not _role_approved(user):
        raise ValidationError(
            f"The {_label(user.role)} role for this account has not been approved by a second "
            "administrator: it stays deactivated until it is, or change its role"
        )
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


# Roles that read every child: asked for by one administrator, approved by another.


def reads_every_child(role: str) -> bool:
    """Whether `role` reads every child's record, so giving it needs a second administrator."""
    return role in permissions.READ_EVERY_CHILD_ROLES


def _label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def waiting_grant(account: User) -> RoleGrant | None:
    """The role change waiting for approval for `account`, if any."""
    return account.role_grants.filter(status=RoleGrant.Status.PROPOSED).first()


def _role_approved(account: User) -> bool:
    """Whether the account's role may be used: any role that does not read every child; one that
    does, once approved (or given before approvals existed: the account has no grant at all)."""
    if not reads_every_child(account.role):
        return True
    grants = account.role_grants.all()
    if not grants.exists():
        return True
    return grants.filter(role=account.role, status=RoleGrant.Status.AUTHORISED).exists()


def _heads_of_service() -> list[str]:
    emails = User.objects.filter(role=Role.HEAD_OF_SERVICE, is_active=True).exclude(email="")
    return sorted(set(emails.values_list("email", flat=True)))


def _alert_heads_of_service(subject: str, body: str) -> None:
    """Email every active head of service once the change is saved. A mail server that is down
    does not undo the change: the failure is logged, and the access log has the change."""
    recipients = _heads_of_service()
    if not recipients:
        return

    def send() -> None:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        except OSError:
            logger.exception("Could not email the heads of service: %s", subject)

    transaction.on_commit(send)


def _propose_grant(*, account: User, role: str, previous_role: str, by: User) -> RoleGrant:
    permissions.require(by, Action.PROPOSE_ROLE_GRANT)
    grant = RoleGrant(
        account=account,
        role=role,
        previous_role=previous_role,
        proposed_by=by,
        proposed_at=timezone.now(),
    )
    grant.full_clean()
    grant.save()
    was = f"from {_label(previous_role)}" if previous_role else "for a new account"
    audit.log_change(
        by=by,
        child=None,
        record=grant,
        action=Action.PROPOSE_ROLE_GRANT,
        summary=f"{account.username}: {_label(role)} {was}",
    )
    _alert_heads_of_service(
        f"Role that reads every child asked for: {account.display_name}",
        f"{by.display_name} ({by.username}) has asked for {account.display_name} "
        f"({account.username}) to have the role {_label(role)} ({was}), which reads every "
        "child's record. Another administrator must approve it before it takes effect. "
        "If you did not expect this, speak to the administrators.",
    )
    # The heads of service's alert (workforce lists it: no team holds it, so no team manager sees
    # it). It names the accounts, never a child, and links nowhere they cannot open.
    timescales.open_due_item(
        rules.ROLE_GRANT_WAITING,
        child=None,
        record=grant,
        start=timezone.localdate(),
        summary=f"A role that reads every child is waiting for a second administrator: "
        f"{account.username} asked for {_label(role)} by {by.username}",
    )
    return grant


def approval_refusal(grant: RoleGrant, by: User) -> str | None:
    """Why `by` may not approve `grant`; None when they may. Never the administrator who asked for
    it, never the account itself, and never an account with the same email address as either (one
    person's second account)."""
    if not permissions.can(by, Action.AUTHORISE_ROLE_GRANT):
        return "You do not have permission to approve a role that reads every child."
    if by.pk == grant.proposed_by_id:
        return "You asked for this role change: another administrator must approve it."
    if by.pk == grant.account_id:
        return "You cannot approve a role for your own account."
    mine = by.email.strip().lower()
    theirs = {grant.account.email.strip().lower(), grant.proposed_by.email.strip().lower()}
    if mine and mine in theirs:
        return (
            "Your email address is the same as this account's or the administrator's who asked "
            "for it: another administrator must approve it."
        )
    return None


def _locked(grant: RoleGrant) -> RoleGrant:
    locked = RoleGrant.objects.select_for_update().select_related("account", "proposed_by")
    current = locked.get(pk=grant.pk)
    if current.status != RoleGrant.Status.PROPOSED:
        reviewer = current.reviewed_by.display_name if current.reviewed_by else "another"
        raise ValidationError(
            f"This role change has already been {current.get_status_display().lower()} "
            f"by {reviewer}."
        )
    return current


def _review(grant: RoleGrant, to: str, *, comment: str, by: User) -> None:
    move(grant, to)
    grant.reviewed_by = by
    grant.reviewed_at = timezone.now()
    grant.manager_comment = comment.strip()
    grant.full_clean()
    grant.save()
    # Answered: the heads of service's "waiting" alert closes (if no one acknowledged it first).
    timescales.close_due_items(
        record=grant,
        by=by,
        rule=rules.ROLE_GRANT_WAITING,
        note=f"{grant.get_status_display()} by {by.username}",
    )


@transaction.atomic
def authorise_role_grant(*, grant: RoleGrant, by: User, comment: str = "") -> RoleGrant:
    """Approve a role that reads every child: the account takes it now (a new account is
    activated). Not by the administrator who asked, the account, or anyone sharing their email."""
    permissions.require(by, Action.AUTHORISE_ROLE_GRANT)
    grant = _locked(grant)
    refusal = approval_refusal(grant, by)
    if refusal is not None:
        raise PermissionDenied(refusal)
    account = User.objects.select_for_update().get(pk=grant.account_id)
    if not grant.for_new_account and account.role != grant.previous_role:
        raise ValidationError(
            f"{account.display_name}'s role has changed since this was asked for: turn it down "
            "and ask again."
        )
    account.role = grant.role
    account.agency = None
    if grant.for_new_account:
        account.is_active = True
    account.full_clean()
    account.save()
    _review(grant, RoleGrant.Status.AUTHORISED, comment=comment, by=by)
    audit.log_change(
        by=by,
        child=None,
        record=grant,
        action=Action.AUTHORISE_ROLE_GRANT,
        summary=f"{account.username}: {_label(grant.role)}, asked for by "
        f"{grant.proposed_by.username}",
    )
    _alert_heads_of_service(
        f"Role that reads every child approved: {account.display_name}",
        f"{by.display_name} ({by.username}) has approved the role {_label(grant.role)} for "
        f"{account.display_name} ({account.username}), asked for by "
        f"{grant.proposed_by.display_name} ({grant.proposed_by.username}). The account now "
        "reads every child's record.",
    )
    timescales.open_due_item(
        rules.ROLE_GRANT_APPROVED,
        child=None,
        record=grant,
        start=timezone.localdate(),
        summary=f"A role that reads every child was approved: {account.username} given "
        f"{_label(grant.role)}, asked for by {grant.proposed_by.username}, approved by "
        f"{by.username}",
    )
    return grant


@transaction.atomic
def return_role_grant(*, grant: RoleGrant, comment: str, by: User) -> RoleGrant:
    """Turn down a role that reads every child, saying why; the account keeps its role (a new
    account stays deactivated). The administrator who asked may withdraw it this way."""
    permissions.require(by, Action.RETURN_ROLE_GRANT)
    if not comment.strip():
        raise ValidationError({"comment": "Enter why you are turning it down"})
    grant = _locked(grant)
    _review(grant, RoleGrant.Status.RETURNED, comment=comment, by=by)
    audit.log_change(
        by=by,
        child=None,
        record=grant,
        action=Action.RETURN_ROLE_GRANT,
        summary=f"{grant.account.username}: {_label(grant.role)} turned down",
    )
    return grant


def _withdraw(grant: RoleGrant, *, reason: str, by: User) -> None:
    locked = _locked(grant)
    _review(locked, RoleGrant.Status.RETURNED, comment=reason, by=by)
    audit.log_change(
        by=by,
        child=None,
        record=locked,
        action=Action.RETURN_ROLE_GRANT,
        summary=f"{locked.account.username}: {_label(locked.role)} withdrawn",
    )
