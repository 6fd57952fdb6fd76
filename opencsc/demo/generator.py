"""Build a synthetic local authority: teams, staff, families, allocations, a year of front-door work
(contacts, checks, decisions, referrals), each episode's statutory pathway (assessments, strategy
discussions, section 47 enquiries, conferences, plans, visits, transfers, closures), a year of
missing episodes with their return home interviews (`missing.py`), a year of private fostering
arrangements (`privatefostering.py`), chronology, due items.

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

import time as timer
from collections.abc import Callable
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from opencsc.accounts.models import Team, User
from opencsc.demo import (
    assessments,
    casework,
    details,
    duplicates,
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
from opencsc.people.models import Person

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
    """Build the synthetic local authority of `size` from `seed`, in one transaction."""
    if size not in SIZES:
        raise ValueError(f"Unknown demo size {size!r}: choose from {', '.join(SIZES)}.")
    if seed < 0:
        raise ValueError("The seed must be zero or a positive whole number.")
    started = timer.perf_counter()
    build = Build(
        SIZES[size], seed=seed, today=today or timezone.localdate(), say=say, progress=progress
    )
    with transaction.atomic():
        staff.add_teams_and_agencies(build)
        staff.add_staff(build)
        planning = timer.perf_counter()
        families.plan_families(build)
        duplicates.plan_duplicates(build)
        build.planned("families (planned)", planning)
        planning = timer.perf_counter()
        casework.plan_cases(build)
        build.planned("cases (planned)", planning)
        front_door = frontdoor.plan_front_door(build)
        statutory_pathway = plan_pathway(build, front_door)
        families.save_people(build)
        casework.save_restrictions(build)
        casework.save_allocations(build)
        history.add_chronology(build)
        casework.add_due_items(build)
        frontdoor.save_front_door(build, front_door)
        saver = PathwaySaver(build, statutory_pathway)
        for save in PATHWAY_SAVERS:
            save(saver)
        saver.finish()
        save_notifications(build)
        duplicates.save_pairs(build)
        history.add_access_log(build)
        warnings.add_warnings(build)
        details.add_details_history(build)
        # Issue 14, part 7: last, from a random source of its own.
        missing.add_missing_episodes(build)
        # Issue 14, part 7: after the missing stage, from a random source of its own.
        privatefostering.add_private_fostering(build)
    # Give the query planner statistics for the bulk-loaded tables now: PostgreSQL's autovacuum
    # would get round to it later, SQLite never does on its own, and without them SQLite searches
    # names through the merged_into index (every row) instead of the name indexes.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    build.summary.seconds = timer.perf_counter() - started
    return build.summary
