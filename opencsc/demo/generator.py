"""Build a synthetic local authority: teams, staff, families, allocations, a year of front-door work
(contacts, checks, decisions, referrals), each episode's statutory pathway (assessments, strategy
discussions, section 47 enquiries, conferences, plans, visits, transfers, closures), a year of
missing episodes with their return home interviews (`missing.py`), a year of private fostering
arrangements (`privatefostering.py`), a year of exploitation screenings, NRM referrals and panel
meetings (`exploitation.py`), chronology, due items.

Everything is drawn from one `random.Random(seed)` and one seeded Faker (`en_GB`), in a fixed
order, so a seed always builds the same authority (the sizes, and the figures behind them, are in
`sizes.py`). Dates are counted back from `today` (by default `timezone.localdate()`), so the same
seed built on another day has the same people, shifted in time, and always some work overdue.

The generator writes rows in bulk (`bulk_create`, 2,000 at a time, in one transaction) rather than
through the services: the services write one row at a time with their audit rows, which would
take hours at `la`. It keeps their rules: the deadlines come from `timescales.rules`, the search
columns hold the folded names and `name_key`s, identifiers pass their checks. Bulk inserts write no
`simple_history` rows, and the generator runs `ANALYZE` afterwards so the planner has statistics.
"""

import resource
import sys
import time as timer
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from opencsc.accounts.models import Team, User
from opencsc.demo import (
    assessments,
    casework,
    details,
    duplicates,
    exploitation,
    families,
    frontdoor,
    history,
    missing,
    notes,
    plans,
    privatefostering,
    protection,
    protection_signoff,
    staff,
    tray,
    warnings,
)
from opencsc.demo.build import Build, Summary
from opencsc.demo.frontdoor.notifications import save_notifications
from opencsc.demo.pathway.planning import plan_pathway
from opencsc.demo.pathway.saving import PathwaySaver
from opencsc.demo.sizes import SIZES
from opencsc.frontdoor.models import ContactChild, ContactDecision
from opencsc.missing.models import MissingEpisode
from opencsc.people.models import Person
from opencsc.protection.models import Section47Enquiry, StrategyDiscussion

# Each app's demo module saves its part of the planned pathway, in this order (a later table needs
# the keys of an earlier one; each draws from the build's random source). A new app adds its
# module beside these and its save function here.
PATHWAY_SAVERS: tuple[Callable[[PathwaySaver], None], ...] = (
    assessments.save_assessments,
    protection.save_strategies,
    protection.save_protection_plans,
    protection.save_conferences,
    plans.save_cin_plans,
    plans.save_visits,
    casework.save_transfers_and_closures,
    families.save_disabilities,
    casework.save_directions,
    notes.save_case_notes,
    tray.save_tray_items,
    protection.save_medicals,
    # Issue 13, part 4: the managers' sign-off of the discussions and enquiries saved above.
    protection_signoff.save_protective_decisions,
)


Result = TypeVar("Result")


class _Stages:
    """Runs the build's stages in order, saying when each starts and how long it took with the
    process's peak memory so far (the build of `large` must stay linear and under 2 GB), and keeping
    each stage's seconds in the summary (`Summary.stages`)."""

    def __init__(self, summary: Summary, say: Callable[[str], None]) -> None:
        self.summary = summary
        self.say = say
        self.number = 0

    def run(self, label: str, stage: Callable[..., Result], *arguments: Any) -> Result:
        self.number += 1
        self.say(f"[{self.number:>2}] {label} ...")
        started = timer.perf_counter()
        result = stage(*arguments)
        seconds = timer.perf_counter() - started
        self.summary.stages[label] = self.summary.stages.get(label, 0.0) + seconds
        self.say(f"[{self.number:>2}] {label}: {seconds:.1f} s, peak {peak_memory_mb():,.0f} MB")
        return result


def peak_memory_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports kilobytes, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def holds_data() -> bool:
    """Whether the database already holds people, teams or staff."""
    return Person.objects.exists() or Team.objects.exists() or User.objects.exists()


def _quiet(line: str) -> None:
    """Say nothing."""


def build_demo(
    *,
    size: str,
    seed: int,
    today: date | None = None,
    say: Callable[[str], None] = _quiet,
    progress: bool = False,
) -> Summary:
    """Build the synthetic local authority of `size` from `seed`, in one transaction.

    Without Django's debug query log even when `DEBUG` is on: it would keep the SQL of the last
    9,000 queries, each bulk insert's with its 2,000 rows' values written out (on SQLite quoted by
    a query of their own), hundreds of MB at `la` and several GB at `large`."""
    with override_settings(DEBUG=False):
        return _build(size=size, seed=seed, today=today, say=say, progress=progress)


def _area_seed(seed: int, area: int) -> int:
    """The seed of one area: the build's own for the first (so it is the size's single area)."""
    return seed if area == 1 else seed * 1_000 + area


def _add_up(total: Summary, area: Summary, *, first: bool) -> None:
    """Add an area's counts and stage times to the build's; the figures are the first area's."""
    for label, count in area.counts.items():
        total.counts[label] = total.counts.get(label, 0) + count
    for label, seconds in area.stages.items():
        total.stages[label] = total.stages.get(label, 0.0) + seconds
    if first:
        total.figures = dict(area.figures)


def _build_area(build: Build) -> None:
    """Build one area: the whole authority unless the size has several (`Size.areas`)."""
    stages = _Stages(build.summary, build.say)
    build.mark_floors(
        ContactChild, ContactDecision, StrategyDiscussion, Section47Enquiry, MissingEpisode
    )
    with transaction.atomic():
        stages.run("teams and agencies", staff.add_teams_and_agencies, build)
        stages.run("staff", staff.add_staff, build)
        stages.run("families (planned)", families.plan_families, build)
        stages.run("duplicates (planned)", duplicates.plan_duplicates, build)
        stages.run("cases (planned)", casework.plan_cases, build)
        front_door = stages.run("front door (planned)", frontdoor.plan_front_door, build)
        statutory_pathway = stages.run("pathway (planned)", plan_pathway, build, front_door)
        stages.run("people", families.save_people, build)
        stages.run("restrictions", casework.save_restrictions, build)
        stages.run("allocations", casework.save_allocations, build)
        stages.run("chronology", history.add_chronology, build)
        stages.run("due items", casework.add_due_items, build)
        stages.run("front door", frontdoor.save_front_door, build, front_door)
        saver = PathwaySaver(build, statutory_pathway)
        for save in PATHWAY_SAVERS:
            stages.run(save.__name__.removeprefix("save_").replace("_", " "), save, saver)
        stages.run("pathway due items and chronology", saver.finish)
        stages.run("notifications", save_notifications, build)
        stages.run("duplicate pairs", duplicates.save_pairs, build)
        stages.run("access log", history.add_access_log, build)
        stages.run("warnings", warnings.add_warnings, build)
        stages.run("details history", details.add_details_history, build)
        # Issue 14, part 7: last, from a random source of its own.
        stages.run("missing episodes", missing.add_missing_episodes, build)
        # Issue 14, part 7: after the missing stage, from a random source of its own.
        stages.run("private fostering", privatefostering.add_private_fostering, build)
        # Issue 14's exploitation work: after private fostering, from a random source of its own
        # (it reads the missing stage's episodes).
        stages.run("exploitation", exploitation.add_exploitation, build)


def _build(
    *, size: str, seed: int, today: date | None, say: Callable[[str], None], progress: bool
) -> Summary:
    if size not in SIZES:
        raise ValueError(f"Unknown demo size {size!r}: choose from {', '.join(SIZES)}.")
    if seed < 0:
        raise ValueError("The seed must be zero or a positive whole number.")
    started = timer.perf_counter()
    chosen = SIZES[size]
    day = today or timezone.localdate()
    summary = Summary()
    serials: tuple[int, int] | None = None
    with transaction.atomic():
        for area in range(1, chosen.areas + 1):
            if chosen.areas > 1:
                say(f"Area {area} of {chosen.areas}")
            build = Build(
                chosen,
                seed=_area_seed(seed, area),
                today=day,
                say=say,
                progress=progress,
                area=area,
            )
            if serials is not None:
                # NHS numbers and UPNs carry on from the area before, so none repeats.
                build.nhs_serial, build.upn_serial = serials
            _build_area(build)
            serials = (build.nhs_serial, build.upn_serial)
            _add_up(summary, build.summary, first=area == 1)
            # Let the area's planned rows go before the next is planned.
            del build
    stages = _Stages(summary, say)
    # Give the query planner statistics for the bulk-loaded tables now: PostgreSQL's autovacuum
    # would get round to it later, SQLite never does on its own, and without them SQLite searches
    # names through the merged_into index (every row) instead of the name indexes.
    with connection.cursor() as cursor:
        stages.run("ANALYZE", cursor.execute, "ANALYZE")
    summary.seconds = timer.perf_counter() - started
    return summary
