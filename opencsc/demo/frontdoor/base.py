"""The front-door planner's state and time: working hours, due dates and who is busy when."""

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from opencsc.accounts.models import Role, Team, User
from opencsc.core.codes import cin_code_list
from opencsc.demo import vocabulary as words
from opencsc.demo.build import Build
from opencsc.demo.frontdoor.records import (
    ADVICE,
    CUT_OFF,
    DAY_END,
    DAY_START,
    EARLY_HELP,
    LAST_CALL,
    NEVER,
    NFA,
    ONE_DAY,
    SECTION_17,
    SECTION_17_NEEDS,
    SECTION_47,
    SECTION_47_NEEDS,
    FrontDoorPlan,
)
from opencsc.frontdoor.codes import (
    Outcome,
    threshold_levels,
)
from opencsc.people.models import Person
from opencsc.timescales import calendar, rules


class PlannerBase:
    """What planning the front door keeps as it goes, and its clock: working hours, due dates,
    when each child is busy. Draws from the build's random source in order."""

    def __init__(self, build: Build) -> None:
        self.build = build
        self.r = build.random
        self.today = build.today
        self.zone = build.zone
        self.start = build.front_door_from
        self.cap = datetime.combine(self.today, CUT_OFF, tzinfo=self.zone)
        self.mash = build.teams[Team.Kind.MASH][0]
        members = build.members.get(self.mash.pk, {})
        self.practitioners = members.get(Role.MASH_PRACTITIONER) or build.mash_staff
        self.managers = members.get(Role.TEAM_MANAGER) or self.practitioners
        self.early_help = build.teams[Team.Kind.EARLY_HELP]
        self.assessment = build.teams[Team.Kind.ASSESSMENT]
        self.agencies = {agency.name: agency for agency in build.agencies}
        self.police = self.agencies[words.POLICE]
        self.referrers = [(build.fake.first_name(), build.fake.last_name()) for _ in range(300)]
        self.sources = cin_code_list("referral_source")
        self.levels = [code for code, _ in threshold_levels()]
        self.due_cache: dict[tuple[str, date], date] = {}
        self.family_of = {
            id(child): family for family in build.families for child in family.children
        }
        self.children = [child for family in build.families for child in family.children]
        # What each child is busy with, by id(child): (from, to, what) for cases and referrals.
        self.busy_with: dict[int, list[tuple[date, date, str]]] = {}
        self.plan = FrontDoorPlan()
        self.groups = 0
        # Closed referrals, for picking re-referrals: the earlier ones sorted once, then the
        # year's own in the order they are made (also by date).
        self.past: list[tuple[date, date, Person]] = []
        self.past_keys: list[date] = []
        self.recent: list[tuple[date, date, Person]] = []
        self.recent_keys: list[date] = []

    # Time

    def due(self, rule: rules.Rule, day: date) -> date:
        key = (rule.code, day)
        if key not in self.due_cache:
            self.due_cache[key] = rule.due_on(day)
        return self.due_cache[key]

    def at(self, day: date, low: time, high: time) -> datetime:
        """A random moment between `low` and `high` on `day`, in London."""
        minute = self.r.randint(low.hour * 60 + low.minute, high.hour * 60 + high.minute)
        return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=self.zone)

    def working(self, moment: datetime, until: time = DAY_END) -> datetime:
        """`moment` if it is in working hours (to `until`, later for red contacts), else soon after
        the start of the next working day."""
        day = moment.date()
        if calendar.is_working_day(day):
            if moment.time() < DAY_START:
                return self.at(day, DAY_START, time(9, 15))
            if moment.time() <= until:
                return moment
        return self.at(calendar.add_working_days(day + ONE_DAY, 0), DAY_START, time(9, 30))

    def later(self, moment: datetime, low: int, high: int, until: time = DAY_END) -> datetime:
        """Between `low` and `high` minutes after `moment`, moved into working hours."""
        return self.working(moment + timedelta(minutes=self.r.randint(low, high)), until)

    def received(self, day: date, source: str) -> datetime:
        """When a contact arrived on `day`: mostly in office hours; police at any hour; today only
        before the cut-off."""
        if day >= self.today:
            return self.at(self.today, time(0, 5), time(7, 15))
        out_of_hours = 0.45 if source == "6" else 0.12
        if calendar.is_working_day(day) and self.r.random() >= out_of_hours:
            return self.at(day, DAY_START, LAST_CALL)
        return self.at(day, time(0, 0), time(23, 59))

    # Who is busy with what

    def occupy(self, child: Person, first: date, last: date | None, what: str) -> None:
        self.busy_with.setdefault(id(child), []).append((first, last or NEVER, what))

    def busy(self, child: Person, day: date) -> str:
        """The team holding the child's case on `day`, "referral" for an open referral, or ""."""
        found = ""
        for first, last, what in self.busy_with.get(id(child), ()):
            if first <= day <= last:
                if what != "referral":
                    return what
                found = what
        return found

    def free(self, child: Person, first: date, last: date) -> bool:
        """Whether the child has no case or referral open at any time from `first` to `last`."""
        return all(
            last < start or first > end for start, end, _ in self.busy_with.get(id(child), ())
        )

    # Drawing

    def weighted(self, weights: Mapping[Any, float]) -> Any:
        """One key of `weights`, drawn in proportion to its weight."""
        left = self.r.random() * sum(weights.values())
        for key, weight in weights.items():
            left -= weight
            if left < 0:
                return key
        return key

    def need(self, outcome: str, team: Team | None = None) -> str:
        if team is not None and team.kind == Team.Kind.DISABLED_CHILDREN:
            return "N2"
        return self.weighted(SECTION_47_NEEDS if outcome == SECTION_47 else SECTION_17_NEEDS)

    def threshold(self, outcome: str) -> str:
        index = {NFA: 0, ADVICE: 0, EARLY_HELP: 1, SECTION_17: 2, SECTION_47: 3}[Outcome(outcome)]
        return self.levels[min(index, len(self.levels) - 1)]

    def manager(self) -> User:
        return self.r.choice(self.managers)

    def age_text(self, child: Person, day: date) -> tuple[str, int]:
        born = child.date_of_birth
        if born is None or born > day:
            return "unborn", -1
        years = (day - born).days // 365
        if years >= 1:
            return str(years), years
        months = (day - born).days // 30
        return (f"{months} months" if months else "newborn"), 0

    # Planning
