"""The `security` benchmark: the pages issue 11 added or changed that are not already timed (the
restriction page, the staff list with its role changes waiting, your account). The demo asks for
no role change, so the role changes to approve are not timed: an empty list would flatter them."""

from django.urls import reverse

from opencsc.accounts.models import User
from opencsc.benchmarks.base import Benchmark, Page
from opencsc.people.models import Person

SAMPLE = 50


def restricted_records(user: User) -> list[str]:
    """Who may open each restricted record, as a head of service sees it to lift or change it."""
    people = Person.objects.filter(is_restricted=True).order_by("pk").values_list("pk", flat=True)
    return [reverse("casework:restrict", args=[pk]) for pk in people[:SAMPLE]]


def staff_list(user: User) -> list[str]:
    return [reverse("accounts:staff-list")]


def your_account(user: User) -> list[str]:
    return [reverse("accounts:your-account")]


SECURITY = Benchmark(
    name="security",
    description="The restriction page, the staff list, your account (issue 11 pages).",
    pages=(
        Page("restriction", "head.of.service", restricted_records),
        Page("staff list", "admin", staff_list),
        Page("your account", "social.worker", your_account),
    ),
)
