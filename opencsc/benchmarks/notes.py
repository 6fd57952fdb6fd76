"""The `notes` benchmark (issue 12): a child's record with 200 case notes (its summary), the
child's case notes (the record's case notes part), and its chronology, whole and searched. The
demo gives the child of the `cp.worker` login's longest-held case 200 notes at every size
(opencsc/demo/notes.py), so the record pages are the same at `small` and `la` and must run the
same number of queries."""

from django.db.models import Count
from django.urls import reverse

from opencsc.accounts.models import User
from opencsc.benchmarks.base import Benchmark, Page
from opencsc.notes.models import CaseNoteChild


def _most_noted_child(user: User) -> int | None:
    """The child held by the user's team with the most case notes."""
    row = (
        CaseNoteChild.objects.filter(
            child__allocations__team__in=user.teams.all(),
            child__allocations__ended_on=None,
            child__is_restricted=False,
        )
        .values("child_id")
        .annotate(notes=Count("id"))
        .order_by("-notes", "child_id")
        .first()
    )
    return row["child_id"] if row else None


def record_with_200_notes(user: User) -> list[str]:
    """The child's record: its summary."""
    child = _most_noted_child(user)
    return [reverse("record:child", args=[child])] if child else []


def notes_of_the_child(user: User) -> list[str]:
    """All the child's case notes (the first page)."""
    child = _most_noted_child(user)
    return [reverse("notes:child-notes", args=[child])] if child else []


def chronology(user: User) -> list[str]:
    """The child's chronology, the first page."""
    child = _most_noted_child(user)
    return [reverse("record:chronology", args=[child])] if child else []


def chronology_search(user: User) -> list[str]:
    """The child's chronology searched for words in its case notes."""
    child = _most_noted_child(user)
    if not child:
        return []
    return [reverse("record:chronology", args=[child]) + "?kind=case_note&text=school"]


NOTES = Benchmark(
    name="notes",
    description=(
        "A child's record with 200 case notes, the child's case notes and its chronology,"
        " whole and searched (issue 12 pages)."
    ),
    pages=(
        Page("child record with 200 case notes", "cp.worker", record_with_200_notes),
        Page("a child's case notes", "cp.worker", notes_of_the_child),
        Page("the child's chronology", "cp.worker", chronology),
        Page("chronology searched", "cp.worker", chronology_search),
    ),
)
