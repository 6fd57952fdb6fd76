"""Writes for child and family assessments: start (siblings too), record, submit, authorise."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import Team, User
from opencsc.assessments.models import Assessment, AssessmentFactor, FamilyAssessment, Outcome
from opencsc.audit import services as audit
from opencsc.casework import services as casework
from opencsc.casework.models import Referral
from opencsc.chronology import services as chronology
from opencsc.chronology.models import ChronologyEntry
from opencsc.core.codes import cin_code_list
from opencsc.core.states import move
from opencsc.people.models import Person, Relationship
from opencsc.timescales import rules
from opencsc.timescales import services as timescales

# Outcomes after which a child moves from an assessment team to a long-term team.
TRANSFER_OUTCOMES = frozenset({Outcome.CIN_PLAN, Outcome.STRATEGY_DISCUSSION, Outcome.LOOKED_AFTER})
RETIRED_FACTORS = frozenset({"18A", "19A"})


@dataclass
class AssessmentDetails:
    """What a worker records on one child's assessment (the family's part is shared by siblings)."""

    seen_on: date | None = None
    seen_alone_on: date | None = None
    not_seen_alone_reason: str = ""
    child_views: str = ""
    lived_experience: str = ""
    risk_analysis: str = ""
    protective_factors: str = ""
    factors: list[str] = field(default_factory=list)
    outcome: str = ""
    outcome_reason: str = ""
    family_history: str = ""
    parenting_capacity: str = ""


def _are_siblings(child: Person, other: Person) -> bool:
    if child.household_id is not None and child.household_id == other.household_id:
        return True
    return (
        Relationship.objects.filter(
            from_person=child, to_person=other, kind=Relationship.Kind.SIBLING
        ).exists()
        or Relationship.objects.filter(
            from_person=other, to_person=child, kind=Relationship.Kind.SIBLING
        ).exists()
    )


@transaction.atomic
def start_assessment(
    *,
    referral: Referral,
    siblings: list[Referral] | None = None,
    started_on: date,
    worker: User,
    by: User,
) -> Assessment:
    """Start the child and family assessment of `referral`'s child, and of siblings in their own
    open episodes, who share one family part. Returns the first child's assessment."""
    episodes = [referral, *(siblings or [])]
    if len({episode.child_id for episode in episodes}) != len(episodes):
        raise ValidationError({"siblings": "Choose each brother or sister once"})
    created: list[Assessment] = []
    family = FamilyAssessment.objects.create()
    for episode in episodes:
        permissions.require_works_case(by, episode.child)
        locked = casework.lock_open_episode(episode, on=started_on)
        child = episode.child
        if episode is not referral and not _are_siblings(referral.child, child):
            raise ValidationError(
                {"siblings": f"{child.full_name} is not a brother or sister in the household"}
            )
        if (
            Assessment.objects.filter(referral=locked, child=child)
            .exclude(status=Assessment.Status.AUTHORISED)
            .exists()
        ):
            raise ValidationError(
                {"started_on": f"{child.full_name} already has an assessment in progress"}
            )
        if not worker.is_active:
            raise ValidationError({"worker": "Choose a worker who can sign in"})
        assessment = Assessment(
            child=child,
            referral=locked,
            family=family,
            started_on=started_on,
            due_on=rules.ASSESSMENT.due_on(locked.referred_on),
            worker=worker,
        )
        assessment.full_clean(exclude=["family"])
        try:
            with transaction.atomic():
                assessment.save()
        except IntegrityError as error:
            raise ValidationError(
                {"started_on": f"{child.full_name} already has an assessment in progress"}
            ) from error
        chronology.add_entry(
            child,
            kind=ChronologyEntry.Kind.ASSESSMENT,
            happened_on=started_on,
            summary=f"Child and family assessment started by {worker}",
            record=assessment,
            by=by,
        )
        audit.log_change(
            by=by,
            child=child,
            record=assessment,
            action="assessments.start",
            summary=f"Assessment started {started_on:%-d %B %Y}",
        )
        created.append(assessment)
    return created[0]


def _locked(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update()
        .select_related("child", "family")
        .get(pk=assessment.pk)
    )


def _check_details(assessment: Assessment, details: AssessmentDetails) -> dict[str, str]:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    for name in ("seen_on", "seen_alone_on"):
        day = getattr(details, name)
        if day is not None and day < assessment.started_on:
            errors[name] = (
                f"The date cannot be before the assessment started "
                f"({assessment.started_on:%-d %B %Y})"
            )
        elif day is not None and day > today:
            errors[name] = "The date cannot be in the future"
    if details.seen_alone_on is not None and details.seen_on is None:
        errors["seen_on"] = "Enter the date the child was seen"
    if details.seen_alone_on is not None and details.not_seen_alone_reason.strip():
        errors["not_seen_alone_reason"] = (
            "Leave this empty: the child was seen alone, or remove the date they were"
        )
    codes = list(details.factors)
    known = cin_code_list("assessment_factors")
    if any(code not in known or code in RETIRED_FACTORS for code in codes):
        errors["factors"] = "Choose factors from the list"
    elif len(set(codes)) != len(codes):
        errors["factors"] = "Choose each factor once"
    elif AssessmentFactor.NONE in codes and len(codes) > 1:
        errors["factors"] = "“No factors identified” cannot be chosen with other factors"
    if details.outcome and details.outcome not in Outcome.values:
        errors["outcome"] = "Choose an outcome from the list"
    return errors


@transaction.atomic
def update_assessment(
    *, assessment: Assessment, details: AssessmentDetails, by: User
) -> Assessment:
    """Save what the worker has recorded so far; an assessment is editable until it is submitted
    (and again when a manager returns it)."""
    permissions.require_works_case(by, assessment.child)
    assessment = _locked(assessment)
    casework.lock_open_episode(assessment.referral)
    if assessment.status != Assessment.Status.IN_PROGRESS:
        raise ValidationError(
            f"This assessment is {assessment.get_status_display().lower()}: it cannot be changed."
        )
    errors = _check_details(assessment, details)
    if errors:
        raise ValidationError(errors)
    for name in (
        "seen_on",
        "seen_alone_on",
        "not_seen_alone_reason",
        "child_views",
        "lived_experience",
        "risk_analysis",
        "protective_factors",
        "outcome",
        "outcome_reason",
    ):
        value = getattr(details, name)
        setattr(assessment, name, value.strip() if isinstance(value, str) else value)
    assessment.full_clean(exclude=["family"])
    assessment.save()
    family = assessment.family
    family.family_history = details.family_history.strip()
    family.parenting_capacity = details.parenting_capacity.strip()
    family.save(update_fields=["family_history", "parenting_capacity", "updated_at"])
    assessment.factors.exclude(code__in=details.factors).delete()
    have = set(assessment.factors.values_list("code", flat=True))
    AssessmentFactor.objects.bulk_create(
        AssessmentFactor(assessment=assessment, code=code)
        for code in details.factors
        if code not in have
    )
    audit.log_change(
        by=by,
        child=assessment.child,
        record=assessment,
        action="assessments.update",
        summary="Assessment updated",
    )
    return assessment


def missing_for_submission(assessment: Assessment) -> dict[str, str]:
    """What must be recorded before an assessment goes to a manager, by field."""
    missing: dict[str, str] = {}
    if assessment.seen_on is None:
        missing["seen_on"] = "Enter the date the child was seen"
    if not assessment.child_views.strip():
        missing["child_views"] = "Enter the child's views and wishes"
    if not assessment.lived_experience.strip():
        missing["lived_experience"] = "Enter what the child's daily life is like"
    if not assessment.risk_analysis.strip():
        missing["risk_analysis"] = "Enter your analysis of risk"
    if not assessment.factors.exists():
        missing["factors"] = "Choose the factors identified, or “No factors identified”"
    if not assessment.outcome:
        missing["outcome"] = "Choose the outcome of the assessment"
    if not assessment.outcome_reason.strip():
        missing["outcome_reason"] = "Enter why this is the right outcome"
    return missing


@transaction.atomic
def submit_assessment(*, assessment: Assessment, by: User) -> Assessment:
    """Send a complete assessment to a manager to authorise."""
    permissions.require_works_case(by, assessment.child)
    assessment = _locked(assessment)
    casework.lock_open_episode(assessment.referral)
    if assessment.status != Assessment.Status.IN_PROGRESS:
        raise ValidationError("This assessment has already been sent to a manager.")
    missing = missing_for_submission(assessment)
    if missing:
        raise ValidationError(missing)
    move(assessment, Assessment.Status.SUBMITTED)
    assessment.submitted_by = by
    assessment.submitted_on = timezone.localdate()
    assessment.manager_comment = ""
    assessment.save()
    audit.log_change(
        by=by,
        child=assessment.child,
        record=assessment,
        action="assessments.submit",
        summary="Assessment sent to a manager to authorise",
    )
    return assessment


def _holding_team(child: Person) -> Team | None:
    team, _ = casework.holder_of(child)
    return team


@transaction.atomic
def authorise_assessment(*, assessment: Assessment, by: User, comment: str = "") -> Assessment:
    """Authorise a submitted assessment: the 45-working-day clock stops, and its outcome opens the
    next piece of work (strategy discussion, child in need plan, transfer to a long-term team)."""
    permissions.require_manages_case(by, assessment.child)
    assessment = _locked(assessment)
    referral = casework.lock_open_episode(assessment.referral)
    if assessment.status != Assessment.Status.SUBMITTED:
        raise ValidationError(
            f"This assessment is {assessment.get_status_display().lower()}: "
            "only a submitted assessment can be authorised."
        )
    if assessment.submitted_by_id == by.pk:
        raise PermissionDenied("You submitted this assessment: another manager must authorise it.")
    today = timezone.localdate()
    move(assessment, Assessment.Status.AUTHORISED)
    assessment.authorised_by = by
    assessment.authorised_on = today
    assessment.manager_comment = comment.strip()
    assessment.full_clean(exclude=["family"])
    assessment.save()
    child = assessment.child
    if (
        not Assessment.objects.filter(referral=referral, child=child)
        .exclude(status=Assessment.Status.AUTHORISED)
        .exists()
    ):
        timescales.close_due_items(
            record=referral, by=by, rule=rules.ASSESSMENT, note="Assessment authorised"
        )
    if assessment.seen_alone_unexplained:
        casework.open_pathway_due_item(
            rules.SEEN_ALONE_REASON,
            child=child,
            record=assessment,
            start=today,
            summary=f"{child.full_name} not seen alone during the assessment, and no reason given",
        )
    if assessment.outcome == Outcome.STRATEGY_DISCUSSION:
        casework.open_pathway_due_item(
            rules.STRATEGY_DISCUSSION,
            child=child,
            record=assessment,
            start=today,
            summary=f"Strategy discussion for {child.full_name}",
        )
    if assessment.outcome == Outcome.CIN_PLAN:
        casework.open_pathway_due_item(
            rules.CIN_PLAN,
            child=child,
            record=assessment,
            start=today,
            summary=f"Child in need plan for {child.full_name}",
        )
    team = _holding_team(child)
    if (
        assessment.outcome in TRANSFER_OUTCOMES
        and team is not None
        and team.kind == Team.Kind.ASSESSMENT
    ):
        casework.open_pathway_due_item(
            rules.TRANSFER_AFTER_ASSESSMENT,
            child=child,
            record=assessment,
            start=today,
            summary=f"Transfer {child.full_name} to a long-term team",
        )
    chronology.add_entry(
        child,
        kind=ChronologyEntry.Kind.ASSESSMENT,
        happened_on=today,
        summary=f"Assessment authorised by {by}: {assessment.get_outcome_display()}",
        record=assessment,
        by=by,
    )
    audit.log_change(
        by=by,
        child=child,
        record=assessment,
        action="assessments.authorise",
        summary=f"Authorised: {assessment.get_outcome_display()}",
    )
    return assessment


@transaction.atomic
def return_assessment(*, assessment: Assessment, comment: str, by: User) -> Assessment:
    """Return a submitted assessment to the worker with the manager's comments."""
    permissions.require_manages_case(by, assessment.child)
    if not comment.strip():
        raise ValidationError({"comment": "Enter what more work is needed"})
    assessment = _locked(assessment)
    casework.lock_open_episode(assessment.referral)
    if assessment.status != Assessment.Status.SUBMITTED:
        raise ValidationError(
            f"This assessment is {assessment.get_status_display().lower()}: "
            "only a submitted assessment can be returned."
        )
    move(assessment, Assessment.Status.IN_PROGRESS)
    assessment.manager_comment = comment.strip()
    assessment.save()
    audit.log_change(
        by=by,
        child=assessment.child,
        record=assessment,
        action="assessments.return",
        summary=f"Returned for more work: {assessment.manager_comment}",
    )
    return assessment
