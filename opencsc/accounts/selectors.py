"""Reads of staff and teams."""

from collections.abc import Iterable

from django.db.models import Case, Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When

from opencsc.accounts.models import Membership, RoleGrant, Team, User


def staff_list(
    *, role: str = "", team_id: int | None = None, name: str = "", active: str = ""
) -> QuerySet[User]:
    """Staff accounts, filtered, with their teams and agency loaded, and any role that reads every
    child waiting for approval (`role_waiting`)."""
    waiting = RoleGrant.objects.filter(account=OuterRef("pk"), status=RoleGrant.Status.PROPOSED)
    users = (
        User.objects.select_related("agency")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("team").order_by("team__name"),
            )
        )
        .annotate(role_waiting=Subquery(waiting.values("role")[:1]))
    )
    if role:
        users = users.filter(role=role)
    if team_id:
        users = users.filter(memberships__team_id=team_id)
    if name.strip():
        for token in name.split():
            users = users.filter(
                Q(first_name__icontains=token)
                | Q(last_name__icontains=token)
                | Q(username__icontains=token)
            )
    if active in {"yes", "no"}:
        users = users.filter(is_active=active == "yes")
    return users.order_by("last_name", "first_name", "id")


def teams_with_counts() -> QuerySet[Team]:
    """Every team with how many active members it has."""
    return Team.objects.annotate(
        member_count=Count("memberships", filter=Q(memberships__user__is_active=True))
    ).order_by("name")


def active_members(
    teams: "Iterable[int] | QuerySet[Team]", *, also: User | None = None
) -> QuerySet[User]:
    """Active members of `teams` (team ids or a queryset of teams), and `also`, by name: the people
    a form offers as the worker or assignee."""
    condition = Q(memberships__team__in=teams)
    if also is not None:
        condition |= Q(pk=also.pk)
    return (
        User.objects.filter(condition, is_active=True)
        .distinct()
        .order_by("first_name", "last_name")
    )


def chosen_team(posted: str | None, teams: QuerySet[Team], *, user: User) -> Team | None:
    """The team whose staff a form offers (the staff pickers follow one team, never the
    authority): the team posted, among `teams` (never looked up as typed: anything else is None);
    when none was posted, `user`'s own team if they are a member of exactly one of `teams`."""
    text = (posted or "").strip()
    if text:
        if not (text.isascii() and text.isdigit()) or len(text) > 18:
            return None
        return teams.filter(pk=int(text)).first()
    own = list(teams.filter(memberships__user=user)[:2])
    return own[0] if len(own) == 1 else None


def active_teams(
    *, kinds: "Iterable[str] | None" = None, ids: "Iterable[int] | None" = None
) -> QuerySet[Team]:
    """Active teams, of `kinds` and among `ids` when given, by name."""
    teams = Team.objects.filter(is_active=True)
    if kinds is not None:
        teams = teams.filter(kind__in=list(kinds))
    if ids is not None:
        teams = teams.filter(pk__in=list(ids))
    return teams


def staff_accounts() -> QuerySet[User]:
    """Every staff account, active or not, for the administrators' pages."""
    return User.objects.all()


def role_grants() -> QuerySet[RoleGrant]:
    """Roles that read every child asked for, those waiting for approval first, newest first."""
    return RoleGrant.objects.select_related("account", "proposed_by", "reviewed_by").order_by(
        Case(When(status=RoleGrant.Status.PROPOSED, then=Value(0)), default=Value(1)),
        "-proposed_at",
        "-id",
    )


def waiting_role_grant_count() -> int:
    """How many roles that read every child wait for a second administrator."""
    return RoleGrant.objects.filter(status=RoleGrant.Status.PROPOSED).count()
