"""The demo's assessments: each planned child and family assessment saved, with its family
assessment, factors and chronology."""

from opencsc.assessments import entries as assessment_entries
from opencsc.assessments.models import Assessment, AssessmentFactor, FamilyAssessment, Outcome
from opencsc.demo import vocabulary as words
from opencsc.demo.pathway.records import (
    PlannedAssessment,
)
from opencsc.demo.pathway.saving import PathwaySaver


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
                a.submitted_on,
                a.authorised_by.pk if a.authorised_by else None,
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
            "submitted_by_id",
            "submitted_on",
            "authorised_by_id",
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
