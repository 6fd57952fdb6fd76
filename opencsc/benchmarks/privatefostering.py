"""The `privatefostering` benchmark (issue 14): the page of the arrangement with the most visits,
the fostering team's list of arrangements, and the annual private fostering report. The demo
gives the `pf.worker` login's team an arrangement running over three years with a visit every
4 weeks at every size (opencsc/demo/privatefostering.py), so the arrangement page is the same
at `small` and `la` and must run the same number of queries."""

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from opencsc.accounts.models import User
from opencsc.benchmarks.base import Benchmark, Page
from opencsc.privatefostering.models import Arrangement


def arrangement_with_most_visits(user: User) -> list[str]:
    """The open arrangement of the user's teams with the most visits."""
    row = (
        Arrangement.objects.filter(
            team__in=user.teams.all(), ended_on__isnull=True, child__is_restricted=False
        )
        .annotate(visit_count=Count("visits"))
        .order_by("-visit_count", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return [reverse("privatefostering:arrangement", args=[row])] if row else []


def team_list(user: User) -> list[str]:
    return [reverse("privatefostering:team")]


def annual_report(user: User) -> list[str]:
    """This reporting year's report and last year's."""
    today = timezone.localdate()
    latest = today.year if today.month >= 4 else today.year - 1
    url = reverse("privatefostering:report")
    return [url, f"{url}?year={latest - 1}"]


PRIVATE_FOSTERING = Benchmark(
    name="privatefostering",
    description=(
        "The private fostering arrangement with the most visits, the fostering team's list of"
        " arrangements, and the annual private fostering report (issue 14 pages)."
    ),
    pages=(
        Page("arrangement with most visits", "pf.worker", arrangement_with_most_visits),
        Page("fostering team's arrangements", "pf.worker", team_list),
        Page("annual private fostering report", "pf.manager", annual_report),
    ),
)
