"""Planning a year of front-door work in memory, drawing from the build's random source in order."""

import time as timer
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from opencsc.accounts.models import Agency, Role, Team, User
from opencsc.casework.models import Transfer
from opencsc.core.codes import cin_code_list
from opencsc.demo import vocabulary as words
from opencsc.demo.build import Build, Case
from opencsc.demo.frontdoor.records import (
    ADVICE,
    AMBER,
    ASSESSMENT_DAYS,
    CHECK_COUNTS,
    CONSENT_WEIGHTS,
    CUT_OFF,
    DAY_END,
    DAY_START,
    DECISION_DAYS,
    DECISION_RULES,
    DISCLOSURE_SHARE,
    EARLY_HELP,
    GREEN,
    LAST_CALL,
    LATE_CHECK_SHARE,
    LONG_TERM,
    MANAGERS_UNTIL,
    MEETING_AT,
    MIN_STATUTORY_SHARE,
    NEVER,
    NFA,
    ONE_DAY,
    OTHER_OUTCOMES,
    POLICE_CONSENT_WEIGHTS,
    QUICK_DECISION_DAYS,
    RATING_WEIGHTS,
    RE_RATED_FROM,
    RE_RATED_SHARE,
    RE_REFERRAL_PICK,
    RED,
    RED_UNTIL,
    REFERRAL_NFA_SHARE,
    REFUSED_OVERRIDDEN_SHARE,
    RETURNED_AS,
    RETURNED_SHARE,
    SECTION_17,
    SECTION_17_NEEDS,
    SECTION_47,
    SECTION_47_BY_TEAM,
    SECTION_47_NEEDS,
    SECTION_47_SHARE,
    STALLS,
    STATUTORY_BY_RATING,
    STEP_UP_SHARE,
    TRIAGE_MINUTES,
    Anchor,
    Check,
    CheckRow,
    DecisionRow,
    Episode,
    FrontDoorPlan,
    Link,
    MeetingRow,
    Planned,
    RatingRow,
    Timeline,
)
from opencsc.frontdoor.codes import (
    PHYSICAL_OR_SEXUAL,
    RATING_ORDER,
    STATUTORY_OUTCOMES,
    Consent,
    Outcome,
    Rating,
    threshold_levels,
)
from opencsc.frontdoor.models import (
    AgencyCheck,
    Contact,
    ContactDecision,
)
from opencsc.people.models import Person
from opencsc.timescales import calendar, rules


class _Planner:
    """Plans the year of front-door work, drawing from the build's random source in order."""

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

    def run(self) -> FrontDoorPlan:
        anchors = self.anchors()
        first_contact = self.plan_anchored(anchors)
        self.plan_record_dates(first_contact)
        self.plan_other_contacts(first_contact)
        self.plan_referrals()
        return self.plan

    def anchors(self) -> list[Anchor]:
        """The cases that opened an episode of need or early help, grouped by family and start."""
        by_child: dict[int, list[Case]] = {}
        for case in self.build.cases:
            by_child.setdefault(id(case.child), []).append(case)
        groups: dict[tuple[Any, ...], Anchor] = {}
        for cases in by_child.values():
            cases.sort(key=lambda case: case.started_on)
            index = 0
            while index < len(cases):
                case = cases[index]
                after = cases[index + 1] if index + 1 < len(cases) else None
                index += 1
                kind = case.team.kind
                end = case.ended_on
                follow = None
                if (
                    kind == Team.Kind.ASSESSMENT
                    and end is not None
                    and after is not None
                    and after.started_on == end + ONE_DAY
                ):
                    # An assessment, then a long-term team (the episode goes on) or early help
                    # or leaving care (the episode closed when the assessment did).
                    follow = after
                    index += 1
                    if after.team.kind in LONG_TERM:
                        end = after.ended_on
                    outcome = self.statutory_for(after.team)
                elif kind == Team.Kind.ASSESSMENT or kind in LONG_TERM:
                    outcome = self.statutory_for(case.team)
                elif kind == Team.Kind.EARLY_HELP:
                    outcome = EARLY_HELP
                else:
                    continue
                family = self.family_of[id(case.child)]
                key: tuple[Any, ...] = (id(case),)
                if follow is None:
                    key = (id(family), case.team.pk, case.started_on, id(case.worker), end)
                anchor = groups.get(key)
                if anchor is None:
                    anchor = groups[key] = Anchor([], outcome, end)
                anchor.cases.append(case)
                if follow is not None:
                    anchor.follow.append(follow)
        return list(groups.values())

    def next_group(self) -> int:
        self.groups += 1
        return self.groups

    def statutory_for(self, team: Team) -> str:
        share = SECTION_47_BY_TEAM.get(str(team.kind), 0.18)
        return SECTION_47 if self.r.random() < share else SECTION_17

    def plan_anchored(self, anchors: list[Anchor]) -> dict[int, date]:
        """Contacts for the cases that started within the year; referrals for earlier episodes."""
        first_contact: dict[int, date] = {}
        for anchor in anchors:
            lead = anchor.cases[0]
            children = [case.child for case in anchor.cases]
            if lead.started_on < self.start + timedelta(days=7):
                self.plan_earlier(anchor, children)
                continue
            planned = self.plan_anchored_contact(anchor, children)
            received = planned.contact.received_at.date()
            for child in children:
                first_contact.setdefault(id(child), received)
                first_contact[id(child)] = min(first_contact[id(child)], received)
        # What each child is busy with: their cases, then their referrals.
        for case in self.build.cases:
            self.occupy(case.child, case.started_on, case.ended_on, case.team.name)
        for episode in self.plan.episodes:
            self.occupy(episode.child, episode.referred_on, episode.closed_on, "referral")
            if episode.closed_on is not None:
                self.past.append((episode.referred_on, episode.closed_on, episode.child))
        self.past.sort(key=lambda item: item[0])
        self.past_keys = [item[0] for item in self.past]
        return first_contact

    def plan_earlier(self, anchor: Anchor, children: list[Person]) -> None:
        """Referrals for episodes that started before the year (no contact in the demo)."""
        lead = anchor.cases[0]
        if anchor.outcome != EARLY_HELP:
            team = anchor.follow[0].team if anchor.follow else lead.team
            source = self.weighted(words.REFERRAL_SOURCE_WEIGHTS)
            group = self.next_group()
            for index, case in enumerate(anchor.cases):
                self.plan.episodes.append(
                    Episode(
                        child=case.child,
                        referred_on=case.started_on,
                        closed_on=anchor.end,
                        source=source,
                        primary_need=self.need(anchor.outcome, team),
                        created_by=self.manager(),
                        section_47=anchor.outcome == SECTION_47,
                        cases=_episode_cases(anchor, index),
                        group=group,
                    )
                )
        self.step_down_after_assessment(anchor)

    def step_down_after_assessment(self, anchor: Anchor) -> None:
        for before, after in zip(anchor.cases, anchor.follow, strict=False):
            if after.team.kind != Team.Kind.EARLY_HELP:
                continue
            managers = self.build.members.get(before.team.pk, {}).get(Role.TEAM_MANAGER, [])
            self.plan.transfers.append(
                Transfer(
                    child=after.child,
                    kind=Transfer.Kind.STEP_DOWN,
                    from_team=before.team,
                    to_team=after.team,
                    transferred_on=after.started_on,
                    reason=words.STEP_DOWN_AFTER_ASSESSMENT,
                    recorded_by=managers[0] if managers else self.manager(),
                )
            )

    def plan_anchored_contact(self, anchor: Anchor, children: list[Person]) -> Planned:
        """The contact decided by the day the cases started, moving their start if need be."""
        lead = anchor.cases[0]
        outcome = anchor.outcome
        born = max((c.date_of_birth for c in children if c.date_of_birth), default=None)
        if outcome == SECTION_47:
            rating = self.weighted({RED: 70, AMBER: 30})
        elif outcome == SECTION_17:
            rating = self.weighted({RED: 15, AMBER: 60, GREEN: 25})
        else:
            rating = self.weighted({AMBER: 45, GREEN: 55})
        step_up = outcome != EARLY_HELP and self.r.random() < STEP_UP_SHARE
        source = "5D" if step_up else self.weighted(words.REFERRAL_SOURCE_WEIGHTS)
        for attempt in range(12):
            back = self.r.choice((0, 0, 1, 1, 1, 2, 3, 4)) + 2 * attempt
            day = lead.started_on - timedelta(days=back)
            if born is not None and attempt < 6:
                day = max(day, born)  # then a pre-birth contact, for a baby born just before
            draft = self.draft(day, source, children, rating=rating)
            timeline = self.timeline(draft, rating, quick=True)
            if timeline.authorised_at is not None:
                decided = timeline.authorised_at.date()
                if all(case.ended_on is None or decided <= case.ended_on for case in anchor.cases):
                    break
        else:  # pragma: no cover - twelve tries always reach a decision before the cut-off
            raise RuntimeError("Could not plan the contact before a case.")
        for case in anchor.cases:
            case.started_on = max(case.started_on, decided)
        team = anchor.follow[0].team if anchor.follow else lead.team
        early_help_team = lead.team if outcome == EARLY_HELP else None
        planned = self.finish(draft, timeline, outcome, early_help_team, need_team=team)
        if outcome != EARLY_HELP and planned.authorised is not None:
            group = self.next_group()
            for index, case in enumerate(anchor.cases):
                self.plan.episodes.append(
                    Episode(
                        child=case.child,
                        referred_on=draft.contact.received_at.date(),
                        closed_on=anchor.end,
                        source=source,
                        primary_need=planned.authorised.primary_need,
                        created_by=planned.authorised.reviewed_by or self.manager(),
                        contact=planned.contact,
                        decision=planned.authorised,
                        section_47=outcome == SECTION_47,
                        cases=_episode_cases(anchor, index),
                        group=group,
                    )
                )
        self.step_down_after_assessment(anchor)
        return planned

    def plan_record_dates(self, first_contact: dict[int, date]) -> None:
        """The day each child's record was created: their first contact."""
        build = self.build
        first_case: dict[int, Case] = {}
        for one in build.cases:
            earlier = first_case.get(id(one.child))
            if earlier is None or one.started_on < earlier.started_on:
                first_case[id(one.child)] = one
        for family in build.families:
            family_day = build.days_ago(10, 1500) - timedelta(days=self.r.randint(1, 20))
            for child in family.children:
                born = child.date_of_birth or self.today - timedelta(days=120)
                case = first_case.get(id(child))
                if id(child) in first_contact:
                    day = first_contact[id(child)]
                elif case is not None and case.team.kind == Team.Kind.CARE_LEAVERS:
                    day = max(born, case.started_on - timedelta(days=self.r.randint(400, 1500)))
                elif case is not None:
                    day = max(born, case.started_on - timedelta(days=self.r.randint(1, 20)))
                else:
                    day = min(max(born, family_day), self.today)
                build.recorded_on[id(child)] = day

    def plan_other_contacts(self, first_contact: dict[int, date]) -> None:
        """The year's other contacts: each child's first (which created the record), then repeats
        about children already known, with a few stuck for days."""
        build = self.build
        items: list[tuple[date, list[Person] | None]] = []
        for family in build.families:
            new: dict[date, list[Person]] = {}
            for child in family.children:
                day = build.recorded_on[id(child)]
                if self.start <= day <= self.today and id(child) not in first_contact:
                    new.setdefault(day, []).append(child)
            items.extend(new.items())
        anchored = len(self.plan.contacts)
        repeats = max(0, build.size.contacts_per_year - anchored - len(items))
        days = [self.start + timedelta(days=n) for n in range((self.today - self.start).days + 1)]
        weights = [
            0.15 if day == self.today else 1.0 if calendar.is_working_day(day) else 0.25
            for day in days
        ]
        items.extend((day, None) for day in self.r.choices(days, weights=weights, k=repeats))
        items.sort(key=lambda item: item[0])

        # Statutory decisions still to make, beyond the anchored ones (about 1.25 children each,
        # a quarter of them failing the checks on the child's other episodes).
        anchored_referrals = sum(
            1 for episode in self.plan.episodes if episode.referred_on >= self.start
        )
        wanted = max(0, build.size.referrals_per_year - anchored_referrals)
        share = max(MIN_STATUTORY_SHARE, wanted / max(1, len(items)) / 1.25 / 0.8)
        recent = (
            calendar.subtract_working_days(self.today, 8),
            calendar.subtract_working_days(self.today, 2),
        )
        stuck = [i for i, (day, _) in enumerate(items) if recent[0] <= day <= recent[1]]
        if len(stuck) < build.size.stalled_contacts:
            # A small authority has few contacts a week: reach further back for its stuck ones.
            earlier = [i for i, (day, _) in enumerate(items) if day < recent[0]]
            stuck = earlier[-(build.size.stalled_contacts - len(stuck)) :] + stuck
        stalled = {
            index: STALLS[n % len(STALLS)]
            for n, index in enumerate(
                sorted(self.r.sample(stuck, min(len(stuck), build.size.stalled_contacts)))
            )
        }
        for index, (day, fixed) in enumerate(items):
            self.plan_other_contact(day, fixed, share, stalled.get(index, ""), index)

    def pick_child(self, day: date) -> Person | None:
        for _ in range(30):
            child = self.r.choice(self.children)
            if self.build.recorded_on[id(child)] <= day:
                return child
        return None

    def pick_re_referral(self, day: date) -> Person | None:
        """A child whose referral in the 12 months before `day` has closed, and who is free."""
        earliest = calendar.add_months(day, -12)
        ranges = []
        for keys, items in ((self.past_keys, self.past), (self.recent_keys, self.recent)):
            ranges.append((items, bisect_left(keys, earliest), bisect_left(keys, day)))
        total = sum(last - first for _, first, last in ranges)
        for _ in range(8):
            if total == 0:
                return None
            pick = self.r.randrange(total)
            for items, first, last in ranges:
                if pick < last - first:
                    _, closed_on, child = items[first + pick]
                    break
                pick -= last - first
            recorded = self.build.recorded_on[id(child)]
            if closed_on < day and recorded <= day and not self.busy(child, day):
                return child
        return None

    def plan_other_contact(
        self, day: date, fixed: list[Person] | None, share: float, stall: str, index: int
    ) -> None:
        r = self.r
        police_stall = bool(stall) and index % 2 == 0
        rating = self.weighted(RATING_WEIGHTS)
        if stall:
            rating = self.weighted({AMBER: 60, GREEN: 40})
        statutory = not stall and r.random() < share * STATUTORY_BY_RATING[rating]
        if fixed is not None:
            children = fixed
        else:
            child = None
            if statutory and r.random() < RE_REFERRAL_PICK:
                child = self.pick_re_referral(day)
            child = child or self.pick_child(day)
            if child is None:
                return
            children = [child]
            if r.random() < 0.3:
                for sibling in self.family_of[id(child)].children:
                    if (
                        sibling is not child
                        and self.build.recorded_on[id(sibling)] <= day
                        and r.random() < 0.75
                    ):
                        children.append(sibling)
        source = "6" if police_stall else self.weighted(words.REFERRAL_SOURCE_WEIGHTS)
        draft = self.draft(
            day, source, children, rating=rating, portal=police_stall, consent_given=bool(stall)
        )
        if draft.contact.disclosure in PHYSICAL_OR_SEXUAL and not stall:
            rating = self.weighted({RED: 70, AMBER: 30})
            draft = self.redraft_checks(draft, rating)
        timeline = self.timeline(draft, rating, stall=stall)
        early_help_team = None
        episodes: list[Episode] = []
        busy = self.busy(children[0], day)
        if busy:
            outcome = ADVICE
        elif statutory:
            disclosed = draft.contact.disclosure in PHYSICAL_OR_SEXUAL
            section_47 = r.random() < (0.85 if disclosed else SECTION_47_SHARE[rating])
            outcome = SECTION_47 if section_47 else SECTION_17
            if timeline.authorised_at is not None:
                episodes = self.refer(draft, timeline.authorised_at.date(), children)
                if not episodes:
                    outcome = self.weighted(OTHER_OUTCOMES[rating])
        else:
            outcome = self.weighted(OTHER_OUTCOMES[rating])
        if outcome == EARLY_HELP:
            early_help_team = r.choice(self.early_help)
        planned = self.finish(draft, timeline, outcome, early_help_team, busy=busy)
        authorised = planned.authorised
        for episode in episodes:
            if authorised is not None:
                episode.contact = planned.contact
                episode.decision = authorised
                episode.primary_need = authorised.primary_need
                episode.created_by = authorised.reviewed_by or episode.created_by
                episode.section_47 = outcome == SECTION_47

    def refer(self, draft: "Draft", decided: date, children: list[Person]) -> list[Episode]:
        """Open (and close) a referral for each child, if none of them has a case or referral
        open meanwhile: closed with no further action, or after an assessment."""
        r = self.r
        referred = draft.contact.received_at.date()
        nfa = r.random() < REFERRAL_NFA_SHARE
        if nfa:
            closed = calendar.add_working_days(decided, r.randint(0, 3))
        else:
            low, high = self.weighted(ASSESSMENT_DAYS)
            closed = max(
                calendar.add_working_days(referred, r.randint(low, high)), decided + ONE_DAY
            )
        if closed >= self.today or not all(self.free(c, referred, closed) for c in children):
            return []
        team = r.choice(self.assessment)
        workers = self.build.members.get(team.pk, {}).get(Role.SOCIAL_WORKER, [])
        worker = r.choice(workers) if workers else None
        episodes = []
        group = self.next_group()
        for child in children:
            episode = Episode(
                child=child,
                referred_on=referred,
                closed_on=closed,
                source=draft.contact.referral_source,
                primary_need="",
                created_by=self.managers[0],
                nfa=nfa,
                group=group,
            )
            episodes.append(episode)
            self.plan.episodes.append(episode)
            self.occupy(child, referred, closed, "referral")
            self.recent.append((referred, closed, child))
            self.recent_keys.append(referred)
            if not nfa:
                case = Case(child, team, worker, decided, closed)
                episode.cases.append(case)
                self.build.cases.append(case)
                self.occupy(child, decided, closed, team.name)
        return episodes

    # One contact

    def draft(
        self,
        day: date,
        source: str,
        children: list[Person],
        *,
        rating: str,
        portal: bool = False,
        consent_given: bool = False,
    ) -> "Draft":
        """What arrived: who from, how, about what, consent, and the checks it will need."""
        r = self.r
        received_at = self.received(day, source)
        day = received_at.date()
        agency_name = words.SOURCE_AGENCY.get(source)
        method = (
            "partner_portal"
            if portal
            else self.weighted(words.SOURCE_METHODS.get(source, words.DEFAULT_METHODS))
        )
        if method == "partner_portal" and agency_name is None:
            method = "email"
        agency = self.agencies.get(agency_name or "") if method == "partner_portal" else None
        partners = self.build.partner_users.get(agency.pk, []) if agency is not None else []
        if agency is not None and not partners:
            agency, method = None, "email"
        practitioner = r.choice(self.practitioners)
        recorded_by = r.choice(partners) if agency is not None else practitioner

        first, last = r.choice(self.referrers)
        role = r.choice(words.REFERRER_ROLES[source])
        organisation = agency_name or words.SOURCE_ORGANISATIONS.get(source, "")
        stepped_up_from = None
        if source == "5D":
            stepped_up_from = r.choice(self.early_help)
            organisation = stepped_up_from.name
        anonymous = source in {"9", "10"}
        plain = (organisation or "home").replace("(demo)", "").lower()
        slug = "".join(ch for ch in plain if ch.isalnum())[:24]
        individual = source.startswith("1")

        ages = [self.age_text(child, day) for child in children]
        concerns = self.concerns(source, [age for _, age in ages])
        lead = children[0]
        name = lead.first_name or "the unborn baby"
        details = []
        for concern in concerns[:2]:
            if ages[0][1] < 0:
                due = lead.expected_date_of_birth or lead.date_of_birth or day + timedelta(days=90)
                weeks = min(39, max(8, 40 - (due - day).days // 7))
                text = words.PRE_BIRTH_TEXT.get(concern, words.PRE_BIRTH_TEXT["neglect"])
                details.append(text.format(weeks=weeks))
            else:
                text = r.choice(words.CONCERN_TEXT[concern])
                details.append(_sentence(text.format(name=name, age=ages[0][0])))
        if len(children) > 1:
            others = ", ".join(child.first_name or "an unborn baby" for child in children[1:])
            details.append(f"Siblings in the household: {others}.")

        disclosure, disclosure_details = "", ""
        if ages[0][1] >= 3:
            for concern in concerns:
                chance, kind = DISCLOSURE_SHARE.get(concern, (0.0, ""))
                if chance and r.random() < chance:
                    disclosure = kind
                    pronouns = _pronouns(lead.sex)
                    whom = words.DISCLOSED_TO.get(source, "a trusted adult")
                    text = r.choice(words.DISCLOSURE_TEXT[kind])
                    disclosure_details = text.format(name=name, whom=whom, **pronouns)
                    break

        consent = Consent.GIVEN.value
        consent_fields: dict[str, Any] = {}
        if not consent_given:
            choice = (
                "not_sought"
                if anonymous
                else self.weighted(POLICE_CONSENT_WEIGHTS if source == "6" else CONSENT_WEIGHTS)
            )
            consent, consent_fields = self.consent(choice, source, ages[0][1])
        contact = Contact(
            received_at=received_at,
            method=method,
            referral_source=source,
            referrer_name="" if anonymous else f"{first} {last}",
            referrer_role="" if anonymous else role,
            referrer_phone=""
            if anonymous
            else (
                f"07700 900{r.randint(0, 999):03d}"
                if individual
                else f"020 7946 0{r.randint(0, 999):03d}"
            ),
            referrer_email=""
            if anonymous or individual or r.random() < 0.2
            else f"{first.lower()}.{last.lower()}@{slug}.example",
            referrer_organisation=organisation,
            referrer_agency=agency,
            concerns=concerns,
            concern_details=" ".join(details),
            disclosure=disclosure,
            disclosure_details=disclosure_details,
            consent=consent,
            stepped_up_from=stepped_up_from,
            team=self.mash,
            practitioner=None if agency is not None else practitioner,
            recorded_by=recorded_by,
            **consent_fields,
        )
        refused = consent == Consent.REFUSED and not consent_fields.get("is_consent_overridden")
        draft = Draft(contact, children, practitioner, [], refused, [age for _, age in ages])
        return self.redraft_checks(draft, rating)

    def redraft_checks(self, draft: "Draft", rating: str) -> "Draft":
        draft.agencies = [] if draft.refused else self.check_agencies(draft, rating)
        return draft

    def concerns(self, source: str, ages: list[int]) -> list[str]:
        r = self.r
        youngest, eldest = min(ages), max(ages)
        if eldest < 0:
            return [r.choice(words.PRE_BIRTH_CONCERNS)]
        if source in words.SOURCE_CONCERNS:
            weights = words.SOURCE_CONCERNS[source]
        elif source.startswith("3"):
            weights = words.HEALTH_CONCERNS
        elif source.startswith("1") or source in {"9", "10"}:
            weights = words.INDIVIDUAL_CONCERNS
        else:
            weights = words.CONCERN_WEIGHTS
        picked = [self.weighted(weights)]
        for _ in range((r.random() < 0.45) + (r.random() < 0.15)):
            picked.append(self.weighted(words.CONCERN_WEIGHTS))
        concerns = []
        for concern in picked:
            if concern in words.OLDER_CHILD_CONCERNS and eldest < 10:
                concern = "neglect" if youngest < 5 else "emotional_abuse"
            if concern == "unaccompanied" and (eldest < 14 or len(ages) > 1):
                concern = "other"
            if concern == "private_fostering" and eldest >= 16:
                concern = "other"
            if concern not in concerns:
                concerns.append(concern)
        return concerns

    def consent(self, choice: str, source: str, age: int) -> tuple[str, dict[str, Any]]:
        r = self.r
        authoriser = self.manager().display_name
        if choice == "given":
            return Consent.GIVEN, {}
        if choice == "override":
            return Consent.NOT_SOUGHT, {
                "consent_not_sought_reason": r.choice(words.CONSENT_OVERRIDE_NOT_SOUGHT),
                "is_consent_overridden": True,
                "consent_override_rationale": r.choice(words.CONSENT_OVERRIDE_RATIONALE),
                "consent_override_authorised_by": authoriser,
            }
        if choice == "not_sought":
            reasons = words.CONSENT_NOT_SOUGHT
            if source in {"9", "10"}:
                reason = reasons[0]
            elif source == "6":
                reason = reasons[1]
            else:
                reason = reasons[3] if age >= 13 and r.random() < 0.3 else reasons[2]
            return Consent.NOT_SOUGHT, {"consent_not_sought_reason": reason}
        if r.random() < REFUSED_OVERRIDDEN_SHARE:
            return Consent.REFUSED, {
                "is_consent_overridden": True,
                "consent_override_rationale": words.CONSENT_OVERRIDE_RATIONALE[2],
                "consent_override_authorised_by": authoriser,
            }
        return Consent.REFUSED, {}

    def rating_reason(self, draft: "Draft", rating: str) -> str:
        """Why the contact was rated so, from what it is about."""
        contact = draft.contact
        concerns = set(contact.concerns)
        reasons = words.RATING_REASONS[rating]
        for key, reason in reasons.items():
            if key == "*":
                break
            if (key == "disclosure" and contact.disclosure) or key in concerns:
                return reason
            if key == contact.referral_source:
                return reason
        return self.r.choice(reasons["*"])

    def check_agencies(self, draft: "Draft", rating: str) -> list[Agency]:
        """The partner agencies asked what they know, chosen by the concerns and the ages."""
        concerns = set(draft.contact.concerns)
        ages = draft.ages
        count = self.weighted(CHECK_COUNTS[rating])
        violent = bool(
            concerns
            & {
                "domestic_abuse",
                "criminal_exploitation",
                "missing",
                "child_sexual_exploitation",
                "physical_abuse",
                "sexual_abuse",
            }
        )
        weights = {
            words.POLICE: 7.0 if violent else 3.0,
            words.GP_PRACTICES: 4.0,
            words.COMMUNITY_HEALTH: 5.0 if min(ages) < 5 else 1.0,
            words.HOSPITAL: 3.0
            if draft.contact.referral_source == "3E" or "self_harm" in concerns
            else 0.5,
            words.SCHOOLS: 5.0 if any(4 <= age <= 17 for age in ages) else 0.0,
            words.PROBATION: 2.0 if concerns & {"domestic_abuse", "sexual_abuse"} else 0.3,
            words.HOUSING: 3.0 if "housing" in concerns else 0.5,
            words.ADULT_SOCIAL_CARE: 3.0
            if concerns & {"parental_mental_health", "parental_substance_misuse"}
            else 0.5,
            words.YOUTH_JUSTICE: 3.0
            if concerns & {"criminal_exploitation", "missing"} and max(ages) >= 10
            else 0.0,
        }
        chosen: list[Agency] = []
        for _ in range(count):
            names = [name for name, weight in weights.items() if weight > 0]
            if not names:
                break
            name = self.r.choices(names, weights=[weights[n] for n in names])[0]
            weights[name] = 0.0
            chosen.append(self.agencies[name])
        return chosen

    def timeline(
        self, draft: "Draft", rating: str, *, quick: bool = False, stall: str = ""
    ) -> Timeline:
        """The contact's triage, checks, meetings and decision, up to the cut-off."""
        r, cap = self.r, self.cap
        agencies = list(draft.agencies)
        if stall == "check" and self.police not in agencies:
            agencies.insert(0, self.police)
        timeline = Timeline()
        first = rating
        if not quick and not stall and r.random() < RE_RATED_SHARE:
            first = r.choice(RE_RATED_FROM[rating])
        until = RED_UNTIL if first == RED else DAY_END
        rated = self.later(draft.contact.received_at, *TRIAGE_MINUTES[first], until)
        if rated > cap:
            return timeline
        timeline.ratings.append((first, rated, self.rating_reason(draft, first)))

        answers: list[datetime | None] = []
        for number, agency in enumerate(agencies):
            requested = self.later(rated, 3, 40, until)
            if requested > cap:
                break
            late = not quick and r.random() < LATE_CHECK_SHARE
            due_at: datetime | None
            if first == RED:
                due_at = rules.AGENCY_CHECK_RED.due_at(requested)
                due_on, deadline = due_at.date(), due_at
                wait = (250, 600) if late else (20, 150)
                returned: datetime | None = requested + timedelta(minutes=r.randint(*wait))
                chase = deadline + timedelta(minutes=r.randint(15, 60))
            else:
                due_at = None
                due_on = self.due(rules.AGENCY_CHECK, requested.date())
                deadline = datetime.combine(due_on, LAST_CALL, tzinfo=self.zone)
                if late:
                    returned = self.at(
                        calendar.add_working_days(due_on, r.randint(1, 3)), time(9), LAST_CALL
                    )
                else:
                    day = r.choice((requested.date(), due_on))
                    returned = max(
                        requested + timedelta(minutes=20), self.at(day, time(9), LAST_CALL)
                    )
                chase = self.at(calendar.add_working_days(due_on, 1), time(9), time(10, 30))
            if stall == "check" and number == 0:
                returned = None
            chases: list[datetime] = []
            while len(chases) < 3 and chase <= cap and (returned is None or chase < returned):
                chases.append(chase)
                if first == RED:
                    chase += timedelta(hours=2)
                else:
                    chase = self.at(
                        calendar.add_working_days(chase.date(), 1), time(9), time(10, 30)
                    )
            timeline.checks.append(
                Check(agency, requested, due_on, due_at, deadline, returned, chases)
            )
            answers.append(returned)

        final, final_at = first, rated
        if first != rating:
            known = [answer for answer in answers if answer is not None]
            final_at = self.later(min(known) if known else rated, 10, 120)
            if final_at <= cap:
                timeline.ratings.append((rating, final_at, words.RE_RATING_REASONS[rating]))
                final = rating

        if final == rating and stall not in {"check", "undecided"} and None not in answers:
            asked = max([check.requested_at for check in timeline.checks] or [final_at])
            self.decide(timeline, final, max(final_at, asked), answers, quick=quick, stall=stall)

        self.meet(timeline, rated, first, final, final_at, stall=stall)
        for check in timeline.checks:
            if check.returned_at is not None and check.returned_at > cap:
                check.returned_at = None
            stop = min(
                [moment for moment in (check.returned_at, timeline.authorised_at) if moment]
                or [cap]
            )
            check.chases = [chase for chase in check.chases if chase < stop]
        return timeline

    def decide(
        self,
        timeline: Timeline,
        rating: str,
        rated: datetime,
        answers: Sequence[datetime | None],
        *,
        quick: bool,
        stall: str,
    ) -> None:
        r, cap = self.r, self.cap
        offsets = QUICK_DECISION_DAYS if quick else DECISION_DAYS
        day = calendar.add_working_days(rated.date(), self.weighted(offsets[rating]))
        proposed: datetime | None = max(
            self.at(day, time(9), time(16)), rated + timedelta(minutes=15)
        )
        known = [answer for answer in answers if answer is not None]
        latest = max(known, default=None)
        assert proposed is not None  # noqa: S101 - narrows the type
        if latest is not None and latest > proposed and (quick or r.random() < 0.8):
            proposed = latest + timedelta(minutes=r.randint(15, 90))
        # Red contacts are decided the same day, into the evening if need be.
        until = RED_UNTIL if rating == RED else MANAGERS_UNTIL
        proposed = self.working(proposed, until)
        versions: list[tuple[datetime, datetime | None, bool]] = []
        if stall == "returned" or (not quick and r.random() < RETURNED_SHARE):
            back = self.later(proposed, 20, 180)
            versions.append((proposed, back, True))
            proposed = None if stall == "returned" else self.later(back, 60, 400)
        if proposed is not None:
            reviewed = None
            if stall != "authorisation":
                reviewed = self.later(proposed, 5, 60 if rating == RED else 150, until)
            versions.append((proposed, reviewed, False))
        for proposed_at, reviewed_at, returned in versions:
            if proposed_at > cap:
                break
            if reviewed_at is not None and reviewed_at > cap:
                reviewed_at = None
            timeline.versions.append((proposed_at, reviewed_at, returned))
            if reviewed_at is None:
                break
        if timeline.versions:
            _, reviewed_at, returned = timeline.versions[-1]
            if reviewed_at is not None and not returned:
                timeline.authorised_at = reviewed_at

    def meet(
        self,
        timeline: Timeline,
        rated: datetime,
        first: str,
        final: str,
        final_at: datetime,
        *,
        stall: str,
    ) -> None:
        """Discussed at the daily MASH meeting: red contacts, those with a check overdue, and a
        few the manager chose; today's meeting (after the cut-off) has its agenda only."""
        r, cap = self.r, self.cap
        end = timeline.authorised_at
        day = rated.date()
        last_day = end.date() if end is not None else self.today
        while day <= last_day and len(timeline.meetings) < 2:
            if calendar.is_working_day(day):
                meeting = datetime.combine(day, MEETING_AT, tzinfo=self.zone)
                if rated < meeting and (end is None or meeting < end):
                    rating = final if meeting >= final_at else first
                    overdue = any(
                        check.deadline < meeting
                        and (check.returned_at is None or check.returned_at > meeting)
                        for check in timeline.checks
                    )
                    chosen = r.random() < (0.3 if day == self.today else 0.05)
                    if rating == RED or overdue or chosen or (stall and day == self.today):
                        agreed = meeting + timedelta(minutes=r.randint(5, 90))
                        timeline.meetings.append((day, agreed if agreed <= cap else None))
            day += ONE_DAY

    def finish(
        self,
        draft: "Draft",
        timeline: Timeline,
        outcome: str,
        early_help_team: Team | None,
        *,
        busy: str = "",
        need_team: Team | None = None,
    ) -> Planned:
        """The contact's rows as they stand at the cut-off."""
        r = self.r
        contact = draft.contact
        received = contact.received_at.date()
        unmatched = not timeline.ratings and contact.referrer_agency is not None
        links: list[Link] = []
        for child in draft.children:
            if contact.referrer_agency is None:
                links.append((child, "", None, ""))
                continue
            address = child.household.address if child.household else None
            links.append(
                (
                    None if unmatched else child,
                    child.full_name or f"Unborn baby {child.last_name}",
                    child.date_of_birth,
                    f"{address.line_1}, {address.postcode}" if address else "",
                )
            )
        children = [] if unmatched else list(draft.children)

        ratings: list[RatingRow] = [
            (rating, reason, draft.practitioner, at, self.due(DECISION_RULES[rating], at.date()))
            for rating, at, reason in timeline.ratings
        ]
        if ratings:
            last_rating, _, _, last_rated_at, last_due = ratings[-1]
            contact.practitioner = draft.practitioner
            contact.rating = last_rating
            contact.rating_order = RATING_ORDER[Rating(last_rating)]
            contact.decision_due_on = last_due
            due_rule: rules.Rule | None = DECISION_RULES[last_rating]
            due_start: date | None = last_rated_at.date()
        else:
            contact.decision_due_on = self.due(rules.REFERRAL_DECISION, received)
            due_rule, due_start = rules.REFERRAL_DECISION, received

        authorised_at = timeline.authorised_at
        checks: list[CheckRow] = []
        for check in timeline.checks:
            returned = check.returned_at
            if returned is not None and (authorised_at is None or returned <= authorised_at):
                status = AgencyCheck.Status.RETURNED
            elif authorised_at is not None:
                status, returned = AgencyCheck.Status.WITHDRAWN, None
            else:
                status, returned = AgencyCheck.Status.REQUESTED, None
            answerers = self.build.partner_users.get(check.agency.pk, [])
            answerer = (
                r.choice(answerers)
                if answerers and r.random() < 0.65
                else r.choice(self.practitioners)
            )
            checks.append(
                CheckRow(
                    agency=check.agency,
                    status=status,
                    requested_at=check.requested_at,
                    requested_by=draft.practitioner,
                    due_on=check.due_on,
                    due_at=check.due_at,
                    chased_at=check.chases[-1] if check.chases else None,
                    chase_count=len(check.chases),
                    returned_at=returned,
                    returned_by=answerer if returned else None,
                    information=r.choice(words.CHECK_ANSWERS[check.agency.kind])
                    if returned
                    else "",
                )
            )

        rationale = r.choice(words.DECISION_RATIONALES[outcome])
        if busy:
            rationale = (
                words.OPEN_REFERRAL_RATIONALE
                if busy == "referral"
                else words.OPEN_CASE_RATIONALE.format(team=busy)
            )
        decisions: list[DecisionRow] = []
        authorised = None
        for version, (proposed_at, reviewed_at, sent_back) in enumerate(timeline.versions, 1):
            # A version the manager sent back proposed something else (or the same, too soon).
            this = RETURNED_AS.get(Outcome(outcome), outcome) if sent_back else outcome
            decision_status: ContactDecision.Status
            if sent_back and reviewed_at is not None:
                decision_status = ContactDecision.Status.RETURNED
                comment = r.choice(words.RETURN_COMMENTS)
            elif reviewed_at is not None:
                decision_status = ContactDecision.Status.AUTHORISED
                comment = r.choice(words.MANAGER_COMMENTS) if r.random() < 0.5 else ""
            else:
                decision_status, comment = ContactDecision.Status.PROPOSED, ""
            no_strategy = ""
            if (
                decision_status == ContactDecision.Status.AUTHORISED
                and contact.disclosure in PHYSICAL_OR_SEXUAL
                and this != SECTION_47
            ):
                no_strategy = r.choice(words.NO_STRATEGY_DISCUSSION_REASONS)
            decision = DecisionRow(
                version=version,
                status=decision_status,
                outcome=this,
                threshold_level=self.threshold(this),
                rationale=rationale
                if this == outcome
                else r.choice(words.DECISION_RATIONALES[this]),
                primary_need=self.need(this, need_team) if this in STATUTORY_OUTCOMES else "",
                early_help_team=(early_help_team or r.choice(self.early_help))
                if this == EARLY_HELP
                else None,
                proposed_by=draft.practitioner,
                proposed_at=proposed_at,
                reviewed_by=self.manager() if reviewed_at is not None else None,
                reviewed_at=reviewed_at,
                manager_comment=comment,
                no_strategy_discussion_reason=no_strategy,
            )
            decisions.append(decision)
            if decision_status == ContactDecision.Status.AUTHORISED:
                authorised = decision
        decided_on = authorised_at.date() if authorised_at is not None else self.today
        if authorised is not None:
            contact.status = Contact.Status.DECIDED
            contact.decided_on = decided_on
            due_rule, due_start = None, None
        elif decisions and decisions[-1].status == ContactDecision.Status.PROPOSED:
            contact.status = Contact.Status.AWAITING_AUTHORISATION
        else:
            contact.status = Contact.Status.OPEN

        meetings: list[MeetingRow] = []
        for day, agreed_at in timeline.meetings:
            manager = self.manager()
            agreed = ""
            if agreed_at is not None:
                agreed = words.MEETING_AGREED["open" if busy else outcome]
            meetings.append((day, manager, agreed, manager if agreed_at else None, agreed_at))
        planned = Planned(
            contact=contact,
            children=children,
            links=links,
            ratings=ratings,
            checks=checks,
            meetings=meetings,
            decisions=decisions,
            authorised=authorised,
            due_rule=due_rule,
            due_start=due_start,
            due_on=contact.decision_due_on,
        )
        if authorised is not None and authorised.outcome == EARLY_HELP:
            for child in children:
                self.plan.transfers.append(
                    Transfer(
                        child=child,
                        kind=Transfer.Kind.STEP_DOWN,
                        from_team=self.mash,
                        to_team=authorised.early_help_team,
                        transferred_on=decided_on,
                        reason=authorised.rationale,
                        contact=contact,
                        recorded_by=authorised.reviewed_by,
                    )
                )
        if (
            authorised is not None
            and authorised.outcome in STATUTORY_OUTCOMES
            and contact.stepped_up_from is not None
        ):
            for child in children:
                self.plan.transfers.append(
                    Transfer(
                        child=child,
                        kind=Transfer.Kind.STEP_UP,
                        from_team=contact.stepped_up_from,
                        to_team=self.mash,
                        transferred_on=decided_on,
                        reason=authorised.rationale,
                        contact=contact,
                        recorded_by=authorised.reviewed_by,
                    )
                )
        self.plan.contacts.append(planned)
        return planned

    def plan_referrals(self) -> None:
        """Each child's referrals in date order, each flagged a re-referral when it came within
        12 months (rules.RE_REFERRAL) of the child's previous one."""
        by_child: dict[int, list[Episode]] = {}
        for episode in self.plan.episodes:
            by_child.setdefault(id(episode.child), []).append(episode)
        for episodes in by_child.values():
            episodes.sort(key=lambda episode: episode.referred_on)
            previous: Episode | None = None
            for episode in episodes:
                if episode.decision is not None and not episode.primary_need:
                    episode.primary_need = episode.decision.primary_need
                if not episode.primary_need:
                    episode.primary_need = self.need(SECTION_17)
                if previous is not None and episode.referred_on <= self.due(
                    rules.RE_REFERRAL, previous.referred_on
                ):
                    episode.is_re_referral = True
                    episode.previous = previous
                previous = episode


def _episode_cases(anchor: Anchor, index: int) -> list[Case]:
    """The cases holding the episode of the anchor's `index`th child: its case, then the
    long-term team's case that followed the assessment, if any."""
    cases = [anchor.cases[index]]
    if index < len(anchor.follow) and anchor.follow[index].team.kind in LONG_TERM:
        cases.append(anchor.follow[index])
    return cases


@dataclass
class Draft:
    """A contact as it arrived, before its triage and decision."""

    contact: Contact
    children: list[Person]
    practitioner: User
    agencies: list[Agency]
    refused: bool
    ages: list[int]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _pronouns(sex: str) -> dict[str, str]:
    if sex == "M":
        return {"they": "he", "them": "him", "their": "his"}
    if sex == "F":
        return {"they": "she", "them": "her", "their": "her"}
    return {"they": "they", "them": "them", "their": "their"}


def plan_front_door(build: Build) -> FrontDoorPlan:
    """Plan the year of front-door work (in memory): call after `cases.plan_cases`."""
    started = timer.perf_counter()
    plan = _Planner(build).run()
    build.planned("front door (planned)", started)
    return plan
