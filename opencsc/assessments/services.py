"""Writes for child and family assessments: start (siblings too), record, submit, authorise.

Working Together 2023 ch. 3: a child and family assessment is completed, and authorised by a
manager, within 45 working days of the referral; the child is seen, and seen alone where
appropriate. CIN census: AssessmentActualStartDate, AssessmentAuthorisationDate, AssessmentFactors
(8869: factor 21 stands alone; 8898: no repeats; 8896: one unauthorised assessment per episode).
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import Team, User
from opencsc.assessments import entries
from opencsc.assessments.models import Assessment, AssessmentFactor, FamilyAssessment, Outcome
from opencsc.assessments.selectors import siblings_in_protection_ids
from opencsc.audit import services as audit
from opencsc.casework import services as casework
from opencsc.casework.models import Referral
from opencsc.chronology import services as chronology
from opencsc.chronology.models import ChronologyEntry
from opencsc.core import smart
from opencsc.core.codes import cin_code_list
from opencsc.core.states import move
from opencsc.people.models import Person, Relationship
from opencsc.permissions import Action
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from opencsc.timescales.models import DueItem

# Outcomes after which a child moves from an assessment team to a long-term team.
TRANSFER_OUTCOMES = frozenset({Outcome.CIN_PLAN, Outcome.STRATEGY_DISCUSSION, Outcome.LOOKED_AFTER})
# Retired from 2024-25 (CIN census 8945Q, 8950Q): 18B/18C and 19B/19C replace them.
RETIRED_FACTORS = frozenset({"18A", "19A"})

# The child's own fields an update writes, in the order the form shows them.
CHILD_FIELDS = (
    "seen_on",
    "seen_alone_on",
    "not_seen_alone_reason",
    "child_views",
    "lived_experience",
    "risk_analysis",
    "protective_factors",
    "outcome",
    "outcome_reason",
)
FAMILY_FIELDS = ("family_history", "parenting_capacity")


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


def _d(day: date) -> str:
    return f"{day:%-d %B %Y}"


def are_siblings(child: Person, other: Person) -> bool:
    """Whether two children may be assessed together: one household, or recorded as siblings."""
    if child.household_id is not None and child.household_id == other.household_id:
        return True
    return Relationship.objects.filter(
        from_person__in=[child, other],
        to_person__in=[child, other],
        kind=Relationship.Kind.SIBLING,
    ).exists()


def _lock_episode(referral: Referral, *, on: date | None = None, key: str) -> Referral:
    """Lock the episode first (casework.lock_open_episode), its refusal shown next to `key`."""
    try:
        return casework.lock_open_episode(referral, on=on)
    except ValidationError as error:
        raise ValidationError({key: error.messages}) from error


def _assessment_due_on(referral: Referral) -> date:
    """The date the referral's ASSESSMENT due item holds (the rule's date if it has none)."""
    item = (
        DueItem.objects.filter(
            record_type=ContentType.objects.get_for_model(Referral),
            record_id=referral.pk,
            rule=rules.ASSESSMENT.code,
        )
        .order_by("-pk")
        .values_list("due_on", flat=True)
        .first()
    )
    return item if item is not None else rules.ASSESSMENT.due_on(referral.referred_on)


def _has_open_assessment(referral: Referral, child: Person) -> bool:
    return (
        Assessment.objects.filter(referral=referral, child=child)
        .exclude(status=Assessment.Status.AUTHORISED)
        .exists()
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
    """Start the child and family assessment of `referral`'s child, and of brothers and sisters
    (same household or a sibling relationship) in open episodes of their own, all sharing one
    family part. One open assessment per episode (CIN census 8896); it starts on or after the
    referral (1103). Returns the first child's assessment."""
    episodes = [referral, *(siblings or [])]
    if len({episode.child_id for episode in episodes}) != len(episodes):
        raise ValidationError({"siblings": "Choose each brother or sister once"})
    created: list[Assessment] = []
    family = FamilyAssessment.objects.create()
    for episode in episodes:
        is_sibling = episode is not referral
        key = "siblings" if is_sibling else "started_on"
        permissions.require(by, Action.START_ASSESSMENT, episode.child)
        locked = _lock_episode(episode, on=started_on, key=key)
        child = locked.child
        if is_sibling and not are_siblings(referral.child, child):
            raise ValidationError(
                {"siblings": f"{child.full_name} is not a brother or sister in the household"}
            )
        if _has_open_assessment(locked, child):
            raise ValidationError({key: f"{child.full_name} already has an assessment in progress"})
        if not worker.is_active or not permissions.can(worker, Action.START_ASSESSMENT, child):
            raise ValidationError(
                {"worker": f"Choose a worker in the team that holds {child.full_name}'s case"}
            )
        assessment = Assessment(
            child=child,
            referral=locked,
            family=family,
            started_on=started_on,
            due_on=_assessment_due_on(locked),
            worker=worker,
        )
        assessment.full_clean(exclude=["family"])
        try:
            # Two starts at once: the partial unique constraint lets one through.
            with transaction.atomic():
                assessment.save()
        except IntegrityError as error:
            raise ValidationError(
                {key: f"{child.full_name} already has an assessment in progress"}
            ) from error
        together = [e.child for e in episodes if e.child_id != child.pk]
        entries.started(
            child,
            assessment_id=assessment.pk,
            worker=worker,
            together=together,
            on=started_on,
            by=by,
        ).save()
        audit.log_change(
            by=by,
            child=child,
            record=assessment,
            action=Action.START_ASSESSMENT,
            summary=f"Assessment started {_d(started_on)}, due {_d(assessment.due_on)}",
        )
        created.append(assessment)
    return created[0]


def _locked(assessment: Assessment) -> Assessment:
    # Lock the row so a double submit, or two managers deciding at once, give one result.
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("child", "family", "reviewed_by")
        .get(pk=assessment.pk)
    )


def _check_details(assessment: Assessment, details: AssessmentDetails) -> dict[str, str]:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    for name in ("seen_on", "seen_alone_on"):
        day = getattr(details, name)
        if day is not None and day < assessment.started_on:
            errors[name] = (
                f"The date cannot be before the assessment started ({_d(assessment.started_on)})"
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


def _changes(assessment: Assessment, details: AssessmentDetails, codes: list[str]) -> list[str]:
    """What an update changes, in words for the chronology."""
    changed: list[str] = []
    if details.seen_on != assessment.seen_on and details.seen_on is not None:
        changed.append(f"seen {_d(details.seen_on)}")
    if details.seen_alone_on != assessment.seen_alone_on and details.seen_alone_on is not None:
        changed.append(f"seen alone {_d(details.seen_alone_on)}")
    if details.not_seen_alone_reason.strip() != assessment.not_seen_alone_reason:
        changed.append("why not seen alone")
    for name, words in (
        ("child_views", "views"),
        ("lived_experience", "lived experience"),
        ("risk_analysis", "risk"),
        ("protective_factors", "protective factors"),
    ):
        if getattr(details, name).strip() != getattr(assessment, name):
            changed.append(words)
    for name, words in (
        ("family_history", "family history"),
        ("parenting_capacity", "parents' capacity"),
    ):
        if getattr(details, name).strip() != getattr(assessment.family, name):
            changed.append(words)
    if sorted(details.factors) != sorted(codes):
        changed.append(f"factors {' '.join(details.factors) or 'cleared'}")
    if details.outcome != assessment.outcome or (
        details.outcome_reason.strip() != assessment.outcome_reason
    ):
        changed.append(
            f"outcome {Outcome(details.outcome).label if details.outcome else 'cleared'}"
        )
    return changed


@transaction.atomic
def update_assessment(
    *, assessment: Assessment, details: AssessmentDetails, by: User
) -> Assessment:
    """Save what the worker has recorded so far; an assessment is editable until it is submitted
    (and again when a manager returns it), never once authorised. The family history and parents'
    capacity are shared with the brothers and sisters assessed with the child."""
    permissions.require(by, Action.UPDATE_ASSESSMENT, assessment.child)
    casework.lock_open_episode(assessment.referral)
    assessment = _locked(assessment)
    if not assessment.is_editable:
        raise ValidationError(
            f"This assessment is {assessment.get_status_display().lower()}: it cannot be changed."
        )
    errors = _check_details(assessment, details)
    if errors:
        raise ValidationError(errors)
    codes = list(assessment.factors.values_list("code", flat=True))
    changed = _changes(assessment, details, codes)
    for name in CHILD_FIELDS:
        value = getattr(details, name)
        setattr(assessment, name, value.strip() if isinstance(value, str) else value)
    assessment.full_clean(exclude=["family"])
    assessment.save()
    family = assessment.family
    if any(getattr(details, name).strip() != getattr(family, name) for name in FAMILY_FIELDS):
        family = FamilyAssessment.objects.select_for_update().get(pk=family.pk)
        for name in FAMILY_FIELDS:
            setattr(family, name, getattr(details, name).strip())
        family.save(update_fields=[*FAMILY_FIELDS, "updated_at"])
    assessment.factors.exclude(code__in=details.factors).delete()
    AssessmentFactor.objects.bulk_create(
        AssessmentFactor(assessment=assessment, code=code)
        for code in details.factors
        if code not in codes
    )
    summary = f"Assessment recorded: {', '.join(changed)}" if changed else "Assessment saved"
    if changed:
        chronology.add_entry(
            assessment.child,
            kind=ChronologyEntry.Kind.ASSESSMENT,
            happened_on=timezone.localdate(),
            summary=summary,
            record=assessment,
            by=by,
        )
    audit.log_change(
        by=by,
        child=assessment.child,
        record=assessment,
        action=Action.UPDATE_ASSESSMENT,
        summary=summary,
    )
    return assessment


def missing_for_submission(assessment: Assessment) -> dict[str, str]:
    """What must be recorded before an assessment goes to a manager, by field. Not seeing the
    child alone is allowed (the manager is warned, and an alert follows if no reason is given)."""
    missing: dict[str, str] = {}
    if assessment.seen_on is None:
        missing["seen_on"] = "Enter the date the child was seen"
    if not assessment.child_views.strip():
        missing["child_views"] = "Enter the child's views and wishes"
    if not assessment.lived_experience.strip():
        missing["lived_experience"] = "Enter what the child's daily life is like"
    if not assessment.risk_analysis.strip():
        missing["risk_analysis"] = "Enter your analysis of risk"
    elif thin := smart.thin_analysis_because(assessment.risk_analysis):
        missing["risk_analysis"] = thin
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
    permissions.require(by, Action.SUBMIT_ASSESSMENT, assessment.child)
    casework.lock_open_episode(assessment.referral)
    assessment = _locked(assessment)
    if not assessment.is_editable:
        raise ValidationError(
            f"This assessment is {assessment.get_status_display().lower()}: "
            "it has already been sent to a manager."
        )
    missing = missing_for_submission(assessment)
    if missing:
        raise ValidationError(missing)
    move(assessment, Assessment.Status.PROPOSED)
    assessment.proposed_by = by
    assessment.proposed_at = timezone.now()
    # This submission answers an earlier return and its comments (history keeps them).
    assessment.reviewed_by = None
    assessment.reviewed_at = None
    assessment.manager_comment = ""
    assessment.save(
        update_fields=[
            "status",
            "proposed_by",
            "proposed_at",
            "reviewed_by",
            "reviewed_at",
            "manager_comment",
            "updated_at",
        ]
    )
    casework.close_returned([assessment], by=by, note="Assessment sent to a manager again")
    chronology.add_entry(
        assessment.child,
        kind=ChronologyEntry.Kind.ASSESSMENT,
        happened_on=timezone.localdate(assessment.proposed_at),
        summary=f"Assessment sent to a manager to authorise by {by}",
        record=assessment,
        by=by,
    )
    audit.log_change(
        by=by,
        child=assessment.child,
        record=assessment,
        action=Action.SUBMIT_ASSESSMENT,
        summary="Assessment sent to a manager to authorise",
    )
    return assessment


def _refuse_unless_submitted(assessment: Assessment, doing: str) -> None:
    if assessment.status == Assessment.Status.AUTHORISED:
        raise ValidationError(
            f"This assessment has already been authorised by {assessment.reviewed_by} on "
            f"{_d(assessment.authorised_on or assessment.started_on)}: nothing was changed."
        )
    if assessment.status != Assessment.Status.PROPOSED:
        raise ValidationError(
            f"This assessment is {assessment.get_status_display().lower()}: "
            f"only an assessment sent to a manager can be {doing}."
        )


def _refuse_no_further_action_unexplained_beside_siblings(
    assessment: Assessment, *, comment: str
) -> None:
    """No further action for a child whose brother or sister has open child protection work (a
    strategy discussion due, a section 47 enquiry, a plan) needs the manager's reason (Working
    Together 2023: siblings' risks are considered together)."""
    if assessment.outcome != Outcome.NO_FURTHER_ACTION or comment.strip():
        return
    if siblings_in_protection_ids(assessment.child):
        raise ValidationError(
            {
                "comment": "A brother or sister has open child protection work: enter why no "
                "further action is right for this child"
            }
        )


@transaction.atomic
def authorise_assessment(*, assessment: Assessment, by: User, comment: str = "") -> Assessment:
    """Authorise a submitted assessment: the 45-working-day clock stops, and its outcome opens the
    next piece of work (strategy discussion, child in need plan, transfer to a long-term team).
    A manager of the team holding the case authorises; not the person who sent it."""
    permissions.require(by, Action.AUTHORISE_ASSESSMENT, assessment)
    referral = casework.lock_open_episode(assessment.referral)
    assessment = _locked(assessment)
    _refuse_unless_submitted(assessment, "authorised")
    _refuse_no_further_action_unexplained_beside_siblings(assessment, comment=comment)
    today = timezone.localdate()
    move(assessment, Assessment.Status.AUTHORISED)
    assessment.reviewed_by = by
    assessment.reviewed_at = timezone.now()
    assessment.authorised_on = today
    assessment.manager_comment = comment.strip()
    assessment.full_clean(exclude=["family"])
    assessment.save()
    child = assessment.child
    timescales.close_due_items(
        record=referral, by=by, rule=rules.ASSESSMENT, note="Assessment authorised"
    )
    if assessment.seen_alone_unexplained:
        casework.open_pathway_due_item(
            rules.SEEN_ALONE_REASON,
            child=child,
            record=assessment,
            start=today,
            summary="Not seen alone during the assessment, and no reason given",
        )
    if assessment.outcome == Outcome.STRATEGY_DISCUSSION:
        casework.open_pathway_due_item(
            rules.STRATEGY_DISCUSSION,
            child=child,
            record=assessment,
            start=today,
            summary="Strategy discussion",
        )
    if assessment.outcome == Outcome.CIN_PLAN:
        casework.open_pathway_due_item(
            rules.CIN_PLAN,
            child=child,
            record=assessment,
            start=today,
            summary="Child in need plan",
        )
    team, _ = casework.holder_of(child)
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
            summary="Transfer to a long-term team",
        )
    entries.authorised(
        child,
        assessment_id=assessment.pk,
        outcome=assessment.get_outcome_display(),
        on=today,
        by=by,
    ).save()
    audit.log_change(
        by=by,
        child=child,
        record=assessment,
        action=Action.AUTHORISE_ASSESSMENT,
        summary=f"Authorised: {assessment.get_outcome_display()}",
    )
    return assessment


@transaction.atomic
def return_assessment(*, assessment: Assessment, comment: str, by: User) -> Assessment:
    """Return a submitted assessment to the worker with the manager's comments."""
    permissions.require(by, Action.RETURN_ASSESSMENT, assessment)
    if not comment.strip():
        raise ValidationError({"comment": "Enter what more work is needed"})
    casework.lock_open_episode(assessment.referral)
    assessment = _locked(assessment)
    _refuse_unless_submitted(assessment, "returned")
    move(assessment, Assessment.Status.RETURNED)
    assessment.reviewed_by = by
    assessment.reviewed_at = timezone.now()
    assessment.manager_comment = comment.strip()
    assessment.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "manager_comment", "updated_at"]
    )
    chronology.add_entry(
        assessment.child,
        kind=ChronologyEntry.Kind.ASSESSMENT,
        happened_on=timezone.localdate(),
        summary=f"Assessment returned for more work by {by}",
        record=assessment,
        by=by,
    )
    audit.log_change(
        by=by,
        child=assessment.child,
        record=assessment,
        action=Action.RETURN_ASSESSMENT,
        summary=f"Returned for more work: {assessment.manager_comment}",
    )
    team, _ = casework.holder_of(assessment.child)
    casework.return_to_proposer(
        assessment,
        proposed_by=assessment.proposed_by,
        child=assessment.child,
        team=team,
        summary="Assessment returned for more work",
        by=by,
    )
    return assessment
