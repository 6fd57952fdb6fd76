"""Writes for casework."""

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from opencsc import permissions
from opencsc.accounts.models import Team, User
from opencsc.audit import services as audit
from opencsc.casework.models import Allocation, Referral, Transfer
from opencsc.chronology import services as chronology
from opencsc.chronology.models import ChronologyEntry
from opencsc.people.models import Person
from opencsc.permissions import Action
from opencsc.timescales import rules
from opencsc.timescales import services as timescales

if TYPE_CHECKING:
    from opencsc.frontdoor.models import Contact, ContactDecision


@transaction.atomic
def allocate(
    *, child: Person, team: Team, worker: User | None, started_on: date, by: User
) -> Allocation:
    """Give a child's case to a team (and worker), ending any open allocation the day it starts."""
    permissions.require(by, Action.ALLOCATE, child)
    if not child.is_child:
        raise ValidationError("Only a child's case can be allocated.")
    if worker is not None and not worker.memberships.filter(team=team).exists():
        raise ValidationError(f"{worker} is not a member of {team}.")
    current = Allocation.objects.select_for_update().filter(child=child, ended_on=None).first()
    if current is not None and started_on < current.started_on:
        raise ValidationError(
            {
                "started_on": "The new allocation cannot start before the current one "
                f"({current.started_on:%-d %B %Y})"
            }
        )
    if current is not None:
        current.ended_on = started_on
        current.save(update_fields=["ended_on", "updated_at"])
    allocation = Allocation(
        child=child, team=team, worker=worker, started_on=started_on, allocated_by=by
    )
    allocation.full_clean()
    allocation.save()
    holder = f"{team} ({worker})" if worker else str(team)
    chronology.add_entry(
        child,
        kind=ChronologyEntry.Kind.ALLOCATED,
        happened_on=started_on,
        summary=f"Case allocated to {holder}",
        record=allocation,
        by=by,
    )
    audit.log_change(
        by=by, child=child, record=allocation, action=Action.ALLOCATE.value, summary=holder
    )
    return allocation


def re_referral_of(*, child: Person, referred_on: date) -> Referral | None:
    """The child's previous referral if `referred_on` falls within 12 months of it (CIN census
    re-referral: on or before the same date 12 months later), else None."""
    previous = (
        Referral.objects.filter(child=child, referred_on__lte=referred_on)
        .order_by("-referred_on", "-pk")
        .first()
    )
    if previous is None or referred_on > rules.RE_REFERRAL.due_on(previous.referred_on):
        return None
    return previous


@transaction.atomic
def open_referral(
    *,
    child: Person,
    contact: "Contact | None",
    decision: "ContactDecision | None",
    referred_on: date,
    referral_source: str,
    primary_need: str,
    by: User,
) -> Referral:
    """Open the child's episode with a referral and start the 45-working-day assessment clock.

    A child whose episode is already open keeps it: the contact joins that episode (CIN census
    episodes of one child never overlap)."""
    permissions.require_front_door(by, Action.AUTHORISE_DECISION)
    open_referral = Referral.objects.select_for_update().filter(child=child, status="open").first()
    if open_referral is not None:
        if contact is not None and open_referral.contact_id != contact.pk:
            chronology.add_entry(
                child,
                kind=ChronologyEntry.Kind.REFERRAL,
                happened_on=referred_on,
                summary=f"Contact {contact.reference} joined the open referral of "
                f"{open_referral.referred_on:%-d %B %Y}",
                record=open_referral,
                by=by,
            )
        return open_referral
    previous = re_referral_of(child=child, referred_on=referred_on)
    referral = Referral(
        child=child,
        contact=contact,
        decision=decision,
        referred_on=referred_on,
        referral_source=referral_source,
        primary_need=primary_need,
        is_re_referral=previous is not None,
        previous_referral=previous,
        created_by=by,
    )
    referral.full_clean()
    referral.save()
    timescales.open_due_item(
        rules.ASSESSMENT,
        child=child,
        record=referral,
        start=referred_on,
        summary=f"Child and family assessment for {child.full_name}",
    )
    re_referral = " (re-referral within 12 months)" if previous is not None else ""
    chronology.add_entry(
        child,
        kind=ChronologyEntry.Kind.REFERRAL,
        happened_on=referred_on,
        summary=f"Referral: {referral.get_primary_need_display()}{re_referral}",
        record=referral,
        by=by,
    )
    audit.log_change(
        by=by, child=child, record=referral, action="casework.open_referral", summary=str(referral)
    )
    return referral


def schedule_strategy_discussion(*, referral: Referral, decided_on: date, by: User) -> None:
    """Start the strategy discussion clock for a referral decided to need one (local default: the
    same working day)."""
    permissions.require_front_door(by, Action.AUTHORISE_DECISION)
    timescales.open_due_item(
        rules.STRATEGY_DISCUSSION,
        child=referral.child,
        record=referral,
        start=decided_on,
        summary=f"Strategy discussion for {referral.child.full_name}",
    )


@transaction.atomic
def record_transfer(
    *,
    child: Person,
    kind: str,
    from_team: Team,
    to_team: Team,
    transferred_on: date,
    reason: str,
    contact: "Contact | None",
    by: User,
) -> Transfer:
    """Record a step-down to early help or a step-up from it, so both directions can be counted."""
    permissions.require_front_door(by, Action.AUTHORISE_DECISION)
    if contact is not None:
        earlier = Transfer.objects.filter(child=child, contact=contact, kind=kind, to_team=to_team)
        if earlier.exists():
            return earlier.get()
    transfer = Transfer(
        child=child,
        kind=kind,
        from_team=from_team,
        to_team=to_team,
        transferred_on=transferred_on,
        reason=reason,
        contact=contact,
        recorded_by=by,
    )
    transfer.full_clean()
    transfer.save()
    chronology.add_entry(
        child,
        kind=ChronologyEntry.Kind.TRANSFER,
        happened_on=transferred_on,
        summary=f"{transfer.get_kind_display()}: {from_team} to {to_team}",
        record=transfer,
        by=by,
    )
    audit.log_change(
        by=by,
        child=child,
        record=transfer,
        action="casework.record_transfer",
        summary=transfer.get_kind_display(),
    )
    return transfer
