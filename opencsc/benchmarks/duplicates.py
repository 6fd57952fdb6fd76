"""The `likely_duplicates` benchmark (issue 12, part 2): the likely duplicate pairs business support
reviews, the list and each pair's page side by side (docs/duplicates.md)."""

from django.urls import reverse

from opencsc.accounts.models import User
from opencsc.benchmarks.base import Benchmark, Page
from opencsc.people import selectors

SAMPLE = 50


def pair_list(user: User) -> list[str]:
    return [reverse("people:duplicates"), f"{reverse('people:duplicates')}?show=reviewed"]


def pairs(user: User) -> list[str]:
    """The pairs waiting for review that the user may review (no restricted record in them)."""
    waiting = selectors.pair_list(user).filter(
        person_a__is_restricted=False, person_b__is_restricted=False
    )
    return [
        reverse("people:duplicate-pair", args=[pk])
        for pk in waiting.values_list("pk", flat=True)[:SAMPLE]
    ]


DUPLICATES = Benchmark(
    name="likely_duplicates",
    description="Likely duplicate pairs: the list and a pair's review page (issue 12).",
    pages=(
        Page("likely duplicates", "business.support", pair_list),
        Page("duplicate pair", "business.support", pairs),
    ),
)
