"""The demo's assessments: `AssessmentPlanner` plans them (its part of the pathway's planner) and
`save_assessments` saves each child and family assessment, with its family assessment, factors
and chronology."""

from datetime import date, timedelta

from opencsc.assessments import entries as assessment_entries
from opencsc.assessments.models import Assessment, AssessmentFactor, FamilyAssessment, Outcome
from opencsc.demo import vocabulary as words
from opencsc.demo.frontdoor import (
    ASSESSMENT_DAYS,
)
from opencsc.demo.pathway.base import PlannerBase
from opencsc.demo.pathway.records import (
    ASSESSMENT_TEAM,
    CATEGORY_FACTOR,
    FACTOR_SHARES,
    LONG_ASSESSMENT_CASE_DAYS,
    REASSESS_AFTER_DAYS,
    SEEN_ALONE,
    TRANSFER_WAIT,
    ChildAssessment,
    GroupPath,
    PlannedAssessment,
)
from opencsc.demo.pathway.saving import PathwaySaver
from opencsc.people.models import Person
from opencsc.timescales import calendar, rules


def save_assessments(saver: PathwaySaver) -> None:
    build = saver.build
    families: list[PlannedAssessment] = []
    for child_assessment in saver.plan.child_assessments:
        if id(child_assessment.assessment) not in saver.keys:
            saver.keys[id(child_assessment.assessment)] = 0
            families.append(child_assessment.assessment)
    family_keys = build.insert(
        "family assessments",
        FamilyAssessment,
        ("family_history", "parenting_capacity"),
        [
            (saver.r.choice(words.FAMILY_HISTORY), saver.r.choice(words.PARENTING_CAPACITY))
            for _ in families
        ],
        keys=True,
    )
    for assessment, key in zip(families, family_keys, strict=True):
        saver.keys[id(assessment)] = key
    rows = []
    for item in saver.plan.child_assessments:
        a = item.assessment
        views, lived, risk, protective = item.texts
        done = a.status != Assessment.Status.IN_PROGRESS
        rows.append(
            (
                item.child.pk,
                saver.referral_key(item.episode),
                saver.keys[id(a)],
                a.status,
                a.started_on,
                a.due_on,
                a.worker.pk,
                item.seen_on,
                item.seen_alone_on,
                item.not_seen_alone_reason,
                views if item.seen_on else "",
                lived,
                risk if done else "",
                protective if done else "",
                a.outcome if done else "",
                words.ASSESSMENT_OUTCOME_REASONS.get(a.outcome, "") if done else "",
                a.worker.pk if a.submitted_on else None,
                saver.midday(a.submitted_on),
                a.authorised_by.pk if a.authorised_by else None,
                saver.midday(a.authorised_on),
                a.authorised_on,
                "",
            )
        )
    keys = build.insert(
        "assessments",
        Assessment,
        (
            "child_id",
            "referral_id",
            "family_id",
            "status",
            "started_on",
            "due_on",
            "worker_id",
            "seen_on",
            "seen_alone_on",
            "not_seen_alone_reason",
            "child_views",
            "lived_experience",
            "risk_analysis",
            "protective_factors",
            "outcome",
            "outcome_reason",
            "proposed_by_id",
            "proposed_at",
            "reviewed_by_id",
            "reviewed_at",
            "authorised_on",
            "manager_comment",
        ),
        rows,
        keys=True,
    )
    factors: list[tuple[int, str]] = []
    outcomes = dict(Outcome.choices)
    for item, key in zip(saver.plan.child_assessments, keys, strict=True):
        a = item.assessment
        saver.child_keys[(id(a), item.child.pk)] = key
        factors.extend((key, code) for code in item.factors)
        saver.entry(
            assessment_entries.started(
                item.child, assessment_id=key, worker=a.worker, on=a.started_on, by=a.worker
            )
        )
        if a.authorised_on is not None and a.authorised_by is not None:
            saver.entry(
                assessment_entries.authorised(
                    item.child,
                    assessment_id=key,
                    outcome=outcomes[a.outcome],
                    on=a.authorised_on,
                    by=a.authorised_by,
                )
            )
    build.insert("assessment factors", AssessmentFactor, ("assessment_id", "code"), factors)


class AssessmentPlanner(PlannerBase):
    """Plans each child and family assessment: started, authorised, redone each year; who was
    seen, and the factors recorded."""

    def assess(
        self, path: GroupPath, referred: date, closed: date | None
    ) -> PlannedAssessment | None:
        """The group's assessment: started when the case was allocated, authorised when the
        assessment team's case ended, or after a drawn number of working days."""
        first = path.cases[0]
        waiting = closed is None and len(path.cases) == 1 and first.worker is None
        if waiting and first.team.kind == ASSESSMENT_TEAM:
            return None  # waiting for a worker: not started yet
        started = max(referred, first.started_on)
        if started > self.yesterday:
            return None
        if len(path.cases) == 2:
            wait = self.between(TRANSFER_WAIT)
            authorised: date | None = calendar.subtract_working_days(path.cases[1].started_on, wait)
        elif closed is not None:
            # Closed when the assessment ended; a case held longer closed a while after it.
            authorised = self.working_on_or_before(closed - timedelta(days=self.r.randint(0, 2)))
            if (closed - referred).days > LONG_ASSESSMENT_CASE_DAYS:
                authorised = calendar.add_working_days(referred, self.between(ASSESSMENT_DAYS))
        else:
            authorised = calendar.add_working_days(referred, self.between(ASSESSMENT_DAYS))
        assert authorised is not None  # noqa: S101 - narrows the type
        authorised = max(authorised, started)
        if closed is not None:
            authorised = min(authorised, closed)
        assessment = PlannedAssessment(
            started_on=started,
            worker=self.worker_on(path, started),
            team=self.case_on(path, started).team,
            status=Assessment.Status.AUTHORISED,
            due_on=self.due(rules.ASSESSMENT, referred),
        )
        if authorised > self.yesterday:
            assessment.status = Assessment.Status.IN_PROGRESS
        else:
            self.authorise(path, assessment, authorised)
        path.assessments.append(assessment)
        return assessment

    def authorise(self, path: GroupPath, assessment: PlannedAssessment, day: date) -> None:
        assessment.status = Assessment.Status.AUTHORISED
        assessment.submitted_on = max(
            assessment.started_on,
            calendar.subtract_working_days(day, self.r.choice((0, 0, 1, 2, 3))),
        )
        assessment.authorised_on = day
        assessment.authorised_by = self.manager_on(path, day)

    def reassess(self, path: GroupPath) -> None:
        """Update the assessment of a child on a long-term plan each year."""
        while path.assessments:
            previous = path.assessments[-1]
            if previous.authorised_on is None:
                return
            start = calendar.add_working_days(
                previous.authorised_on + timedelta(days=self.r.randint(*REASSESS_AFTER_DAYS)), 0
            )
            if start > self.yesterday:
                return
            assessment = PlannedAssessment(
                started_on=start,
                worker=self.worker_on(path, start),
                team=self.case_on(path, start).team,
                status=Assessment.Status.IN_PROGRESS,
                outcome=Outcome.CIN_PLAN,
                due_on=self.due(rules.ASSESSMENT, start),
            )
            done = calendar.add_working_days(start, self.between(ASSESSMENT_DAYS))
            if done <= self.yesterday:
                self.authorise(path, assessment, done)
            path.assessments.append(assessment)

    def plan_children(self, path: GroupPath) -> None:
        """Each child's seen dates and factors for each of the group's assessments."""
        categories = [plan.category for plan in path.protection_plans]
        for assessment in path.assessments:
            family_texts = (
                self.r.choice(words.CHILD_VIEWS),
                self.r.choice(words.LIVED_EXPERIENCE),
                self.r.choice(words.RISK_ANALYSIS),
                self.r.choice(words.PROTECTIVE_FACTORS),
            )
            for episode in path.episodes:
                seen_on, alone_on, reason = self.seen(episode.child, assessment)
                factors: list[str] = []
                if assessment.status == Assessment.Status.AUTHORISED:
                    factors = self.factors(assessment.outcome, categories)
                self.plan.child_assessments.append(
                    ChildAssessment(
                        child=episode.child,
                        episode=episode,
                        assessment=assessment,
                        seen_on=seen_on,
                        seen_alone_on=alone_on,
                        not_seen_alone_reason=reason,
                        factors=factors,
                        texts=family_texts,
                    )
                )

    def seen(
        self, child: Person, assessment: PlannedAssessment
    ) -> tuple[date | None, date | None, str]:
        """When the child was seen, and seen alone, or why not."""
        end = assessment.authorised_on or assessment.submitted_on or self.yesterday
        born = child.date_of_birth
        seen = calendar.add_working_days(
            assessment.started_on, self.r.choice((0, 0, 1, 1, 2, 3, 5, 8))
        )
        if born is None or born > end:
            return None, None, words.UNBORN_NOT_SEEN
        seen = max(seen, born)
        if seen > end:
            if assessment.status == Assessment.Status.AUTHORISED:
                seen = max(assessment.started_on, born)
            else:
                return None, None, ""
        if (seen - born).days < 2 * 365:
            return seen, None, words.TOO_YOUNG_TO_BE_SEEN_ALONE
        how = self.weighted(SEEN_ALONE)
        recent = (
            assessment.authorised_on is not None
            and (self.today - assessment.authorised_on).days <= 20
        )
        if how == "neither" and not (recent or assessment.status != Assessment.Status.AUTHORISED):
            how = "alone"
        if how == "alone":
            alone = (
                seen
                if self.r.random() < 0.7
                else calendar.add_working_days(seen, self.r.randint(1, 5))
            )
            return seen, min(alone, end), ""
        if how == "reason":
            return seen, None, self.r.choice(words.NOT_SEEN_ALONE_REASONS)
        return seen, None, ""

    def factors(self, outcome: str, categories: list[str]) -> list[str]:
        """The assessment factors recorded (CIN-2025 table C3 shares); 21 alone for none."""
        chosen = [code for code, share in FACTOR_SHARES.items() if self.r.random() < share]
        for category in categories:
            code = CATEGORY_FACTOR.get(category)
            if code is not None and code not in chosen:
                chosen.append(code)
        if not chosen:
            if outcome in (Outcome.NO_FURTHER_ACTION, Outcome.EARLY_HELP):
                return ["21"]
            chosen = [self.weighted(FACTOR_SHARES)]
        return chosen
