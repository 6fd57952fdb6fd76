"""The `missing` benchmark (issue 14): a missing episode with its return and interview, the MASH's
list of missing children, the return interview officer's list, the interview page, and the record
of the child with the most missing episodes. The demo gives three children many episodes at every
size (24 for a child the `cp.worker` login's team holds: opencsc/demo/missing.py), so the record
page is the same at `small` and `la` and must run the same number of queries."""

from django.db.models import Count
from django.urls import reverse

from opencsc.accounts.models import User
from opencsc.benchmarks.base import Benchmark, Page
from opencsc.missing.models import MissingEpisode

SAMPLE = 20


def _interviewed_episodes() -> list[int]:
    """The latest episodes of one shape: reported by the police, matched to a child a team holds,
    returned with a safe and well check, and the return home interview held."""
    return list(
        MissingEpisode.objects.filter(
            agency__isnull=False,
            child__isnull=False,
            child__is_restricted=False,
            held_by_team__isnull=False,
            safe_and_well_at__isnull=False,
            return_interview__isnull=False,
        )
        .order_by("-pk")
        .values_list("pk", flat=True)[:SAMPLE]
    )


def episode_with_interview(user: User) -> list[str]:
    return [reverse("missing:episode", args=[pk]) for pk in _interviewed_episodes()]


def interview_held(user: User) -> list[str]:
    return [reverse("missing:interview", args=[pk]) for pk in _interviewed_episodes()]


def mash_list(user: User) -> list[str]:
    return [reverse("missing:mash")]


def interviews_list(user: User) -> list[str]:
    return [reverse("missing:interviews")]


def _most_missing_child(user: User) -> int | None:
    """The child held by the user's team with the most missing episodes."""
    row = (
        MissingEpisode.objects.filter(
            child__allocations__team__in=user.teams.all(),
            child__allocations__ended_on=None,
            child__is_restricted=False,
        )
        .values("child_id")
        .annotate(episodes=Count("id", distinct=True))
        .order_by("-episodes", "child_id")
        .first()
    )
    return row["child_id"] if row else None


def record_with_most_episodes(user: User) -> list[str]:
    """The missing and exploitation part of that child's record."""
    child = _most_missing_child(user)
    return [reverse("record:missing", args=[child])] if child else []


def tracking_awaiting(user: User) -> list[str]:
    """The managers' tracking list of children awaiting a return home interview, overdue first."""
    return [reverse("missing:tracking") + "?list=awaiting"]


def tracking_repeat(user: User) -> list[str]:
    """The managers' tracking list of children repeat missing."""
    return [reverse("missing:tracking") + "?list=repeat"]


def history_of_most_missing_child(user: User) -> list[str]:
    """Every missing episode of the child with the most (its first page)."""
    child = _most_missing_child(user)
    return [reverse("missing:history", args=[child])] if child else []


def missing_report(user: User) -> list[str]:
    """The missing children report for the last 12 months."""
    return [reverse("missing:report")]


def exploitation_panel(user: User) -> list[str]:
    """The exploitation panel's list: children repeat missing or screened at high risk."""
    return [reverse("exploitation:panel")]


MISSING = Benchmark(
    name="missing",
    description=(
        "A missing episode with its return and interview, the MASH's missing list, the return"
        " interview officer's list, an interview, and the record of the child with the most"
        " missing episodes, the managers' tracking lists, the child's missing history, the"
        " missing report and the exploitation panel (issue 14 pages)."
    ),
    pages=(
        Page("missing episode with an interview", "head.of.service", episode_with_interview),
        Page("MASH's missing list", "mash", mash_list),
        Page("return interview officer's list", "return.officer", interviews_list),
        Page("return home interview", "return.officer", interview_held),
        Page("child record with most missing episodes", "cp.worker", record_with_most_episodes),
        Page("missing tracking: awaiting an interview", "head.of.service", tracking_awaiting),
        Page("missing tracking: repeat missing", "head.of.service", tracking_repeat),
        Page("missing history of that child", "cp.worker", history_of_most_missing_child),
        Page("missing children report", "head.of.service", missing_report),
        Page("exploitation panel", "head.of.service", exploitation_panel),
    ),
)
