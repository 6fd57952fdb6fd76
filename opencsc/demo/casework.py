"""The demo's casework: who holds each child's case and the deadlines open on it, and each
episode's transfers between teams, closure and the manager's direction (`CaseworkPlanner` plans
those, as its part of the pathway's planner)."""

import time as timer
from collections import deque
from datetime import date, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from opencsc.accounts.models import Role, Team, User
from opencsc.casework import entries as casework_entries
from opencsc.casework.models import Allocation, Closure, DirectionAction, TeamTransfer
from opencsc.demo import vocabulary as words
from opencsc.demo.build import Build, Case, birthday
from opencsc.demo.frontdoor import (
    LONG_TERM,
    Episode,
)
from opencsc.demo.pathway.base import PlannerBase
from opencsc.demo.pathway.records import (
    ASSESSMENT_TEAM,
    CHILDREN_IN_CARE,
    ONE_DAY,
    PRONOUNS,
    GroupPath,
    PlannedClosure,
    PlannedTeamTransfer,
)
from opencsc.demo.pathway.saving import PathwaySaver
from opencsc.people.models import Person
from opencsc.timescales import calendar, rules
from opencsc.timescales import services as timescales
from opencsc.timescales.models import DueItem

# Days before `today` an open case started, by the kind of team holding it.
CASE_AGE_DAYS: dict[str, tuple[int, int]] = {
    Team.Kind.EARLY_HELP: (1, 270),
    Team.Kind.ASSESSMENT: (0, 70),
    Team.Kind.CHILD_PROTECTION: (30, 720),
    Team.Kind.CHILDREN_IN_CARE: (60, 1800),
    Team.Kind.CARE_LEAVERS: (30, 700),
    Team.Kind.DISABLED_CHILDREN: (60, 1500),
}
# Open due items a case has, by the kind of team holding it, and how many days before today the
# period started (a visit or review was last done): some fall due today or are already overdue.
# Child protection and child in need plans have theirs from the pathway (`pathway/`).
DUE_RULES: dict[str, tuple[tuple[rules.Rule, tuple[int, int]], ...]] = {
    Team.Kind.CHILDREN_IN_CARE: (
        (rules.LAC_VISIT_AFTER_FIRST_YEAR, (0, 46)),
        (rules.LAC_LATER_REVIEW, (0, 185)),
    ),
    Team.Kind.CARE_LEAVERS: ((rules.PATHWAY_PLAN_REVIEW, (0, 190)), (rules.PA_VISIT, (0, 64))),
}


def plan_cases(build: Build) -> None:
    """Give each case-holding worker 12 to 15 children, and each team a few without a worker."""
    queue = deque(build.families)
    build.random.shuffle(queue)
    allocated: set[int] = set()
    leavers = [
        child
        for family in build.families
        for child in family.children
        if child.date_of_birth is not None
        and 16 <= (build.today - child.date_of_birth).days // 365 <= 17
    ]
    build.random.shuffle(leavers)
    low, high = build.size.caseload

    def next_cases(kind: str) -> list[Person]:
        if kind == Team.Kind.CARE_LEAVERS:
            while leavers:
                child = leavers.pop()
                if id(child) not in allocated:
                    return [child]
            return []
        while queue:
            family = queue.popleft()
            children = [child for child in family.children if id(child) not in allocated]
            if kind in {Team.Kind.CHILDREN_IN_CARE, Team.Kind.DISABLED_CHILDREN}:
                children = [child for child in children if child.kind == Person.Kind.CHILD]
            if kind == Team.Kind.DISABLED_CHILDREN and children:
                children = [build.random.choice(children)]
            if children:
                return children
        return []

    def start_for(kind: str, children: list[Person]) -> date:
        started = build.days_ago(*CASE_AGE_DAYS[kind])
        for child in children:
            if child.date_of_birth is None:
                continue
            if kind == Team.Kind.CARE_LEAVERS:
                started = max(started, birthday(child.date_of_birth, 16))
            started = max(started, child.date_of_birth + timedelta(days=1))
        return min(started, build.today)

    def allocate(team: Team, worker: User | None, children: list[Person]) -> None:
        started = start_for(team.kind, children)
        for child in children:
            allocated.add(id(child))
            build.cases.append(Case(child, team, worker, started))

    # Care leavers' teams go first: they need the 16 and 17 year olds.
    kinds = sorted(CASE_AGE_DAYS, key=lambda kind: kind != Team.Kind.CARE_LEAVERS)
    for kind in kinds:
        for team in build.teams.get(kind, []):
            members = build.members.get(team.pk, {})
            holders = [
                *members.get(Role.SOCIAL_WORKER, []),
                *members.get(Role.ADVANCED_PRACTITIONER, []),
            ]
            for worker in holders:
                target, load = build.random.randint(low, high), 0
                while load < target:
                    # A family larger than the room left keeps its other children unallocated.
                    children = next_cases(kind)[: high - load]
                    if not children:
                        break
                    allocate(team, worker, children)
                    load += len(children)
            for _ in range(build.random.randint(*build.size.awaiting_worker_per_team)):
                children = next_cases(kind)
                if children:
                    allocate(team, None, children)

    # Earlier, closed cases: assessments that came to nothing, and the assessment before a
    # transfer to a long-term team.
    assessment_teams = build.teams[Team.Kind.ASSESSMENT]

    def closed_case(child: Person, started: date, ended: date) -> Case:
        team = build.random.choice(assessment_teams)
        workers = build.members.get(team.pk, {}).get(Role.SOCIAL_WORKER, [])
        worker = build.random.choice(workers) if workers else None
        return Case(child, team, worker, started, ended)

    for case in list(build.cases):
        born = case.child.date_of_birth
        if case.team.kind == Team.Kind.ASSESSMENT or born is None:
            continue
        if build.random.random() < 0.6:
            ended = case.started_on - timedelta(days=1)
            started = ended - timedelta(days=build.random.randint(20, 63))
            if started > born:
                build.cases.append(closed_case(case.child, started, ended))
    for family in build.families:
        for child in family.children:
            born = child.date_of_birth
            if id(child) in allocated or born is None:
                continue
            if build.random.random() < build.size.closed_case_share:
                started = build.days_ago(90, 1800)
                ended = started + timedelta(days=build.random.randint(20, 200))
                if started > born and ended < build.today:
                    build.cases.append(closed_case(child, started, ended))
    # Restrict a few records (at least one) to the staff who hold them.
    held = [case for case in build.cases if case.ended_on is None and case.worker is not None]
    for case in held:
        if build.random.random() < 0.005:
            case.child.is_restricted = True
    if held and not any(case.child.is_restricted for case in held):
        build.random.choice(held).child.is_restricted = True


def save_restrictions(build: Build) -> None:
    """Name the allocated worker and their team manager on each restricted record."""
    through = Person.named_staff.through
    rows = []
    for case in build.cases:
        if not case.child.is_restricted or case.ended_on is not None:
            continue
        named = [case.worker, *build.members.get(case.team.pk, {}).get(Role.TEAM_MANAGER, [])]
        for user in named:
            if user is not None:
                rows.append(through(person_id=case.child.pk, user_id=user.pk))
    build.save("restricted-record staff", through, rows)


def save_allocations(build: Build) -> None:
    """Open and closed allocations, each manager-approved."""
    rows = []
    for case in build.cases:
        managers = build.members.get(case.team.pk, {}).get(Role.TEAM_MANAGER, [])
        rows.append(
            Allocation(
                child=case.child,
                team=case.team,
                worker=case.worker,
                started_on=case.started_on,
                ended_on=case.ended_on,
                allocated_by=managers[0] if managers else None,
                direction=case.direction,
            )
        )
    saved = build.save("allocations", Allocation, rows)
    for case, allocation in zip(build.cases, saved, strict=True):
        build.allocations.setdefault(allocation.child.pk, []).append(allocation)
        build.allocation_of[id(case)] = allocation


def add_due_items(build: Build) -> None:
    """Open due items for open cases held by children in care and care leavers' teams: visits and
    reviews (an open episode's are the pathway's)."""
    allocation_type = ContentType.objects.get_for_model(Allocation)
    rows: list[DueItem] = []
    for allocations in build.allocations.values():
        for allocation in allocations:
            if allocation.ended_on is not None:
                continue
            kind = allocation.team.kind
            due: list[tuple[rules.Rule, date]] = []
            for rule, (low, high) in DUE_RULES.get(kind, ()):
                due.append((rule, max(allocation.started_on, build.days_ago(low, high))))
            for rule, start in due:
                rows.append(
                    timescales.due_item_row(
                        rule,
                        child_id=allocation.child_id,
                        record_type_id=allocation_type.pk,
                        record_id=allocation.pk,
                        start=start,
                        opened_at=build.moment(start),
                        owner_id=allocation.worker_id,
                        team_id=allocation.team_id,
                    )
                )
    build.save_through("due items", timescales.save_due_items, rows)


def save_transfers_and_closures(saver: PathwaySaver) -> None:
    """Moves between teams (accepted, or waiting for the long-term team), and closures."""
    transfers: list[tuple[Any, ...]] = []
    closures: list[tuple[Any, ...]] = []
    transfer_planned: list[tuple[GroupPath, Episode]] = []
    closure_planned: list[tuple[GroupPath, Episode]] = []
    for path in saver.plan.paths:
        transfer = path.transfer
        for episode in path.episodes:
            if transfer is not None:
                waited = None
                if transfer.answered_on is not None:
                    waited = max(
                        0,
                        calendar.working_days_between(transfer.completed_on, transfer.answered_on),
                    )
                transfer_planned.append((path, episode))
                transfers.append(
                    (
                        episode.child.pk,
                        saver.referral_key(episode),
                        transfer.from_team.pk,
                        transfer.to_team.pk,
                        transfer.reason,
                        transfer.completed_on,
                        TeamTransfer.Status.AUTHORISED
                        if transfer.answered_on
                        else TeamTransfer.Status.PROPOSED,
                        saver.midday(transfer.requested_on),
                        transfer.requested_by.pk,
                        saver.midday(transfer.answered_on),
                        transfer.answered_by.pk if transfer.answered_by else None,
                        words.TRANSFER_ACCEPTED if transfer.answered_on else "",
                        waited,
                    )
                )
            closure = path.closure
            if closure is not None:
                closure_planned.append((path, episode))
                closures.append(
                    (
                        saver.referral_key(episode),
                        closure.closed_on,
                        closure.reason,
                        closure.summary,
                        "",
                        closure.status,
                        closure.proposed_by.pk,
                        closure.proposed_at,
                        closure.reviewed_by.pk if closure.reviewed_by else None,
                        closure.reviewed_at,
                        "",
                    )
                )
    keys = saver.build.insert(
        "team transfers",
        TeamTransfer,
        (
            "child_id",
            "referral_id",
            "from_team_id",
            "to_team_id",
            "reason",
            "assessment_completed_on",
            "status",
            "proposed_at",
            "proposed_by_id",
            "reviewed_at",
            "reviewed_by_id",
            "manager_comment",
            "working_days_waited",
        ),
        transfers,
        keys=True,
    )
    for (path, episode), key, row in zip(transfer_planned, keys, transfers, strict=True):
        transfer = path.transfer
        assert transfer is not None  # noqa: S101
        saver.child_keys[(id(transfer), episode.child.pk)] = key
        saver.entry(
            casework_entries.transfer_requested(
                episode.child,
                transfer_id=key,
                from_team=transfer.from_team,
                to_team=transfer.to_team,
                on=transfer.requested_on,
                by=transfer.requested_by,
            )
        )
        if transfer.answered_on is not None and transfer.answered_by is not None:
            saver.entry(
                casework_entries.transfer_accepted(
                    episode.child,
                    transfer_id=key,
                    from_team=transfer.from_team,
                    to_team=transfer.to_team,
                    working_days_waited=row[-1],
                    on=transfer.answered_on,
                    by=transfer.answered_by,
                )
            )
    keys = saver.build.insert(
        "closures",
        Closure,
        (
            "referral_id",
            "closed_on",
            "reason",
            "summary",
            "open_items_note",
            "status",
            "proposed_by_id",
            "proposed_at",
            "reviewed_by_id",
            "reviewed_at",
            "manager_comment",
        ),
        closures,
        keys=True,
    )
    for (path, episode), key in zip(closure_planned, keys, strict=True):
        closure = path.closure
        assert closure is not None  # noqa: S101
        authorised = closure.status == Closure.Status.AUTHORISED
        if authorised and not episode.nfa and closure.reviewed_by is not None:
            saver.entry(
                casework_entries.episode_closed(
                    episode.child,
                    closure_id=key,
                    reason=saver.reasons[closure.reason],
                    on=closure.closed_on,
                    by=closure.reviewed_by,
                )
            )


# Directed actions on each current case: how many a manager gives (1 to 3, as the allocation
# page asks for at least one written for the child), and how those past their date ended: most
# done with a note, a few withdrawn with a reason, the rest still open and overdue (about one
# action in ten of all, the share the manager's alerts then show). See docs/demo.md.
ACTIONS_PER_CASE = (1, 3)
PAST_DUE_DONE, PAST_DUE_WITHDRAWN = 0.78, 0.08
DONE_EARLY = 0.2


def _action_end(
    saver: PathwaySaver, *, started_on: date, due_on: date, today: date
) -> tuple[str, date | None]:
    """How a directed action stands today: ("done" | "withdrawn" | "open", the day it ended)."""
    draw = saver.r.random()
    if due_on < today:
        if draw < PAST_DUE_DONE:
            ended = min(today - ONE_DAY, due_on - timedelta(days=saver.r.randint(0, 3)))
            return "done", max(ended, started_on)
        if draw < PAST_DUE_DONE + PAST_DUE_WITHDRAWN:
            return "withdrawn", max(min(due_on, today - ONE_DAY), started_on)
        return "open", None
    if draw < DONE_EARLY and started_on < today:
        return "done", max(started_on, today - timedelta(days=saver.r.randint(1, 3)))
    return "open", None


def save_directions(saver: PathwaySaver) -> None:
    """Each case of an episode works that episode; each current one has the manager's
    direction in 1 to 3 actions, with who and by when, each with its due item (owned by the
    assignee, on the date the manager set): done with what was done, withdrawn with why, or
    still open (some overdue)."""
    build = saver.build
    links: list[tuple[int, int]] = []
    actions: list[tuple[Any, ...]] = []
    directed: list[tuple[Allocation, int, date, str, date | None, int]] = []
    for path in saver.plan.paths:
        for episode in path.episodes:
            for case in episode.cases:
                allocation = build.allocation_of[id(case)]
                links.append((saver.referral_key(episode), allocation.pk))
                if allocation.ended_on is not None:
                    continue
                assignee = case.worker or saver.worker(path, build.today)
                child = episode.child
                names = {
                    "name": child.first_name or "the baby",
                    **dict(
                        zip(
                            ("they", "them", "their"),
                            PRONOUNS.get(child.sex, ("they", "them", "their")),
                            strict=True,
                        )
                    ),
                }
                manager_id = allocation.allocated_by_id or assignee.pk
                for template in saver.r.sample(
                    words.DIRECTION_ACTIONS, saver.r.randint(*ACTIONS_PER_CASE)
                ):
                    text = template.format(**names)
                    due_on = allocation.started_on + timedelta(days=saver.r.randint(5, 20))
                    end, ended_on = _action_end(
                        saver, started_on=allocation.started_on, due_on=due_on, today=build.today
                    )
                    done = end == "done"
                    withdrawn = end == "withdrawn"
                    actions.append(
                        (
                            allocation.pk,
                            text,
                            assignee.pk,
                            due_on,
                            allocation.allocated_by_id,
                            ended_on if done else None,
                            assignee.pk if done else None,
                            saver.r.choice(words.DONE_NOTES) if done else "",
                            ended_on if withdrawn else None,
                            manager_id if withdrawn else None,
                            saver.r.choice(words.WITHDRAWN_REASONS) if withdrawn else "",
                        )
                    )
                    directed.append((allocation, assignee.pk, due_on, end, ended_on, manager_id))
    started = timer.perf_counter()
    table = connection.ops.quote_name(Allocation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET referral_id = %s WHERE id = %s",  # noqa: S608
            links,
        )
    seconds = timer.perf_counter() - started
    build.say(f"  {'allocations (episodes)':<24} {len(links):>7,} rows  {seconds:5.1f} s")
    keys = build.insert(
        "direction actions",
        DirectionAction,
        (
            "allocation_id",
            "action",
            "assignee_id",
            "due_on",
            "directed_by_id",
            "done_on",
            "done_by_id",
            "done_note",
            "withdrawn_on",
            "withdrawn_by_id",
            "withdrawn_reason",
        ),
        actions,
        keys=True,
    )
    _save_direction_due_items(build, directed, keys)


def _save_direction_due_items(
    build: Build,
    directed: list[tuple[Allocation, int, date, str, date | None, int]],
    keys: list[int],
) -> None:
    """The due item of each directed action still open, as `casework.services.directions.direct`
    opens it: owned by the assignee on the holding team, the manager's date agreed (`agree_due_date`
    sets the same fields). Like the rest of the demo, only open due items are made."""
    action_type = ContentType.objects.get_for_model(DirectionAction)
    rows: list[DueItem] = []
    for (allocation, assignee_id, due_on, end, _ended_on, manager_id), key in zip(
        directed, keys, strict=True
    ):
        if end != "open":
            continue
        opened_at = build.moment(allocation.started_on)
        item = timescales.due_item_row(
            rules.DIRECTED_ACTION,
            child_id=allocation.child_id,
            record_type_id=action_type.pk,
            record_id=key,
            start=allocation.started_on,
            opened_at=opened_at,
            owner_id=assignee_id,
            team_id=allocation.team_id,
        )
        item.due_on, item.agreed_by_id, item.agreed_at = due_on, manager_id, opened_at
        rows.append(item)
    build.save_through("directed action due items", timescales.save_due_items, rows)


class CaseworkPlanner(PlannerBase):
    """Plans transfers between teams, closures, and the manager's direction on each case."""

    def transfer(self, path: GroupPath) -> None:
        """The move from the assessment team to the long-term team, accepted the day it took the
        case, waiting the working days since the assessment was authorised."""
        if len(path.cases) < 2 or not path.assessments:
            return
        before, after = path.cases
        completed = path.assessments[0].authorised_on or before.ended_on or after.started_on
        accepted = after.started_on
        requested = min(calendar.add_working_days(completed, self.r.randint(0, 1)), accepted)
        if after.team.kind == CHILDREN_IN_CARE:
            reason = words.TRANSFER_REASONS["looked_after"]
        elif any(plan.started_on < accepted for plan in path.protection_plans):
            reason = words.TRANSFER_REASONS["protection"]
        else:
            reason = words.TRANSFER_REASONS["cin_plan"]
        path.transfer = PlannedTeamTransfer(
            from_team=before.team,
            to_team=after.team,
            reason=reason,
            completed_on=completed,
            requested_on=requested,
            requested_by=self.managers[before.team.pk] or self.stand_ins[before.team.pk],
            answered_on=accepted,
            answered_by=self.managers[after.team.pk] or self.stand_ins[after.team.pk],
        )

    def closure(
        self,
        path: GroupPath,
        day: date,
        reason: str,
        *,
        nfa: bool = False,
        proposed_only: bool = False,
    ) -> PlannedClosure:
        if nfa:
            mash = self.build.teams[Team.Kind.MASH][0]
            members = self.build.members.get(mash.pk, {})
            proposer = self.r.choice(members.get(Role.MASH_PRACTITIONER) or self.build.mash_staff)
            manager = path.episodes[0].created_by
            summary = words.NFA_CLOSURE_SUMMARY
        else:
            proposer, manager = self.worker_on(path, day), self.manager_on(path, day)
            summary = words.CLOSURE_SUMMARIES[reason]
        proposed = max(
            path.episodes[0].referred_on, calendar.subtract_working_days(day, self.r.randint(0, 2))
        )
        if proposed > day:
            proposed = day
        closure = PlannedClosure(
            closed_on=day,
            reason=reason,
            summary=summary,
            status=Closure.Status.PROPOSED if proposed_only else Closure.Status.AUTHORISED,
            proposed_by=proposer,
            proposed_at=self.at(proposed if not proposed_only else day),
        )
        if not proposed_only:
            closure.reviewed_by = manager
            closure.reviewed_at = max(closure.proposed_at, self.at(day))
        return closure

    # Each child's own part

    def plan_direction(self) -> None:
        """The manager's direction on each case of an episode."""
        for path in self.plan.paths:
            for episode in path.episodes:
                for case in episode.cases:
                    if case.team.kind == ASSESSMENT_TEAM:
                        key = "assessment"
                    elif case.team.kind == CHILDREN_IN_CARE:
                        key = "looked_after"
                    elif any(plan.ended_on is None for plan in path.protection_plans):
                        key = "child_protection"
                    elif case.team.kind in LONG_TERM:
                        key = "cin"
                    else:
                        key = "other"
                    pronoun = PRONOUNS.get(episode.child.sex, ("they", "them", "their"))[1]
                    case.direction = words.DIRECTION[key].format(
                        name=episode.child.first_name or "the baby", them=pronoun
                    )
