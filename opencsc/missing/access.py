"""Who opens a missing episode (docs/missing.md, docs/permissions.md).

The MASH (and the roles that read every child) opens every episode: it matches the children the
police named and decides what follows. A partner agency's users (the police) open only the
episodes their agency recorded: what they supplied, never the record the MASH matched. A return
interview officer opens every returned episode, for the interview only (the child's name, date of
birth and address; never the record). Other staff open an episode when they may open the child's
record. Registered in MissingConfig.ready.
"""

from django.db.models import Q, QuerySet

from opencsc import permissions
from opencsc.accounts.models import Role, User
from opencsc.missing.models import MissingEpisode
from opencsc.people.models import Person
from opencsc.permissions import Scope

EPISODE_RELATED = (
    "child",
    "agency",
    "recorded_by",
    "return_recorded_by",
    "held_by_team",
    "follow_up_by",
)


def is_police(user: User) -> bool:
    """Whether `user` is a partner agency user of a police force."""
    agency = user.agency if user.agency_id is not None else None
    return (
        user.role == Role.PARTNER_AGENCY
        and agency is not None
        and agency.kind == agency.Kind.POLICE
    )


def visible_episodes(user: User) -> QuerySet[MissingEpisode]:
    """The episodes `user` may list: every one for the MASH and the reading roles, a partner
    agency's own, and for other staff those of the children whose records they may open."""
    if not user.is_authenticated or not user.is_active:
        return MissingEpisode.objects.none()
    if permissions.reads_front_door(user):
        return MissingEpisode.objects.all()
    if user.role == Role.PARTNER_AGENCY:
        if user.agency_id is None:
            return MissingEpisode.objects.none()
        return MissingEpisode.objects.filter(agency_id=user.agency_id)
    if user.role == Role.RETURN_INTERVIEW_OFFICER:
        # For the interview only: the returned episodes, never the child's record.
        return MissingEpisode.objects.filter(returned_at__isnull=False)
    if user.role == Role.ADMINISTRATOR or user.role == Role.BUSINESS_SUPPORT:
        return MissingEpisode.objects.none()
    return MissingEpisode.objects.filter(
        Q(child__isnull=False) & permissions.visible_child_condition(user, "child__")
    )


def may_open(user: User, episode: MissingEpisode) -> bool:
    """Whether `user` may open `episode` (the same rule as the lists)."""
    return visible_episodes(user).filter(pk=episode.pk).exists()


def children_of(episode: MissingEpisode) -> list[Person]:
    """The child each opening is logged against, once matched."""
    return [episode.child] if episode.child is not None else []


def partner_owns(user: User, episode: MissingEpisode) -> bool:
    """Whether the episode is the partner agency's own: one it recorded."""
    return (
        user.role == Role.PARTNER_AGENCY
        and user.agency_id is not None
        and episode.agency_id == user.agency_id
    )


def register() -> None:
    permissions.register_read_scope(
        MissingEpisode, may_open=may_open, children=children_of, related=EPISODE_RELATED
    )
    permissions.register_scope(Scope.PARTNERS_OWN, partner_owns, model=MissingEpisode)
