"""Writes for casework."""

from datetime import date
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

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
from opencsc.timescales.models import DueItem

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
    _reassign_due_items(child, team=team, worker=worker)
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


def _reassign_due_items(child: Person, *, team: Team, worker: User | None) -> None:
    """Give the child's open casework deadlines to whoever now holds the case. Front-door items
    (contacts, agency checks) stay with the MASH."""
    from opencsc.frontdoor.models import AgencyCheck, Contact

    front_door = [ContentType.objects.get_for_model(model) for model in (Contact, AgencyCheck)]
    DueItem.objects.filter(child=child, closed_at=None).exclude(record_type__in=front_door).update(
        team=team, owner=worker, updated_at=timezone.now()
    )


def holder_of(child: Person) -> tuple[Team | None, User | None]:
    """The team and worker holding the child's case now (None, None while unallocated)."""
    allocation = (
        Allocation.objects.filter(child=child, ended_on=None)
        .select_related("team", "worker")
        .first()
    )
    if allocation is None:
        return None, None
    return allocation.team, allocation.worker


def open_pathway_due_item(
    rule: rules.Rule, *, child: Person, record: models.Model, start: date, summary: str = ""
) -> DueItem:
    """Open a due item on the child's episode, owned by whoever holds the case."""
    team, worker = holder_of(child)
    return timescales.open_due_item(
        rule, child=child, record=record, start=start, team=team, owner=worker, summary=summary
    )


def lock_open_episode(referral: Referral, *, on: date | None = None) -> Referral:
    """Lock the child's episode for a write and check it can take a record dated `on`.

    Every pathway service calls this first, inside its transaction: nothing is recorded on an
    episode after it closed (CIN census 8565), nor dated before its referral or in the future. The
    lock makes a closure and a late record queue behind each other."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status != Referral.Status.OPEN:
        raise ValidationError(
            f"This episode closed on {locked.closed_on:%-d %B %Y}: nothing more can be recorded "
            "on it. A new contact starts a new episode."
        )
    if on is not None:
        if on < locked.referred_on:
            raise ValidationError(
                f"The date cannot be before the referral ({locked.referred_on:%-d %B %Y})."
            )
        if on > timezone.localdate():
            raise ValidationError("The date cannot be in the future.")
    return locked


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
