"""Reads of missing episodes: a child's history, the MASH's list, a partner's own episodes, and
the interview's due item. Every list starts from `access.visible_episodes` and loads what its page
shows with `select_related`, so a page runs the same queries at any size."""

from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from opencsc.accounts.models import User
from opencsc.missing.access import visible_episodes
from opencsc.missing.codes import OfferOutcome
from opencsc.missing.models import (
    InterviewAction,
    InterviewAttempt,
    MissingEpisode,
    ReturnInterview,
)
from opencsc.people.models import Person
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem

LIST_RELATED = ("child", "agency", "held_by_team")
RECENT = 10


def episodes_for_child(child: Person, *, viewer: User) -> QuerySet[MissingEpisode]:
    """The child's missing episodes the viewer may open, latest first."""
    return (
        visible_episodes(viewer)
        .filter(child=child)
        .select_related("agency", "held_by_team")
        .order_by("-missing_since", "-pk")
    )


def recent_episodes(child: Person, *, viewer: User) -> list[MissingEpisode]:
    """The child's latest missing episodes, for the record (one query)."""
    return list(episodes_for_child(child, viewer=viewer)[:RECENT])


def for_the_mash(*, viewer: User) -> QuerySet[MissingEpisode]:
    """The MASH's list: episodes of a child not matched to a record yet, or of a child no team
    held when reported, where the MASH has not decided whether a contact follows; oldest report
    first."""
    return (
        visible_episodes(viewer)
        .filter(Q(child__isnull=True) | Q(held_by_team__isnull=True, follow_up=""))
        .select_related(*LIST_RELATED)
        .order_by("reported_at", "pk")
    )


def partner_episodes(*, user: User) -> QuerySet[MissingEpisode]:
    """The episodes a partner agency (the police) recorded, latest report first."""
    if user.agency_id is None:
        return MissingEpisode.objects.none()
    return (
        MissingEpisode.objects.filter(agency_id=user.agency_id)
        .select_related("agency")
        .order_by("-reported_at", "-pk")
    )


def interview_item(episode: MissingEpisode) -> DueItem | None:
    """The return home interview's due item of the episode (open or closed), if it has one."""
    return (
        DueItem.objects.filter(
            rule=rules.RETURN_HOME_INTERVIEW.code,
            record_type=ContentType.objects.get_for_model(MissingEpisode),
            record_id=episode.pk,
        )
        .select_related("team", "owner")
        .order_by("-pk")
        .first()
    )


def awaiting_interview(*, viewer: User) -> QuerySet[MissingEpisode]:
    """The returned episodes waiting for their return home interview: none held, and the child
    has not declined the latest offer; the longest since the return first (so the overdue come
    first: each is due 72 elapsed hours after it). With the number of attempts and the latest
    answer, in the same query.

    Written with anti-joins (`NOT EXISTS`), not a join counted by `GROUP BY` and a filter on the
    latest answer's subquery: PostgreSQL could not estimate that filter, took one row for
    hundreds and scanned every interview and attempt for each episode (80 ms at `la`, 2 ms now;
    docs/benchmarks.md, "Missing episodes")."""
    attempts = InterviewAttempt.objects.filter(episode=OuterRef("pk"))
    later = InterviewAttempt.objects.filter(episode=OuterRef("episode")).filter(
        Q(attempted_at__gt=OuterRef("attempted_at"))
        | Q(attempted_at=OuterRef("attempted_at"), pk__gt=OuterRef("pk"))
    )
    declined_last = InterviewAttempt.objects.filter(
        episode=OuterRef("pk"), outcome=OfferOutcome.DECLINED
    ).filter(~Exists(later))
    counted = attempts.order_by().values("episode").annotate(n=Count("pk")).values("n")
    return (
        visible_episodes(viewer)
        .filter(returned_at__isnull=False)
        .filter(~Exists(ReturnInterview.objects.filter(episode=OuterRef("pk"))))
        .filter(~Exists(declined_last))
        .annotate(
            latest_outcome=Subquery(
                attempts.order_by("-attempted_at", "-pk").values("outcome")[:1]
            ),
            attempt_count=Coalesce(Subquery(counted[:1]), Value(0)),
        )
        .select_related("child__household__address")
        .order_by("returned_at", "pk")
    )


def interview_of(episode: MissingEpisode) -> ReturnInterview | None:
    """The interview held on the episode, with who held it."""
    return (
        ReturnInterview.objects.filter(episode=episode)
        .select_related("interviewer", "recorded_by")
        .first()
    )


def attempts_of(episode: MissingEpisode) -> list[InterviewAttempt]:
    return list(
        InterviewAttempt.objects.filter(episode=episode)
        .select_related("recorded_by")
        .order_by("attempted_at", "pk")
    )


def actions_of(interview: ReturnInterview | None) -> list[InterviewAction]:
    """The actions an interview agreed: read even before there is an interview (none then), so
    the page runs the same queries either way."""
    held = interview.pk if interview is not None else 0
    return list(InterviewAction.objects.filter(interview_id=held).select_related("owner"))


def repeat_missing_window(as_at: date) -> tuple[datetime, datetime]:
    """The moments the repeat-missing rule's window runs between as at `as_at` (London days, the
    first and last both counted): an episode counts if it began at or after the first moment and
    before the second."""
    first, last = rules.REPEAT_MISSING.window(as_at)
    starts = datetime.combine(first, time.min, tzinfo=rules.LONDON)
    return starts, datetime.combine(last + timedelta(days=1), time.min, tzinfo=rules.LONDON)


def repeat_missing(as_at: date) -> dict[int, int]:
    """The children who are repeat missing as at `as_at` (rules.REPEAT_MISSING: N or more
    episodes whose `missing_since` falls, in London time, within the rule's window ending on that
    day): each child's id and the number of episodes in the window; one query. Not filtered by
    viewer: callers show the children only through their own permission checks."""
    events, _ = rules.REPEAT_MISSING.effective()
    starts, ends = repeat_missing_window(as_at)
    in_window = Q(missing_since__gte=starts, missing_since__lt=ends, child__isnull=False)
    rows = (
        MissingEpisode.objects.filter(in_window)
        .values("child_id")
        .annotate(recent=Count("pk"))
        .filter(recent__gte=events)
        .values_list("child_id", "recent")
    )
    return dict(rows)
