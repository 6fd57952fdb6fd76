"""Disclosures carried through: a child's disclosure of physical or sexual abuse on the contact that
led to the referral sets "harm alleged" on the strategy discussion (changing it needs a reason) and
requires the decision on a child protection medical; a medical decided "needed" opens a due item
(`rules.PROTECTION_MEDICAL`) that closes only when the medical is recorded (when, who examined the
child, what it found) or a manager authorises the reason it is not held (one approval shape,
four eyes). Working Together to Safeguard Children 2023, chapter 3."""

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.audit import services as audit
from opencsc.casework import services as casework
from opencsc.casework.models import Referral
from opencsc.core.states import move
from opencsc.permissions import Action
from opencsc.protection import entries
from opencsc.protection.models import MedicalNotHeld, ProtectionMedical, StrategyDiscussion
from opencsc.protection.services._common import _d, discussion_day
from opencsc.timescales import rules
from opencsc.timescales import services as timescales

if TYPE_CHECKING:
    from opencsc.protection.services.strategy import StrategyDetails

NEEDED = StrategyDiscussion.Medical.NEEDED


def disclosure_carried(referral: Referral) -> str:
    """The physical or sexual abuse the child disclosed on the contact that led to the referral
    (its disclosure code), or '' when the contact recorded none (or there was no contact)."""
    contact = referral.contact
    if contact is None or not contact.disclosed_physical_or_sexual_abuse:
        return ""
    return contact.disclosure


def disclosure_problems(details: "StrategyDetails", *, disclosure: str) -> dict[str, str]:
    """What a strategy discussion after a disclosure still needs: the reason harm is not alleged
    when the worker changed it, and the decision on a medical (whatever harm is now alleged)."""
    if not disclosure:
        return {}
    errors: dict[str, str] = {}
    if not details.harm_alleged and not details.harm_alleged_change_reason.strip():
        errors["harm_alleged_change_reason"] = (
            "The contact recorded the child's disclosure of physical or sexual abuse: enter why "
            "physical or sexual harm is not alleged"
        )
    if details.harm_alleged:
        return errors  # the medical decision is then required by the discussion's own check
    if details.medical_considered is not True:
        errors["medical_considered"] = (
            "A child protection medical must be considered: the child disclosed physical or "
            "sexual abuse on the contact"
        )
    if not details.medical_decision:
        errors["medical_decision"] = (
            "Select whether a child protection medical is needed: the child disclosed physical "
            "or sexual abuse on the contact"
        )
    if not details.medical_reason.strip():
        errors["medical_reason"] = "Enter the reason for the decision about a medical"
    return errors


def open_medical_item(discussion: StrategyDiscussion) -> None:
    """After a discussion that decided a medical is needed, open its due item (local timescale,
    1 working day by default) for whoever holds the case."""
    if discussion.medical_decision != NEEDED:
        return
    casework.open_pathway_due_item(
        rules.PROTECTION_MEDICAL,
        child=discussion.child,
        record=discussion,
        start=discussion_day(discussion),
        summary="Child protection medical: record when, who and the outcome",
    )


def _lock_episode(referral: Referral, *, on: date, field: str) -> None:
    """Lock the child's episode for a write dated `on`, a bad date shown next to `field`."""
    casework.lock_open_episode(referral)
    try:
        casework.lock_open_episode(referral, on=on)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


def _locked_discussion(
    discussion: StrategyDiscussion, *, on: date, field: str
) -> StrategyDiscussion:
    """The discussion, its episode locked for a write dated `on`, a medical decided needed and
    neither recorded nor authorised as not held yet."""
    _lock_episode(discussion.referral, on=on, field=field)
    locked = StrategyDiscussion.objects.select_related("child", "referral").get(pk=discussion.pk)
    if locked.medical_decision != NEEDED:
        raise ValidationError("This strategy discussion did not decide a medical is needed.")
    medical = ProtectionMedical.objects.filter(discussion=locked).first()
    if medical is not None:
        raise ValidationError(
            f"The child protection medical was already recorded: held on {_d(medical.examined_on)}."
        )
    if locked.medicals_not_held.filter(status=MedicalNotHeld.Status.AUTHORISED).exists():
        raise ValidationError("A manager authorised why the medical is not held.")
    return locked


@transaction.atomic
def record_medical(
    *,
    discussion: StrategyDiscussion,
    examined_on: date,
    examined_by_name: str,
    examined_by_role: str,
    outcome: str,
    by: User,
) -> ProtectionMedical:
    """Record the child protection medical a strategy discussion decided was needed: when, who
    examined the child (name and role) and the outcome; this closes its due item."""
    locked = _locked_discussion(discussion, on=examined_on, field="examined_on")
    child = locked.child
    permissions.require(by, Action.RECORD_PROTECTION_MEDICAL, child)
    errors: dict[str, str] = {}
    if examined_on < discussion_day(locked):
        errors["examined_on"] = (
            f"The medical cannot be before the strategy discussion on {_d(discussion_day(locked))}"
        )
    if not examined_by_name.strip():
        errors["examined_by_name"] = "Enter the name of who examined the child"
    if not examined_by_role.strip():
        errors["examined_by_role"] = "Enter their role, for example paediatrician"
    if not outcome.strip():
        errors["outcome"] = "Enter the outcome of the medical"
    if locked.medicals_not_held.filter(status=MedicalNotHeld.Status.PROPOSED).exists():
        errors["examined_on"] = (
            "A reason why the medical is not held is waiting for a manager: ask them to return "
            "it before recording the medical"
        )
    if errors:
        raise ValidationError(errors)
    medical = ProtectionMedical(
        discussion=locked,
        child=child,
        examined_on=examined_on,
        examined_by_name=examined_by_name.strip(),
        examined_by_role=examined_by_role.strip(),
        outcome=outcome.strip(),
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    medical.full_clean()
    medical.save()
    timescales.close_due_items(
        record=locked,
        by=by,
        rule=rules.PROTECTION_MEDICAL,
        note=f"Medical held on {_d(examined_on)}",
    )
    entries.medical_recorded(
        child,
        medical_id=medical.pk,
        examined_by=f"{medical.examined_by_name}, {medical.examined_by_role}",
        on=examined_on,
        by=by,
    ).save()
    audit.log_change(
        by=by,
        child=child,
        record=medical,
        action=Action.RECORD_PROTECTION_MEDICAL,
        summary=f"Held on {_d(examined_on)} by {medical.examined_by_role}",
    )
    return medical


@transaction.atomic
def propose_medical_not_held(
    *, discussion: StrategyDiscussion, reason: str, by: User
) -> MedicalNotHeld:
    """Give the reason the medical a strategy discussion decided was needed is not held; a
    manager of the team holding the case authorises it (never the worker who gave it)."""
    locked = _locked_discussion(discussion, on=timezone.localdate(), field="reason")
    child = locked.child
    permissions.require(by, Action.PROPOSE_MEDICAL_NOT_HELD, child)
    if locked.medicals_not_held.filter(status=MedicalNotHeld.Status.PROPOSED).exists():
        raise ValidationError("A reason why the medical is not held is already waiting.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the child protection medical is not held"})
    casework.close_returned(
        locked.medicals_not_held.filter(status=MedicalNotHeld.Status.RETURNED),
        by=by,
        note="Reason given again",
    )
    approval = MedicalNotHeld(
        discussion=locked,
        child=child,
        reason=reason.strip(),
        proposed_by=by,
        proposed_at=timezone.now(),
    )
    approval.full_clean()
    approval.save()
    audit.log_change(
        by=by,
        child=child,
        record=approval,
        action=Action.PROPOSE_MEDICAL_NOT_HELD,
        summary=reason.strip()[:200],
    )
    return approval


def _locked_approval(approval: MedicalNotHeld, *, by: User, action: Action) -> MedicalNotHeld:
    _lock_episode(approval.discussion.referral, on=timezone.localdate(), field="comment")
    locked = (
        MedicalNotHeld.objects.select_for_update(of=("self",))
        .select_related("discussion__referral", "child", "reviewed_by")
        .get(pk=approval.pk)
    )
    if locked.status != MedicalNotHeld.Status.PROPOSED:
        raise ValidationError(
            f"This reason was already {locked.get_status_display().lower()} by "
            f"{locked.reviewed_by}."
        )
    permissions.require(by, action, locked)
    return locked


@transaction.atomic
def authorise_medical_not_held(
    *, approval: MedicalNotHeld, by: User, comment: str = ""
) -> MedicalNotHeld:
    """Authorise the reason the medical is not held: its due item closes with the reason."""
    locked = _locked_approval(approval, by=by, action=Action.AUTHORISE_MEDICAL_NOT_HELD)
    move(locked, MedicalNotHeld.Status.AUTHORISED)
    locked.reviewed_by = by
    locked.reviewed_at = timezone.now()
    locked.manager_comment = comment.strip()
    locked.save()
    timescales.close_due_items(
        record=locked.discussion,
        by=by,
        rule=rules.PROTECTION_MEDICAL,
        note=f"Medical not held, authorised: {locked.reason}",
    )
    entries.medical_not_held(
        locked.child, approval_id=locked.pk, on=timezone.localdate(), by=by
    ).save()
    audit.log_change(
        by=by,
        child=locked.child,
        record=locked,
        action=Action.AUTHORISE_MEDICAL_NOT_HELD,
        summary=locked.reason[:200],
    )
    return locked


@transaction.atomic
def return_medical_not_held(*, approval: MedicalNotHeld, comment: str, by: User) -> MedicalNotHeld:
    """Send the reason back to the worker with the manager's comment: the medical stays due."""
    locked = _locked_approval(approval, by=by, action=Action.RETURN_MEDICAL_NOT_HELD)
    if not comment.strip():
        raise ValidationError({"comment": "Enter what more is needed"})
    move(locked, MedicalNotHeld.Status.RETURNED)
    locked.reviewed_by = by
    locked.reviewed_at = timezone.now()
    locked.manager_comment = comment.strip()
    locked.save()
    audit.log_change(
        by=by,
        child=locked.child,
        record=locked,
        action=Action.RETURN_MEDICAL_NOT_HELD,
        summary=comment.strip()[:200],
    )
    team, _ = casework.holder_of(locked.child)
    casework.return_to_proposer(
        locked,
        proposed_by=locked.proposed_by,
        child=locked.child,
        team=team,
        summary="Reason no medical is held returned",
        by=by,
    )
    return locked
