"""Writes of return home interviews: an offer or an attempt to reach the child, the interview
held, and the actions it agreed. Each is one transaction with its audit row and chronology line.

- Offered and held by someone independent of the child's care: a return interview officer (the
  council's, or a commissioned provider's), never the child's allocated worker.
- The 72-hour item (RETURN_HOME_INTERVIEW, "offered (and held, if accepted)") closes when the
  child declines an offer, or when the interview is held; an offer accepted, or an attempt that
  could not reach the child, leaves it open (docs/missing.md).
- A disclosure of harm starts a contact at the front door, as any disclosure does
  (casework.disclosures): for a child a team holds, that reaches the allocated worker's tray.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import Role, User
from opencsc.audit import services as audit
from opencsc.casework import disclosures
from opencsc.casework.models import Allocation
from opencsc.missing import entries
from opencsc.missing.codes import (
    ExploitationIndicator,
    HarmDisclosed,
    InterviewMethod,
    OfferOutcome,
)
from opencsc.missing.models import (
    InterviewAction,
    InterviewAttempt,
    MissingEpisode,
    ReturnInterview,
)
from opencsc.permissions import Action
from opencsc.timescales import rules
from opencsc.timescales import services as timescales

NOT_INDEPENDENT = (
    "You are this child's allocated worker: the return home interview is offered and held by"
    " someone independent of the child's care"
)

# Indicators that make the contact's concerns say which exploitation (frontdoor.codes.Concern).
SEXUAL_CONCERN = "child_sexual_exploitation"
CRIMINAL_CONCERN = "criminal_exploitation"
CONCERN_OF = {
    ExploitationIndicator.SEXUAL: SEXUAL_CONCERN,
    ExploitationIndicator.CRIMINAL: CRIMINAL_CONCERN,
    ExploitationIndicator.COUNTY_LINES: CRIMINAL_CONCERN,
}


@dataclass
class InterviewDetails:
    """What the interview heard: when and how it was held, why the child went, where and with
    whom, push and pull factors, harm disclosed, and the exploitation indicators."""

    held_at: datetime
    method: str
    why_went: str
    where_went: str = ""
    with_whom: str = ""
    push_factors: str = ""
    pull_factors: str = ""
    harm_disclosed: str = ""
    harm_details: str = ""
    indicators: list[str] = field(default_factory=list)


def _locked(episode: MissingEpisode) -> MissingEpisode:
    return (
        MissingEpisode.objects.select_for_update(of=("self",))
        .select_related("child__household__address")
        .get(pk=episode.pk)
    )


def _require_independent(episode: MissingEpisode, by: User) -> None:
    """Refuse the child's allocated worker (any open allocation naming them)."""
    if episode.child_id is None:
        return
    allocated = Allocation.objects.filter(child_id=episode.child_id, ended_on=None, worker=by)
    if allocated.exists():
        raise ValidationError(NOT_INDEPENDENT)


def _require_returned(episode: MissingEpisode) -> datetime:
    if episode.returned_at is None:
        raise ValidationError("The child has not been found or returned yet.")
    return episode.returned_at


def _check_moment(moment: datetime, *, returned_at: datetime, key: str, what: str) -> None:
    if moment > timezone.now():
        raise ValidationError({key: f"The date and time {what} must be in the past"})
    if moment < returned_at:
        raise ValidationError(
            {
                key: f"The date and time {what} must be after the child was found or returned"
                f" ({timezone.localtime(returned_at):%-d %B %Y %H:%M})"
            }
        )


@transaction.atomic
def record_attempt(
    *,
    episode: MissingEpisode,
    attempted_at: datetime,
    method: str,
    outcome: str,
    by: User,
    notes: str = "",
) -> InterviewAttempt:
    """Record the interview offered (accepted or declined) or an attempt that could not reach the
    child. Declined answers the 72-hour item; accepted waits for the interview to be held."""
    permissions.require(by, Action.OFFER_RETURN_INTERVIEW, episode)
    episode = _locked(episode)
    returned_at = _require_returned(episode)
    if ReturnInterview.objects.filter(episode=episode).exists():
        raise ValidationError("The return home interview has been held.")
    _require_independent(episode, by)
    errors: dict[str, str] = {}
    if method not in InterviewMethod.values:
        errors["method"] = "Choose how the interview was offered"
    if outcome not in OfferOutcome.values:
        errors["outcome"] = "Choose the child's answer"
    if errors:
        raise ValidationError(errors)
    _check_moment(attempted_at, returned_at=returned_at, key="attempted_at", what="offered")
    attempt = InterviewAttempt.objects.create(
        episode=episode,
        attempted_at=attempted_at,
        method=method,
        outcome=outcome,
        notes=notes.strip(),
        recorded_by=by,
    )
    when = f"{timezone.localtime(attempted_at):%-d %B %Y %H:%M}"
    if outcome == OfferOutcome.DECLINED:
        timescales.close_due_items(
            record=episode,
            by=by,
            rule=rules.RETURN_HOME_INTERVIEW,
            note=f"Offered {when} ({attempt.get_method_display().lower()}): declined",
        )
    if episode.child is not None and outcome != OfferOutcome.NOT_REACHED:
        entries.interview_offered(
            episode.child,
            episode=episode,
            attempt=attempt,
            on=timezone.localdate(attempted_at),
            by=by,
        ).save()
    audit.log_change(
        by=by,
        child=episode.child,
        record=episode,
        action=Action.OFFER_RETURN_INTERVIEW,
        summary=f"Return home interview {attempt.get_outcome_display().lower()}"
        f" on missing episode {episode.reference}",
    )
    return attempt


def _check_interview(details: InterviewDetails) -> dict[str, str]:
    errors: dict[str, str] = {}
    if details.method not in InterviewMethod.values:
        errors["method"] = "Choose how the interview was held"
    if not details.why_went.strip():
        errors["why_went"] = "Enter why the child went, in their words"
    if details.harm_disclosed and details.harm_disclosed not in HarmDisclosed.values:
        errors["harm_disclosed"] = "Choose the harm the child disclosed"
    if details.harm_disclosed and not details.harm_details.strip():
        errors["harm_details"] = "Enter what the child said about the harm"
    if not details.harm_disclosed and details.harm_details.strip():
        errors["harm_disclosed"] = "Choose the harm the child disclosed"
    if any(code not in ExploitationIndicator.values for code in details.indicators):
        errors["indicators"] = "Choose indicators from the list"
    return errors


@transaction.atomic
def record_interview(
    *, episode: MissingEpisode, details: InterviewDetails, by: User
) -> ReturnInterview:
    """Record the return home interview held, by the signed-in officer: answers the 72-hour item;
    a disclosure of harm starts a contact at the front door."""
    permissions.require(by, Action.RECORD_RETURN_INTERVIEW, episode)
    episode = _locked(episode)
    returned_at = _require_returned(episode)
    if ReturnInterview.objects.filter(episode=episode).exists():
        raise ValidationError("The return home interview is already recorded.")
    _require_independent(episode, by)
    errors = _check_interview(details)
    if errors:
        raise ValidationError(errors)
    _check_moment(details.held_at, returned_at=returned_at, key="held_at", what="held")
    interview = ReturnInterview(
        episode=episode,
        held_at=details.held_at,
        method=details.method,
        interviewer=by,
        why_went=details.why_went.strip(),
        where_went=details.where_went.strip(),
        with_whom=details.with_whom.strip(),
        push_factors=details.push_factors.strip(),
        pull_factors=details.pull_factors.strip(),
        harm_disclosed=details.harm_disclosed,
        harm_details=details.harm_details.strip() if details.harm_disclosed else "",
        indicators=list(dict.fromkeys(details.indicators)),
        recorded_by=by,
    )
    if interview.harm_disclosed:
        interview.contact_reference = disclosures.report(_disclosure(episode, interview), by=by)
    interview.full_clean()
    interview.save()
    timescales.close_due_items(
        record=episode,
        by=by,
        rule=rules.RETURN_HOME_INTERVIEW,
        note=f"Held {timezone.localtime(interview.held_at):%-d %B %Y %H:%M}",
    )
    if episode.child is not None:
        entries.interview_held(
            episode.child, episode=episode, on=timezone.localdate(details.held_at), by=by
        ).save()
    audit.log_change(
        by=by,
        child=episode.child,
        record=episode,
        action=Action.RECORD_RETURN_INTERVIEW,
        summary=f"Return home interview recorded on missing episode {episode.reference}",
    )
    return interview


def _disclosure(episode: MissingEpisode, interview: ReturnInterview) -> disclosures.HeardDisclosure:
    concerns = ["missing"]
    concerns += [CONCERN_OF[code] for code in interview.indicators if code in CONCERN_OF]
    return disclosures.HeardDisclosure(
        heard_at=interview.held_at,
        kind=interview.harm_disclosed,
        details=interview.harm_details,
        where_heard=f"the return home interview on missing episode {episode.reference}",
        child=episode.child,
        given_name=episode.given_name,
        given_date_of_birth=episode.given_date_of_birth,
        given_address=episode.given_address,
        concerns=list(dict.fromkeys(concerns)),
    )


@transaction.atomic
def add_action(
    *, interview: ReturnInterview, action: str, owner: User, due_on: date, by: User
) -> InterviewAction:
    """An action the interview agreed, with its owner (a member of staff) and due date."""
    episode = interview.episode
    permissions.require(by, Action.RECORD_RETURN_INTERVIEW, episode)
    _require_independent(episode, by)
    errors: dict[str, str] = {}
    if not action.strip():
        errors["action"] = "Enter the action"
    if not owner.is_active or owner.role == Role.PARTNER_AGENCY:
        errors["owner"] = "Choose a member of staff"
    if due_on < timezone.localdate(interview.held_at):
        errors["due_on"] = "The due date must be on or after the interview"
    if errors:
        raise ValidationError(errors)
    row = InterviewAction.objects.create(
        interview=interview, action=action.strip()[:300], owner=owner, due_on=due_on, recorded_by=by
    )
    audit.log_change(
        by=by,
        child=episode.child,
        record=episode,
        action=Action.RECORD_RETURN_INTERVIEW,
        summary=f"Action agreed in the return home interview on episode {episode.reference}",
    )
    return row
