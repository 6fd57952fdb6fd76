"""Planning a year of front-door work in memory, drawing from the build's random source in order."""

import time as timer
from bisect import bisect_left
from datetime import date, timedelta
from typing import Any

from opencsc.accounts.models import Role, Team
from opencsc.casework.models import Transfer
from opencsc.demo import vocabulary as words
from opencsc.demo.build import Build, Case
from opencsc.demo.frontdoor.contacts import ContactPlanner, Draft
from opencsc.demo.frontdoor.records import (
    ADVICE,
    AMBER,
    ASSESSMENT_DAYS,
    EARLY_HELP,
    GREEN,
    LONG_TERM,
    MIN_STATUTORY_SHARE,
    ONE_DAY,
    OTHER_OUTCOMES,
    RATING_WEIGHTS,
    RE_REFERRAL_PICK,
    RED,
    REFERRAL_NFA_SHARE,
    SECTION_17,
    SECTION_47,
    SECTION_47_BY_TEAM,
    SECTION_47_SHARE,
    STALLS,
    STATUTORY_BY_RATING,
    STEP_UP_SHARE,
    Anchor,
    Episode,
    FrontDoorPlan,
    Planned,
)
from opencsc.frontdoor.codes import (
    PHYSICAL_OR_SEXUAL,
)
from opencsc.people.models import Person
from opencsc.timescales import calendar, rules


class _Planner(ContactPlanner):
    """Plans the year of front-door work: the episodes the cases imply, each with its contact,
    the other contacts, and the referrals they open."""

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


def plan_front_door(build: Build) -> FrontDoorPlan:
    """Plan the year of front-door work (in memory): call after `cases.plan_cases`."""
    started = timer.perf_counter()
    plan = _Planner(build).run()
    build.planned("front door (planned)", started)
    return plan
