"""Reads for the managers' missing tracking lists and a child's missing history (issue 14, part 4).

Each list starts from `tracked_episodes`, which says whose children a viewer tracks, and
annotates what a line shows (the team holding the child now, the allocated worker, the return
home interview's due time) in the same query, so a page runs the same queries at any size.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Concat
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import Role, Team, User
from opencsc.casework.models import Allocation
from opencsc.missing.access import visible_episodes
from opencsc.missing.models import InterviewAttempt, MissingEpisode, ReturnInterview
from opencsc.missing.selectors import repeat_missing_window
from opencsc.people.models import Person
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem

# The lists a manager switches between: (key, heading).
MISSING_NOW = "missing"
AWAITING = "awaiting"
OVERDUE = "overdue"
REPEAT = "repeat"
LISTS = {
    MISSING_NOW: "Missing now",
    AWAITING: "Awaiting a return home interview",
    OVERDUE: "Interviews overdue",
    REPEAT: "Repeat missing",
}


def _holding_allocation() -> QuerySet[Allocation]:
    """The child's open allocation outside the MASH (the team holding the case), for a subquery."""
    return Allocation.objects.filter(child_id=OuterRef("child_id"), ended_on=None).exclude(
        team__kind=Team.Kind.MASH
    )


def _interview_items() -> QuerySet[DueItem]:
    """The episode's return home interview due items, latest first, for a subquery."""
    return DueItem.objects.filter(
        rule=rules.RETURN_HOME_INTERVIEW.code,
        record_type=ContentType.objects.get_for_model(MissingEpisode),
        record_id=OuterRef("pk"),
    ).order_by("-pk")


def with_line_details(episodes: QuerySet[MissingEpisode]) -> QuerySet[MissingEpisode]:
    """`episodes` with the holding team's id and name, the allocated worker's name, and the
    return home interview's due time and whether it is answered, in the same query."""
    holding = _holding_allocation()
    items = _interview_items()
    return episodes.annotate(
        holding_team_id=Subquery(holding.values("team_id")[:1], output_field=IntegerField()),
        holding_team_name=Subquery(holding.values("team__name")[:1], output_field=CharField()),
        worker_name=Subquery(
            holding.filter(worker__isnull=False)
            .annotate(
                full_name=Concat(
                    "worker__first_name",
                    Value(" "),
                    "worker__last_name",
                    output_field=CharField(),
                )
            )
            .values("full_name")[:1],
            output_field=CharField(),
        ),
        interview_due_at=Subquery(items.values("due_at")[:1]),
        interview_closed_at=Subquery(items.values("closed_at")[:1]),
    ).select_related("child")


def tracked_episodes(viewer: User) -> QuerySet[MissingEpisode]:
    """The episodes `viewer` tracks, with their line details: every one for heads of service and
    quality assurance; for a team manager those of children their team holds now; for the MASH
    (its practitioners and managers) those of children no team holds, or not matched yet."""
    if not permissions.can(viewer, permissions.Action.VIEW_MISSING_TRACKING):
        return MissingEpisode.objects.none()
    episodes = with_line_details(MissingEpisode.objects.all())
    if viewer.role in {Role.HEAD_OF_SERVICE, Role.QUALITY_ASSURANCE}:
        return episodes
    # Semi-joins (EXISTS), not a filter on the annotated subquery, so the database can plan them.
    held = _holding_allocation()
    tracked = Q(pk__in=[])
    if viewer.role == Role.TEAM_MANAGER:
        tracked |= Q(Exists(held.filter(team_id__in=permissions.team_ids(viewer))))
    if permissions.is_in_mash(viewer):
        tracked |= Q(child__isnull=True) | ~Q(Exists(held))
    return episodes.filter(tracked)


def _open_interview() -> Exists:
    return Exists(_interview_items().filter(closed_at=None))


def missing_now(viewer: User) -> QuerySet[MissingEpisode]:
    """Children missing now (no return recorded), the longest missing first."""
    return tracked_episodes(viewer).filter(returned_at=None).order_by("missing_since", "pk")


def awaiting_interview(viewer: User) -> QuerySet[MissingEpisode]:
    """Returned children whose return home interview item is not answered yet: the overdue
    first, then by when each falls due."""
    return (
        tracked_episodes(viewer)
        .filter(returned_at__isnull=False)
        .filter(_open_interview())
        .order_by("interview_due_at", "pk")
    )


def interviews_overdue(viewer: User, *, now: datetime) -> QuerySet[MissingEpisode]:
    """Returned children whose return home interview is not answered 72 hours after the return,
    the most overdue first."""
    return awaiting_interview(viewer).filter(Q(interview_due_at__lt=now))


def repeat_missing(viewer: User, *, now: datetime) -> QuerySet[MissingEpisode]:
    """The latest episode of each child the viewer tracks who is repeat missing today
    (rules.REPEAT_MISSING: 3 or more episodes begun within 90 days, as the council sets it), with
    the number of episodes in the window (`recent`): the most episodes first, then the latest."""
    events, _ = rules.REPEAT_MISSING.effective()
    starts, ends = repeat_missing_window(timezone.localdate(now))
    in_window = MissingEpisode.objects.filter(
        child_id=OuterRef("child_id"), missing_since__gte=starts, missing_since__lt=ends
    )
    later = MissingEpisode.objects.filter(child_id=OuterRef("child_id")).filter(
        Q(missing_since__gt=OuterRef("missing_since"))
        | Q(missing_since=OuterRef("missing_since"), pk__gt=OuterRef("pk"))
    )
    recent = in_window.order_by().values("child_id").annotate(n=Count("pk")).values("n")[:1]
    return (
        tracked_episodes(viewer)
        .filter(child__isnull=False, missing_since__gte=starts, missing_since__lt=ends)
        .filter(~Exists(later))
        .annotate(recent=Subquery(recent, output_field=IntegerField()))
        .filter(recent__gte=events)
        .order_by("-recent", "-missing_since", "-pk")
    )


def tracking_list(viewer: User, key: str, *, now: datetime) -> QuerySet[MissingEpisode]:
    """One of the tracking lists by its key (`LISTS`)."""
    if key == REPEAT:
        return repeat_missing(viewer, now=now)
    if key == AWAITING:
        return awaiting_interview(viewer)
    if key == OVERDUE:
        return interviews_overdue(viewer, now=now)
    return missing_now(viewer)


@dataclass
class TrackingLine:
    """One line of a tracking list: the episode and what the line says about time."""

    episode: MissingEpisode
    hours: int  # since the return, or since last seen while still missing
    overdue: bool


def lines(episodes: list[MissingEpisode], *, now: datetime) -> list[TrackingLine]:
    """The page's episodes as lines, with the hours since the return (or since last seen)."""
    result = []
    for episode in episodes:
        since = episode.returned_at or episode.missing_since
        due_at = getattr(episode, "interview_due_at", None)
        closed_at = getattr(episode, "interview_closed_at", None)
        result.append(
            TrackingLine(
                episode=episode,
                hours=max(0, int((now - since).total_seconds() // 3600)),
                overdue=due_at is not None and closed_at is None and due_at < now,
            )
        )
    return result


def history(child: Person, *, viewer: User) -> QuerySet[MissingEpisode]:
    """Every missing episode of `child` the viewer may open, newest first, with the interview's
    status in the same query: its due time and when it was answered, whether it was held, the
    number of offers and attempts and the latest answer."""
    attempts = InterviewAttempt.objects.filter(episode=OuterRef("pk")).order_by(
        "-attempted_at", "-pk"
    )
    items = _interview_items()
    return (
        visible_episodes(viewer)
        .filter(child=child)
        .annotate(
            interview_due_at=Subquery(items.values("due_at")[:1]),
            interview_closed_at=Subquery(items.values("closed_at")[:1]),
            interview_held_at=Subquery(
                ReturnInterview.objects.filter(episode=OuterRef("pk")).values("held_at")[:1]
            ),
            latest_outcome=Subquery(attempts.values("outcome")[:1]),
        )
        .select_related("agency")
        .order_by("-missing_since", "-pk")
    )
