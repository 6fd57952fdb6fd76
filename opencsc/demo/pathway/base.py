"""The pathway planner's state and time, shared by each app's part of the plan."""

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from opencsc.accounts.models import Role, User
from opencsc.demo.build import Build, Case
from opencsc.demo.frontdoor import (
    FrontDoorPlan,
)
from opencsc.demo.pathway.records import (
    CHILD_PROTECTION,
    CHILDREN_IN_CARE,
    ONE_DAY,
    GroupPath,
    PathwayPlan,
)
from opencsc.timescales import calendar, rules


class PlannerBase:
    """What planning the pathway keeps as it goes, and its clock: due dates, working days, who
    holds each case when. Draws from the build's random source in order."""

    def __init__(self, build: Build, front_door: FrontDoorPlan) -> None:
        self.build = build
        self.front_door = front_door
        self.r = build.random
        self.today = build.today
        self.yesterday = build.today - ONE_DAY
        self.year_start = build.front_door_from
        self.zone = build.zone
        self.due_cache: dict[tuple[str, date], date] = {}
        self.managers: dict[int, User | None] = {}
        self.stand_ins: dict[int, User] = {}
        for teams in build.teams.values():
            for team in teams:
                members = build.members.get(team.pk, {})
                managers = members.get(Role.TEAM_MANAGER, [])
                self.managers[team.pk] = managers[0] if managers else None
                # Who does a case's work while it waits for a worker: the team's advanced
                # practitioner, else its first worker, else its manager.
                for role in (Role.ADVANCED_PRACTITIONER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER):
                    if members.get(role):
                        self.stand_ins[team.pk] = members[role][0]
                        break
        self.long_term_teams = {
            kind: build.teams.get(kind, []) for kind in (CHILD_PROTECTION, CHILDREN_IN_CARE)
        }
        self.plan = PathwayPlan()

    # Time

    def due(self, rule: rules.Rule, day: date) -> date:
        key = (rule.code, day)
        if key not in self.due_cache:
            self.due_cache[key] = rule.due_on(day)
        return self.due_cache[key]

    def working_on_or_before(self, day: date) -> date:
        return calendar.subtract_working_days(day, 0)

    def at(self, day: date) -> datetime:
        """A moment in working hours on `day`, in London."""
        minute = self.r.randint(9 * 60, 17 * 60 + 30)
        return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=self.zone)

    def weighted(self, weights: Mapping[Any, float]) -> Any:
        left = self.r.random() * sum(weights.values())
        for key, weight in weights.items():
            left -= weight
            if left < 0:
                return key
        return key

    def between(self, weights: Mapping[tuple[int, int], float]) -> int:
        low, high = self.weighted(weights)
        return self.r.randint(low, high)

    # Who

    def case_on(self, path: GroupPath, day: date) -> Case:
        """The case holding the group's episode on `day` (the first, before it started)."""
        holding = path.cases[0]
        for case in path.cases[1:]:
            if case.started_on <= day:
                holding = case
        return holding

    def worker_on(self, path: GroupPath, day: date) -> User:
        case = self.case_on(path, day)
        return case.worker or self.stand_ins[case.team.pk]

    def manager_on(self, path: GroupPath, day: date) -> User:
        team = self.case_on(path, day).team
        return self.managers[team.pk] or self.stand_ins[team.pk]

    # Planning
