"""The demo's missing episodes (issue 14, part 7; docs/missing.md, "The demo's missing episodes"):
a year of children reported missing or absent, at a large borough's rates, with the returns, the
police's safe and well checks, the MASH's matching and decisions, the return home interviews'
offers, attempts and interviews, and the due items, tray notices and chronology lines the
services (opencsc/missing/services) would have written.

Rates, copied from shared/domain/rates.yaml (the project never reads that file at run time):

- looked-after children: 12,800 of the 115,410 children looked after during 2024-25 went missing
  (`england.children_looked_after.missing_from_care.children_who_went_missing`, derived there from
  86,900 incidents / 6.8; `during_year`, CLA-2025), 11.1%, with 6.8 incidents each
  (`incidents_per_child_who_went_missing`, CLA-2025); almost all aged 10 or over
  (`incidents_by_age`: 140 of 86,890 under 10).
- children in need: going missing (assessment factor 10A) was recorded for 3.3% of the episodes
  with factors (`england.children_in_need.factor_share["10A"]`, CIN-2025 C3), applied here to the
  children aged 10 to 17 the demo's teams held in the year.

Nothing is published for the rest; the design figures below say what is assumed (docs/missing.md
lists them). Everything is drawn from a random source of its own, seeded from the build's, and the
stage runs last, so adding it left every earlier stage of a seed's authority as it was. The rows
are bulk-inserted, as the rest of the demo is: no access-log rows and no simple_history rows (the
demo's access log is two days of record views only)."""

import random
import time as timer
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from opencsc.accounts.models import Agency, Role, Team, User
from opencsc.chronology.models import ChronologyEntry
from opencsc.demo.build import CHRONOLOGY_COLUMNS, Build, Case, chronology_row
from opencsc.missing import entries
from opencsc.missing.codes import (
    AbsenceKind,
    ExploitationIndicator,
    FollowUp,
    InterviewMethod,
    MissingFrom,
    OfferOutcome,
    PoliceRisk,
)
from opencsc.missing.models import (
    InterviewAction,
    InterviewAttempt,
    MissingEpisode,
    MissingNotice,
    ReturnInterview,
)
from opencsc.missing.services import INTERVIEW_SUMMARY, MASH_SUMMARY, NOTICE_SUMMARY
from opencsc.people.models import Person
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from opencsc.timescales.models import DueItem

MISSING_SEED = 0x10A  # the assessment factor "going missing"

# Published (rates.yaml, see the module's docstring).
LOOKED_AFTER_MISSING_SHARE = 12_800 / 115_410  # CLA-2025: children who went missing / looked after
LOOKED_AFTER_EPISODES_PER_CHILD = 6.8  # CLA-2025: incidents per child who went missing
IN_NEED_MISSING_SHARE = 0.033  # CIN-2025 C3: factor 10A, going missing
MISSING_AGES = (10, 17)  # CLA-2025 incidents by age: almost none under 10

# Assumed (docs/missing.md, "The demo's missing episodes"): nothing published.
IN_NEED_EPISODES_PER_CHILD = 2.5  # children in need who go missing, episodes a year each
# Children no team holds reported missing in a year, per child record in the demo: 1% (200 at
# `la`, about 0.25% of its 80,000 children), once or twice each.
NOT_KNOWN_PER_RECORD = 0.01
NOT_KNOWN_EPISODES = {1: 75, 2: 20, 3: 5}
MINIMUM_NOT_KNOWN = 4
WAITING_SHARE = 0.02  # more named in the last day, not yet matched by the MASH (at least one)
# The benchmark's children with many episodes: the first held by the `cp.worker` login's team.
MANY_EPISODES = (24, 15, 12)
BENCHMARK_LOGIN = "cp.worker"
POLICE_RECORDED_SHARE = 0.7  # of a held child's episodes, the police's (the rest staff's)
ABSENT_SHARE = {"looked_after": 0.25, "in_need": 0.1, "not_known": 0.05}
RISK_WEIGHTS: dict[str, int] = {PoliceRisk.LOW: 35, PoliceRisk.MEDIUM: 55, PoliceRisk.HIGH: 10}
MATCH_HOURS = (1, 8)  # the MASH matches a child the police named, hours after the report
DECIDED_SHARE = 0.95  # of the MASH's episodes of children no team holds, decided (next day or so)
CONTACT_SHARE = 0.15  # of those decisions, a contact follows
SAFE_AND_WELL_SHARE = 0.9  # of returns, with the police's safe and well check recorded
OFFERED_IN_72_HOURS_SHARE = 0.8  # of returns, the first offer or attempt within the 72 hours
NEVER_OFFERED_SHARE = 0.03  # of returns, no offer at all yet (the overdue items)
FIRST_ANSWER: dict[str, int] = {
    OfferOutcome.ACCEPTED: 55,
    OfferOutcome.DECLINED: 25,
    OfferOutcome.NOT_REACHED: 20,
}
OFFERED_AGAIN_SHARE = 0.2  # of declines, offered again a few days later, and accepted
HELD_SHARE = 0.9  # of offers accepted, the interview held (the rest: the child did not come)
ACTIONS_SHARE = 0.5  # of interviews, with one or two actions agreed
INDICATORS_SHARE = 0.35  # of interviews, with exploitation indicators heard
STILL_MISSING_HOURS = 48  # an episode that began this recently may not be over yet
LONG_MISSING_SHARE = 0.017  # CLA-2025: 220 missing at 31 March / 12,800 who went missing

REPORTED_BY: dict[str, tuple[str, ...]] = {
    MissingFrom.HOME: ("Mother", "Father", "Grandmother", "Stepfather", "Aunt"),
    MissingFrom.CARE_PLACEMENT: ("Foster carer", "Residential home staff", "Supported lodgings"),
    MissingFrom.SCHOOL: ("School's designated safeguarding lead", "Head of year"),
    MissingFrom.OTHER: ("Family friend", "Youth club worker"),
}
FROM_DETAILS: dict[str, tuple[str, ...]] = {
    MissingFrom.HOME: ("",),
    MissingFrom.CARE_PLACEMENT: ("Foster placement", "Children's home", "Semi-independent"),
    MissingFrom.SCHOOL: ("Left school at lunchtime", "Did not arrive after the morning break"),
    MissingFrom.OTHER: ("A relative's home", "The youth centre"),
}
CIRCUMSTANCES = (
    "Did not come home after school; phone switched off.",
    "Left after an argument about screen time; took a coat and some money.",
    "Went out with friends in the evening and did not return at the agreed time.",
    "Seen getting into a car with older young people near the station.",
    "Missed the curfew agreed with carers; last seen at the shopping centre.",
    "Left the placement through a window during the night.",
)
FOUND_WHERE = (
    "Returned home on their own",
    "Found by police at a friend's address",
    "Found at a train station in another county",
    "Returned to the placement with a friend's parent",
    "Found in a park near home",
    "Stopped by police in another borough",
)
SAFE_AND_WELL = (
    "No injuries seen. Said they stayed with a friend; would not say where.",
    "Tired and hungry; said they had been 'with people from the area'.",
    "Spoke with the officer alone. No disclosures; agreed to talk to the return worker.",
)
WHY_WENT = (
    "Arguments at home about friends and coming in late.",
    "Wanted to be with friends; did not feel listened to at the placement.",
    "Said an older friend asked them to come and 'hang out'; did not want to say more.",
    "Worried about a fall-out at school and did not want to go home.",
)
WHERE_WENT = ("A friend's flat", "Around the town centre", "Another borough", "Not said")
WITH_WHOM = ("Friends from school", "Older young people", "A boyfriend", "On their own")
PUSH = ("Arguments at home", "Rules at the placement", "Bullying at school")
PULL = ("Friends", "Money and gifts offered", "A relationship")
ACTIONS = (
    "Share the interview with the allocated worker and agree a safety plan",
    "Refer to the youth service's detached team",
    "Discuss at the exploitation panel",
    "Arrange a school meeting about attendance",
)
INDICATOR_SETS = (
    (ExploitationIndicator.REPEAT_MISSING, ExploitationIndicator.OLDER_ASSOCIATES),
    (ExploitationIndicator.MONEY_GIFTS, ExploitationIndicator.UNKNOWN_PLACES),
    (ExploitationIndicator.COUNTY_LINES, ExploitationIndicator.UNKNOWN_PLACES),
    (ExploitationIndicator.SUBSTANCES,),
    (ExploitationIndicator.SEXUAL, ExploitationIndicator.ONLINE),
)
OFFER_METHODS: dict[str, int] = {
    InterviewMethod.PHONE: 45,
    InterviewMethod.TEXT: 20,
    InterviewMethod.IN_PERSON: 20,
    InterviewMethod.THROUGH_CARER: 10,
    InterviewMethod.LETTER: 5,
}
HELD_METHODS: dict[str, int] = {
    InterviewMethod.IN_PERSON: 80,
    InterviewMethod.PHONE: 12,
    InterviewMethod.VIDEO: 8,
}
NO_CONTACT_REASONS = (
    "One episode, found safe within hours; parents engaged. Return home interview offered.",
    "No concerns beyond the episode; school and family informed. Return home interview offered.",
)
CONTACT_REASONS = (
    "Found with older young people far from home: risk of exploitation to be assessed.",
    "Second episode this month; parents say they cannot keep the child safe.",
)


@dataclass
class _Attempt:
    at: datetime
    method: str
    outcome: str
    officer: User


@dataclass
class _Interview:
    held_at: datetime
    method: str
    officer: User
    indicators: list[str]
    actions: list[tuple[str, User, date]]


@dataclass
class _Episode:
    """One planned episode: the report, and what followed up to now."""

    child: Person
    case: Case | None  # the case holding the child when reported (None: no team held them)
    group: str  # looked_after, in_need, not_known
    since: datetime
    reported_at: datetime
    absence: str
    risk: str
    missing_from: str
    police: bool
    recorded_by: User
    matched_at: datetime | None = None
    matched_by: User | None = None
    returned_at: datetime | None = None
    return_recorded_at: datetime | None = None
    return_recorded_by: User | None = None
    safe_and_well_at: datetime | None = None
    follow_up: str = ""
    follow_up_at: datetime | None = None
    follow_up_by: User | None = None
    attempts: list[_Attempt] = field(default_factory=list)
    interview: _Interview | None = None
    unmatched: bool = False  # reported too lately for the MASH to have matched the child

    @property
    def child_known(self) -> bool:
        """Whether the episode names its child's record (staff recorded it, or the MASH matched)."""
        return not self.police or self.matched_at is not None


class _Missing:
    """Plans a year of episodes, then saves them with what the services would have written."""

    def __init__(self, build: Build) -> None:
        self.build = build
        source = random.Random()
        source.setstate(build.random.getstate())
        self.r = random.Random(source.getrandbits(32) ^ MISSING_SEED)
        self.zone = build.zone
        self.today = build.today
        # Every event happened before the start of `today` (and before now).
        self.horizon = min(timezone.now(), datetime.combine(self.today, time(0), tzinfo=self.zone))
        self.year_start = self.today - timedelta(days=364)
        self.mash = build.teams[Team.Kind.MASH][0]
        police = next(a for a in build.agencies if a.kind == Agency.Kind.POLICE)
        self.police_agency: Agency = police
        self.police_users = build.partner_users[police.pk]
        self.officers = list(
            User.objects.filter(role=Role.RETURN_INTERVIEW_OFFICER, is_active=True).order_by("pk")
        )
        self.officers.sort(key=lambda user: user.username != "return.officer")
        self.episodes: list[_Episode] = []
        self.serial = 0

    # Drawing.

    def weighted(self, weights: dict[str, int]) -> str:
        return self.r.choices(list(weights), weights=list(weights.values()))[0]

    def hours(self, low: float, high: float) -> timedelta:
        return timedelta(hours=self.r.uniform(low, high))

    def working_time(self, after: datetime, low_hours: float, high_hours: float) -> datetime:
        """A moment between office hours, some hours after `after`."""
        moment = after + self.hours(low_hours, high_hours)
        local = moment.astimezone(self.zone)
        if local.hour < 9:
            local = local.replace(hour=9, minute=self.r.randint(0, 59))
        elif local.hour >= 19:
            local = (local + timedelta(days=1)).replace(hour=9, minute=self.r.randint(0, 59))
        return local

    def officer(self) -> User:
        return self.officers[0] if self.r.random() < 0.6 else self.r.choice(self.officers)

    def age(self, child: Person) -> int | None:
        born = child.date_of_birth
        if born is None:
            return None
        return (self.today - born).days // 365

    def of_age(self, child: Person) -> bool:
        age = self.age(child)
        return (
            child.kind == Person.Kind.CHILD
            and age is not None
            and MISSING_AGES[0] <= age <= MISSING_AGES[1]
        )

    # Planning.

    def plan(self) -> None:
        latest: dict[int, Case] = {}
        for case in self.build.cases:
            if case.team.kind in (Team.Kind.MASH, Team.Kind.CARE_LEAVERS):
                continue
            if case.ended_on is not None and case.ended_on <= self.year_start:
                continue
            if case.started_on >= self.today - timedelta(days=7):
                continue
            held = latest.get(case.child.pk)
            if held is None or case.started_on > held.started_on:
                latest[case.child.pk] = case
        cases = sorted(latest.values(), key=lambda case: case.child.pk)
        chosen: dict[int, int] = {}
        heavy = self.many_episode_children(cases)
        for case, count in heavy:
            chosen[case.child.pk] = count
        # Factor 10A is a share of every child in need; those who go missing are 10 to 17.
        in_need = [c for c in cases if c.team.kind != Team.Kind.CHILDREN_IN_CARE]
        of_age = [c for c in in_need if self.of_age(c.child)]
        in_need_share = IN_NEED_MISSING_SHARE * len(in_need) / max(1, len(of_age))
        for case in cases:
            if case.child.pk in chosen or not self.of_age(case.child):
                continue
            if case.team.kind == Team.Kind.CHILDREN_IN_CARE:
                if self.r.random() < LOOKED_AFTER_MISSING_SHARE:
                    mean = LOOKED_AFTER_EPISODES_PER_CHILD
                    chosen[case.child.pk] = min(40, max(1, round(self.r.expovariate(1 / mean))))
            elif self.r.random() < in_need_share:
                mean = IN_NEED_EPISODES_PER_CHILD
                chosen[case.child.pk] = min(12, max(1, round(self.r.expovariate(1 / mean))))
        # A restricted child goes missing too (the oldest held, if none of 10 to 17 was drawn).
        restricted = sorted(
            (
                case
                for case in cases
                if case.child.is_restricted
                and case.ended_on is None
                and case.child.kind == Person.Kind.CHILD
                and case.child.date_of_birth is not None
            ),
            key=lambda case: (case.child.date_of_birth, case.child.pk),
        )
        if restricted and not any(case.child.pk in chosen for case in restricted):
            chosen[restricted[0].child.pk] = 2
        for case in cases:
            if case.child.pk in chosen:
                self.plan_child(case.child, case, chosen[case.child.pk])
        self.plan_not_known(set(latest))
        # The latest episode the MASH matched to a child no team holds waits for its decision.
        undecided = [e for e in self.episodes if e.case is None and e.matched_at is not None]
        if undecided:
            latest_matched = max(undecided, key=lambda episode: episode.reported_at)
            latest_matched.follow_up, latest_matched.follow_up_at = "", None
            latest_matched.follow_up_by = None
        self.episodes.sort(key=lambda episode: (episode.reported_at, episode.child.pk))

    def many_episode_children(self, cases: list[Case]) -> list[tuple[Case, int]]:
        """Children with many episodes (MANY_EPISODES): the first held by the benchmark login's
        team, the longest-held open case of a child aged 10 to 17 not restricted."""
        teams = {
            team_id
            for team_id, staff in self.build.members.items()
            for users in staff.values()
            for user in users
            if user.username == BENCHMARK_LOGIN
        }
        open_cases = [
            case
            for case in cases
            if case.ended_on is None and not case.child.is_restricted and case.child.date_of_birth
        ]
        of_age = [case for case in open_cases if self.of_age(case.child)] or open_cases
        ordered = sorted(of_age, key=lambda case: (case.started_on, case.child.pk))
        first = [case for case in ordered if case.team.pk in teams] or ordered
        picked: list[Case] = first[:1]
        looked_after = [c for c in ordered if c.team.kind == Team.Kind.CHILDREN_IN_CARE]
        for case in [*looked_after, *ordered]:
            if len(picked) == len(MANY_EPISODES):
                break
            if all(case.child.pk != other.child.pk for other in picked):
                picked.append(case)
        return list(zip(picked, MANY_EPISODES, strict=False))

    def plan_child(self, child: Person, case: Case, count: int) -> None:
        start = max(self.year_start, case.started_on + timedelta(days=1))
        end = min(self.today - timedelta(days=1), case.ended_on or self.today)
        span = (end - start).days + 1
        if span <= 0:
            return
        group = "looked_after" if case.team.kind == Team.Kind.CHILDREN_IN_CARE else "in_need"
        days = sorted(self.r.sample(range(span), min(count, span)))
        self.plan_days(child, case, group, [start + timedelta(days=d) for d in days])

    def plan_not_known(self, held: set[int]) -> None:
        """Children no team holds, named by the police: most matched by the MASH to a record in
        the index (front-door history only), the latest still waiting."""
        pool = [
            child
            for family in self.build.families
            for child in family.children
            if child.pk not in held and not child.is_restricted and self.of_age(child)
        ]
        wanted = max(MINIMUM_NOT_KNOWN, round(NOT_KNOWN_PER_RECORD * self.build.size.children))
        waiting = max(1, round(WAITING_SHARE * wanted))
        children = self.r.sample(pool, min(wanted + waiting, len(pool)))
        for child in children[:wanted]:
            count = int(self.weighted({str(k): v for k, v in NOT_KNOWN_EPISODES.items()}))
            days = sorted(self.r.sample(range(364), count))
            self.plan_days(child, None, "not_known", [self.year_start + timedelta(d) for d in days])
        # Reported in the last hours: the MASH has not matched them yet.
        for child in children[wanted:]:
            since = self.horizon - self.hours(3, 20)
            episode = self.plan_report(child, None, "not_known", since)
            episode.reported_at = min(episode.reported_at, self.horizon - timedelta(minutes=30))
            episode.unmatched = True
            self.plan_return(episode, None)
            self.plan_interview(episode)
            self.episodes.append(episode)

    def plan_days(self, child: Person, case: Case | None, group: str, days: list[date]) -> None:
        episodes: list[_Episode] = []
        for day in days:
            since = datetime.combine(
                day, time(self.r.randint(12, 23), self.r.randint(0, 59)), tzinfo=self.zone
            )
            if since >= self.horizon - timedelta(hours=1):
                continue
            episodes.append(self.plan_report(child, case, group, since))
        for number, episode in enumerate(episodes):
            following = episodes[number + 1].since if number + 1 < len(episodes) else None
            self.plan_return(episode, following)
            self.plan_mash(episode)
            self.plan_interview(episode)
        self.episodes.extend(episodes)

    def plan_report(
        self, child: Person, case: Case | None, group: str, since: datetime
    ) -> _Episode:
        if group == "looked_after":
            where = self.weighted(
                {MissingFrom.CARE_PLACEMENT: 85, MissingFrom.SCHOOL: 10, MissingFrom.OTHER: 5}
            )
        else:
            where = self.weighted(
                {MissingFrom.HOME: 80, MissingFrom.SCHOOL: 12, MissingFrom.OTHER: 8}
            )
        reported_at = min(since + self.hours(0.5, 5), self.horizon - timedelta(minutes=30))
        police = case is None or (
            not child.is_restricted and self.r.random() < POLICE_RECORDED_SHARE
        )
        recorder = self.r.choice(self.police_users) if police else self.staff_recorder(case)
        return _Episode(
            child=child,
            case=case,
            group=group,
            since=since,
            reported_at=reported_at,
            absence=AbsenceKind.ABSENT
            if self.r.random() < ABSENT_SHARE[group]
            else AbsenceKind.MISSING,
            risk=self.weighted(RISK_WEIGHTS),
            missing_from=where,
            police=police,
            recorded_by=recorder,
        )

    def staff_recorder(self, case: Case | None) -> User:
        assert case is not None  # noqa: S101 (staff record only the children a team holds)
        if case.worker is not None:
            return case.worker
        staff = self.build.members.get(case.team.pk, {})
        for role in (Role.TEAM_MANAGER, Role.SOCIAL_WORKER, Role.ADVANCED_PRACTITIONER):
            if staff.get(role):
                return staff[role][0]
        raise RuntimeError(f"{case.team} has no staff.")

    def plan_return(self, episode: _Episode, following: datetime | None) -> None:
        age = self.horizon - episode.since
        still_missing = age < timedelta(hours=STILL_MISSING_HOURS) and self.r.random() < 0.5
        long_missing = (
            not still_missing
            and age < timedelta(days=21)
            and self.r.random() < LONG_MISSING_SHARE * 10
        )
        if still_missing or long_missing:
            return
        duration = timedelta(hours=min(24 * 14, self.r.lognormvariate(2.3, 1.0)))
        returned = episode.since + max(duration, timedelta(hours=1))
        if following is not None:
            returned = min(returned, following - timedelta(hours=2))
        recorded = returned + self.hours(0.25, 2)
        if returned <= episode.since or recorded >= self.horizon:
            return
        episode.returned_at = returned
        episode.return_recorded_at = recorded
        if episode.police:
            episode.return_recorded_by = self.r.choice(self.police_users)
        else:
            episode.return_recorded_by = episode.recorded_by
        if self.r.random() < SAFE_AND_WELL_SHARE:
            check = returned + self.hours(0.5, 20)
            if check < self.horizon:
                episode.safe_and_well_at = check

    def plan_mash(self, episode: _Episode) -> None:
        """The police's report reaches the MASH: matched to the child's record, then (for a child
        no team holds) the MASH's decision whether a contact follows."""
        if not episode.police or episode.unmatched:
            return
        matched = episode.reported_at + self.hours(*MATCH_HOURS)
        if matched >= self.horizon:
            return
        episode.matched_at = matched
        episode.matched_by = self.r.choice(self.build.mash_staff)
        if episode.case is not None or self.r.random() > DECIDED_SHARE:
            return
        decided = self.working_time(matched, 2, 30)
        if decided >= self.horizon:
            return
        episode.follow_up = (
            FollowUp.CONTACT if self.r.random() < CONTACT_SHARE else FollowUp.NO_CONTACT
        )
        episode.follow_up_at = decided
        episode.follow_up_by = self.r.choice(self.build.mash_staff)

    def plan_interview(self, episode: _Episode) -> None:
        """The offers and attempts, and the interview held, by the return interview officers."""
        returned = episode.return_recorded_at
        if returned is None or self.r.random() < NEVER_OFFERED_SHARE:
            return
        if self.r.random() < OFFERED_IN_72_HOURS_SHARE:
            at = self.working_time(returned, 2, 60)
        else:
            at = self.working_time(returned, 74, 200)
        accepted: datetime | None = None
        for number in range(3):
            if at >= self.horizon:
                return
            outcome = self.weighted(FIRST_ANSWER)
            officer = self.officer()
            episode.attempts.append(_Attempt(at, self.weighted(OFFER_METHODS), outcome, officer))
            if outcome == OfferOutcome.ACCEPTED:
                accepted = at
                break
            if outcome == OfferOutcome.DECLINED:
                if self.r.random() >= OFFERED_AGAIN_SHARE:
                    return
                again = self.working_time(at, 72, 240)
                if again >= self.horizon:
                    return
                episode.attempts.append(
                    _Attempt(again, InterviewMethod.PHONE, OfferOutcome.ACCEPTED, officer)
                )
                accepted = again
                break
            if number < 2:
                at = self.working_time(at, 20, 60)
        if accepted is None or self.r.random() >= HELD_SHARE:
            return
        held = self.working_time(accepted, 2, 80)
        if held >= self.horizon:
            return
        officer = episode.attempts[-1].officer
        indicators: list[str] = []
        if self.r.random() < INDICATORS_SHARE or episode.group == "looked_after":
            indicators = list(self.r.choice(INDICATOR_SETS))
        actions: list[tuple[str, User, date]] = []
        if self.r.random() < ACTIONS_SHARE:
            owner = self.action_owner(episode, officer)
            for text in self.r.sample(ACTIONS, self.r.randint(1, 2)):
                due = held.astimezone(self.zone).date() + timedelta(days=self.r.randint(3, 28))
                actions.append((text, owner, due))
        method = self.weighted(HELD_METHODS)
        episode.interview = _Interview(held, method, officer, indicators, actions)

    def action_owner(self, episode: _Episode, officer: User) -> User:
        case = episode.case
        if case is not None:
            return case.worker or self.staff_recorder(case)
        return self.r.choice(self.build.mash_staff) if self.r.random() < 0.5 else officer

    # Saving.

    def save(self) -> None:
        build = self.build
        rows = build.save(
            "missing episodes",
            MissingEpisode,
            [self.episode_row(episode) for episode in self.episodes],
        )
        pairs = list(zip(rows, self.episodes, strict=True))
        attempts = [
            InterviewAttempt(
                episode=row,
                attempted_at=attempt.at,
                method=attempt.method,
                outcome=attempt.outcome,
                notes="No answer; a message left." if attempt.outcome == "not_reached" else "",
                recorded_by=attempt.officer,
            )
            for row, episode in pairs
            for attempt in episode.attempts
        ]
        attempt_rows = build.save("interview offers", InterviewAttempt, attempts)
        held = [(row, episode.interview) for row, episode in pairs if episode.interview]
        interviews = build.save(
            "return home interviews",
            ReturnInterview,
            [self.interview_row(row, interview) for row, interview in held],
        )
        actions = [
            InterviewAction(
                interview=saved,
                action=text,
                owner=owner,
                due_on=due,
                recorded_by=interview.officer,
            )
            for saved, (_, interview) in zip(interviews, held, strict=True)
            for text, owner, due in interview.actions
        ]
        build.save("interview actions", InterviewAction, actions)
        items = self.notices(pairs)
        items += self.mash_items(pairs)
        items += self.interview_items(pairs)
        build.save_through("missing due items", timescales.save_due_items, items)
        build.insert(
            "missing chronology",
            ChronologyEntry,
            CHRONOLOGY_COLUMNS,
            self.chronology(pairs, attempt_rows),
        )
        build.summary.figures["missing episodes"] = len(rows)
        build.summary.figures["children missing"] = len({e.child.pk for e in self.episodes})

    def episode_row(self, episode: _Episode) -> MissingEpisode:
        child = episode.child
        self.serial += 1
        named = episode.police
        address = child.household.address if child.household else None
        row = MissingEpisode(
            child=child if episode.child_known else None,
            given_name=f"{child.first_name} {child.last_name}" if named else "",
            given_date_of_birth=child.date_of_birth if named else None,
            given_address=str(address)[:300] if named and address else "",
            reported_at=episode.reported_at,
            reported_by=self.r.choice(REPORTED_BY[episode.missing_from]),
            police_reference=(
                f"MPS-{episode.reported_at:%y%m%d}-{self.serial:05d}" if named else ""
            ),
            agency=self.police_agency if named else None,
            absence=episode.absence,
            police_risk=episode.risk,
            missing_from=episode.missing_from,
            missing_from_details=self.r.choice(FROM_DETAILS[episode.missing_from]),
            missing_since=episode.since,
            circumstances=self.r.choice(CIRCUMSTANCES),
            held_by_team=episode.case.team if episode.case and episode.child_known else None,
            recorded_by=episode.recorded_by,
        )
        if episode.returned_at is not None:
            row.returned_at = episode.returned_at
            row.found_where = self.r.choice(FOUND_WHERE)
            row.return_recorded_by = episode.return_recorded_by
            if episode.safe_and_well_at is not None:
                row.safe_and_well_at = episode.safe_and_well_at
                row.safe_and_well_by = f"PC {self.r.randint(1000, 9999)}, missing persons unit"
                row.safe_and_well_notes = self.r.choice(SAFE_AND_WELL)
        if episode.follow_up:
            row.follow_up = episode.follow_up
            reasons = (
                CONTACT_REASONS if episode.follow_up == FollowUp.CONTACT else NO_CONTACT_REASONS
            )
            row.follow_up_reason = self.r.choice(reasons)
            row.follow_up_by = episode.follow_up_by
            row.follow_up_at = episode.follow_up_at
        return row

    def interview_row(self, row: MissingEpisode, interview: _Interview) -> ReturnInterview:
        return ReturnInterview(
            episode=row,
            held_at=interview.held_at,
            method=interview.method,
            interviewer=interview.officer,
            why_went=self.r.choice(WHY_WENT),
            where_went=self.r.choice(WHERE_WENT),
            with_whom=self.r.choice(WITH_WHOM),
            push_factors=self.r.choice(PUSH),
            pull_factors=self.r.choice(PULL),
            indicators=[str(code) for code in interview.indicators],
            recorded_by=interview.officer,
        )

    def holders(self, case: Case) -> list[User]:
        """`casework.holders.holders`: the allocated worker, then the team's managers."""
        people = [case.worker] if case.worker is not None else []
        managers = self.build.members.get(case.team.pk, {}).get(Role.TEAM_MANAGER, [])
        people += [m for m in sorted(managers, key=lambda m: m.pk) if m not in people]
        return people

    def notices(self, pairs: list[tuple[MissingEpisode, _Episode]]) -> list[DueItem]:
        """The holding team told (`_tell_holders`): a notice for the worker and each manager,
        when staff recorded the episode or the MASH matched it; most read since."""
        told: list[tuple[MissingNotice, MissingEpisode, Case]] = []
        for row, episode in pairs:
            if episode.case is None or not episode.child_known:
                continue
            at = episode.matched_at or episode.reported_at
            for person in self.holders(episode.case):
                if not episode.police and person.pk == episode.recorded_by.pk:
                    continue
                told.append(
                    (MissingNotice(episode=row, told=person, told_at=at), row, episode.case)
                )
        saved = self.build.save("missing notices", MissingNotice, [n for n, _, _ in told])
        notice_type = ContentType.objects.get_for_model(MissingNotice).pk
        label = rules.MISSING_POLICE_NOTIFICATION.label
        items = []
        for notice, (_, row, case) in zip(saved, told, strict=True):
            item = timescales.due_item_row(
                rules.MISSING_POLICE_NOTIFICATION,
                child_id=row.child_id,
                record_type_id=notice_type,
                record_id=notice.pk,
                start=row.reported_at.astimezone(self.zone).date(),
                opened_at=notice.told_at,
                owner_id=notice.told_id,
                team_id=case.team.pk,
                summary=NOTICE_SUMMARY,
            )
            read = notice.told_at + self.hours(1, 30)
            if read < self.horizon and self.r.random() < 0.95:
                self.close(item, at=read, by=notice.told_id, note=f"Read: {label}")
            items.append(item)
        return items

    def mash_items(self, pairs: list[tuple[MissingEpisode, _Episode]]) -> list[DueItem]:
        """The MASH told (`_tell_the_mash`) of each episode the police recorded: closed when the
        MASH matched a child a team holds, or decided whether a contact follows."""
        episode_type = ContentType.objects.get_for_model(MissingEpisode).pk
        items = []
        for row, episode in pairs:
            if not episode.police:
                continue
            item = timescales.due_item_row(
                rules.MISSING_POLICE_NOTIFICATION,
                child_id=row.child_id,
                record_type_id=episode_type,
                record_id=row.pk,
                start=row.reported_at.astimezone(self.zone).date(),
                opened_at=row.reported_at,
                team_id=self.mash.pk,
                summary=MASH_SUMMARY,
            )
            if episode.case is not None and episode.matched_at and episode.matched_by:
                note = f"Matched to a child {episode.case.team} holds: the team was told"
                self.close(item, at=episode.matched_at, by=episode.matched_by.pk, note=note)
            elif episode.follow_up_at and episode.follow_up_by:
                note = f"MASH decision: {FollowUp(episode.follow_up).label}"
                self.close(item, at=episode.follow_up_at, by=episode.follow_up_by.pk, note=note)
            items.append(item)
        return items

    def interview_items(self, pairs: list[tuple[MissingEpisode, _Episode]]) -> list[DueItem]:
        """Each return's 72 hours (`record_return`), held by the team holding the child (or the
        MASH), closed by the first offer declined or by the interview held."""
        episode_type = ContentType.objects.get_for_model(MissingEpisode).pk
        items = []
        for row, episode in pairs:
            if row.returned_at is None or episode.return_recorded_at is None:
                continue
            item = timescales.due_item_row(
                rules.RETURN_HOME_INTERVIEW,
                child_id=row.child_id,
                record_type_id=episode_type,
                record_id=row.pk,
                start=row.returned_at,
                opened_at=episode.return_recorded_at,
                team_id=row.held_by_team_id or self.mash.pk,
                summary=INTERVIEW_SUMMARY,
            )
            declined = next(
                (a for a in episode.attempts if a.outcome == OfferOutcome.DECLINED), None
            )
            interview = episode.interview
            if declined is not None:
                method = InterviewMethod(declined.method).label.lower()
                note = f"Offered {self.local(declined.at)} ({method}): declined"
                self.close(item, at=declined.at, by=declined.officer.pk, note=note)
            elif interview is not None:
                note = f"Held {self.local(interview.held_at)}"
                self.close(item, at=interview.held_at, by=interview.officer.pk, note=note)
            items.append(item)
        return items

    def local(self, moment: datetime) -> str:
        return f"{timezone.localtime(moment, self.zone):%-d %B %Y %H:%M}"

    @staticmethod
    def close(item: DueItem, *, at: datetime, by: int, note: str) -> None:
        item.closed_at = at
        item.closed_by_id = by
        item.close_note = note[:300]

    def chronology(
        self, pairs: list[tuple[MissingEpisode, _Episode]], attempts: list[InterviewAttempt]
    ) -> list[tuple[object, ...]]:
        """The lines the services write on the child's chronology (`missing.entries`)."""
        by_episode: dict[int, list[InterviewAttempt]] = {}
        for attempt in attempts:
            by_episode.setdefault(attempt.episode_id, []).append(attempt)
        lines: list[ChronologyEntry] = []
        for row, episode in pairs:
            child = row.child
            if child is None:
                continue
            # Staff record on the record; the MASH's match writes the police's report's lines.
            by = episode.recorded_by if not episode.police else episode.matched_by
            lines.append(
                entries.went_missing(child, episode=row, on=self.day(row.missing_since), by=by)
            )
            if row.returned_at is not None and episode.return_recorded_at is not None:
                by_return = row.return_recorded_by
                if episode.matched_at and episode.matched_at > episode.return_recorded_at:
                    by_return = episode.matched_by
                lines.append(
                    entries.returned(child, episode=row, on=self.day(row.returned_at), by=by_return)
                )
            if row.follow_up_at is not None:
                lines.append(
                    entries.follow_up(
                        child, episode=row, on=self.day(row.follow_up_at), by=row.follow_up_by
                    )
                )
            for attempt in by_episode.get(row.pk, []):
                if attempt.outcome == OfferOutcome.NOT_REACHED:
                    continue
                lines.append(
                    entries.interview_offered(
                        child,
                        episode=row,
                        attempt=attempt,
                        on=self.day(attempt.attempted_at),
                        by=attempt.recorded_by,
                    )
                )
            if episode.interview is not None:
                lines.append(
                    entries.interview_held(
                        child,
                        episode=row,
                        on=self.day(episode.interview.held_at),
                        by=episode.interview.officer,
                    )
                )
        return [chronology_row(line) for line in lines]

    def day(self, moment: datetime) -> date:
        return timezone.localtime(moment, self.zone).date()


def add_missing_episodes(build: Build) -> None:
    """A year of missing episodes at the borough's rates, with what followed each."""
    started = timer.perf_counter()
    missing = _Missing(build)
    missing.plan()
    build.planned("missing (planned)", started)
    missing.save()
