"""The `tray` benchmark (issue 12): the worker's tray and the manager's team tray.

`social.worker` holds a caseload in assessment team 1, so their tray holds the deadlines they own
and any case allocated to them in the last week; `team.manager` manages that team, whose tray
holds the assessments, closures and transfers waiting for them and the team's overdue directed
actions; `mash.manager` also sees the threshold decisions waiting at the front door."""

from django.urls import reverse

from opencsc.accounts.models import User
from opencsc.benchmarks.base import Benchmark, Page


def worker_tray(user: User) -> list[str]:
    return [reverse("workforce:tray")]


def team_tray(user: User) -> list[str]:
    return [reverse("workforce:team-tray")]


TRAY = Benchmark(
    name="tray",
    description="The worker's tray and the manager's team tray (issue 12 pages).",
    pages=(
        Page("worker's tray", "social.worker", worker_tray),
        Page("team tray", "team.manager", team_tray),
        Page("MASH manager's tray", "mash.manager", team_tray),
    ),
)
