"""The `foundation` benchmark: finding a person, a child's record, and the access log."""

from collections import Counter
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.audit.models import AccessLog
from opencsc.benchmarks.base import Benchmark, Page
from opencsc.people.models import Person

SAMPLE = 50


def common_surname_searches(user: User) -> list[str]:
    """Searches for the ten commonest surnames among the children the user's teams hold, each with
    the commonest first initial among those held children (a search needs a surname and one more
    term: docs/permissions.md, "Seeing a child's record").

    Each search finds someone the user may open, so every request renders a page of results, and
    an initial keeps each search as broad as a search can be.
    """
    held = Person.objects.filter(
        allocations__team__in=user.teams.all(), allocations__ended_on=None
    ).exclude(first_name="")
    surnames = (
        Person.objects.filter(last_name__in=held.values("last_name"))
        .values_list("last_name", flat=True)
        .annotate(people=Count("id"))
        .order_by("-people", "last_name")[:10]
    )
    searches = []
    for surname in surnames:
        initials = Counter(
            first[0].upper()
            for first in held.filter(last_name=surname).values_list("first_name", flat=True)
        )
        initial = min(initials, key=lambda letter: (-initials[letter], letter))
        searches.append(f"{initial} {surname}")
    return [f"{reverse('people:search')}?{urlencode({'name': name})}" for name in searches]


def team_children(user: User) -> list[str]:
    """Records of children allocated to the user's teams, which the user may open."""
    children = (
        permissions.visible_children(user)
        .filter(allocations__team__in=user.teams.all(), allocations__ended_on=None)
        .order_by("pk")
        .values_list("pk", flat=True)[:SAMPLE]
    )
    return [reverse("record:child", args=[pk]) for pk in children]


def details_histories(user: User) -> list[str]:
    """The history of the details of children allocated to the user's teams: those who moved
    (earlier addresses, dates) first."""
    children = (
        permissions.visible_children(user)
        .filter(allocations__team__in=user.teams.all(), allocations__ended_on=None)
        .annotate(addresses_kept=Count("addresses"))
        .order_by("-addresses_kept", "pk")
        .values_list("pk", flat=True)[:SAMPLE]
    )
    return [reverse("people:person-history", args=[pk]) for pk in children]


def access_log(user: User) -> list[str]:
    """The whole access log, newest first: what an administrator sees first."""
    return [reverse("audit:access-log")]


def access_log_by_child(user: User) -> list[str]:
    """The access log of one child at a time, for children whose records have been opened."""
    children = (
        AccessLog.objects.exclude(child=None)
        .order_by("child_id")
        .values_list("child_id", flat=True)
        .distinct()[:SAMPLE]
    )
    return [f"{reverse('audit:access-log')}?child=C{pk:07d}" for pk in children]


FOUNDATION = Benchmark(
    name="foundation",
    description="Person search, a child's record and the history of its details, and the "
    "access log (issue 1 pages; details history from issue 12).",
    pages=(
        Page("person search", "social.worker", common_surname_searches),
        Page("child record", "social.worker", team_children),
        Page("changes to a child's details", "social.worker", details_histories),
        Page("access log", "admin", access_log),
        Page("access log by child", "admin", access_log_by_child),
    ),
)
