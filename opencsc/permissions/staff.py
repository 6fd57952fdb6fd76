"""What a member of staff's teams and role make them: a MASH member, a team's manager, a reader.

Each answer is cached on the user object for the request, so scope queries take literals."""

from opencsc.accounts.models import Role, Team, User
from opencsc.permissions.actions import CASE_HOLDING_ROLES, READ_EVERY_CHILD_ROLES


def _memberships(user: User) -> list[tuple[int, str]]:
    """The active teams `user` belongs to, each with its kind: one query a request."""
    cached: list[tuple[int, str]] | None = getattr(user, "_opencsc_memberships", None)
    if cached is None:
        cached = list(
            user.memberships.filter(team__is_active=True).values_list("team_id", "team__kind")
        )
        user._opencsc_memberships = cached  # type: ignore[attr-defined]
    return cached


def team_ids(user: User) -> list[int]:
    """The active teams `user` belongs to."""
    return [team_id for team_id, _ in _memberships(user)]


def is_in_mash(user: User) -> bool:
    """Whether `user` is a MASH practitioner or a member of a MASH team."""
    return user.role == Role.MASH_PRACTITIONER or any(
        kind == Team.Kind.MASH for _, kind in _memberships(user)
    )


def is_in_fostering_team(user: User) -> bool:
    """Whether `user` belongs to a fostering team (which holds private fostering arrangements)."""
    return any(kind == Team.Kind.FOSTERING for _, kind in _memberships(user))


def is_active_staff(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def works_front_door(user: User) -> bool:
    """Whether `user` works the MASH: a case-holding role in the MASH, or a head of service."""
    if not is_active_staff(user):
        return False
    if user.role == Role.HEAD_OF_SERVICE:
        return True
    return user.role in CASE_HOLDING_ROLES and is_in_mash(user)


def reads_front_door(user: User) -> bool:
    """Whether `user` may read the MASH's worklists: the MASH itself and the reading roles."""
    return works_front_door(user) or (is_active_staff(user) and user.role in READ_EVERY_CHILD_ROLES)


def manages_team(user: User, team: Team) -> bool:
    """Whether `user` manages `team` (or is a head of service, who manages every team)."""
    if not is_active_staff(user):
        return False
    if user.role == Role.HEAD_OF_SERVICE:
        return True
    return user.role == Role.TEAM_MANAGER and team.pk in team_ids(user)


def managed_team_ids(user: User) -> list[int] | None:
    """The teams whose caseloads and alerts `user` oversees; None means every team."""
    if not is_active_staff(user):
        return []
    if user.role in READ_EVERY_CHILD_ROLES:
        return None
    if user.role == Role.TEAM_MANAGER:
        return list(team_ids(user))
    return []


def holds_cases(user: User) -> bool:
    """Whether `user` holds children's cases (a caseload): social workers, advanced practitioners
    and team managers outside the MASH."""
    if not is_active_staff(user):
        return False
    holders = {Role.SOCIAL_WORKER, Role.ADVANCED_PRACTITIONER, Role.TEAM_MANAGER}
    return user.role in holders and not is_in_mash(user)
