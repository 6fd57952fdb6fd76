"""The `frontdoor` benchmark: the MASH queue, the manager's authorisation list, a contact's page
and the child's record of a child with contacts."""

from collections import Counter
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from opencsc.accounts.models import Team, User
from opencsc.benchmarks.base import Benchmark, Page
from opencsc.frontdoor.models import Contact, ContactChild
from opencsc.people.models import Person

SAMPLE = 50


def mash_queue(user: User) -> list[str]:
    """The MASH queue's first two pages, and the amber and green filters (which hold contacts at
    every size: a page with no rows skips its prefetch queries, so it would count fewer)."""
    queue = reverse("frontdoor:queue")
    return [queue, f"{queue}?page=2", f"{queue}?rating=amber", f"{queue}?rating=green"]


def decisions_awaiting(user: User) -> list[str]:
    """The manager's list of decisions awaiting authorisation."""
    return [reverse("frontdoor:awaiting-authorisation")]


def contacts_with_checks_and_decisions(user: User) -> list[str]:
    """Pages of decided contacts that had agency checks, the fullest a contact page gets."""
    contacts = (
        Contact.objects.filter(status=Contact.Status.DECIDED)
        .annotate(checks_asked=Count("checks"))
        .filter(checks_asked__gte=2)
        .order_by("pk")
        .values_list("pk", flat=True)[:SAMPLE]
    )
    return [reverse("frontdoor:contact-detail", args=[pk]) for pk in contacts]


def children_with_contacts(user: User) -> list[str]:
    """Records of children with the most contacts, unallocated so the MASH may open them."""
    children = (
        ContactChild.objects.filter(child__isnull=False, child__allocations__isnull=True)
        .values("child_id")
        .annotate(contacts=Count("pk"))
        .order_by("-contacts", "child_id")
        .values_list("child_id", flat=True)[:SAMPLE]
    )
    return [reverse("record:child", args=[pk]) for pk in children]


def known_children_searches(user: User) -> list[str]:
    """The MASH searching for children other teams hold (issue 12): the ten commonest surnames of
    children with an open allocation outside the MASH, each with its commonest first initial, so
    every page lists children with their team, worker and plans, most of them not openable."""
    held = (
        Person.objects.filter(allocations__ended_on=None)
        .exclude(allocations__team__kind=Team.Kind.MASH)
        .exclude(first_name="")
    )
    surnames = (
        held.values_list("last_name", flat=True)
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


FRONT_DOOR = Benchmark(
    name="frontdoor",
    description="The MASH queue, decisions to authorise, a contact, and the child's record.",
    pages=(
        Page("MASH queue", "mash", mash_queue),
        Page("decisions to authorise", "mash.manager", decisions_awaiting),
        Page("contact", "mash", contacts_with_checks_and_decisions),
        Page("child record with contacts", "mash", children_with_contacts),
        Page("person search with involvement flags", "mash", known_children_searches),
    ),
)
