"""Opening a referral (and finding the one it re-refers) and starting its first clocks."""

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.audit import services as audit
from opencsc.casework import entries
from opencsc.casework.models import Referral
from opencsc.casework.services.locks import lock_children
from opencsc.chronology import services as chronology
from opencsc.chronology.models import ChronologyEntry
from opencsc.people.models import Person
from opencsc.permissions import Action
from opencsc.timescales import rules
from opencsc.timescales import services as timescales

if TYPE_CHECKING:
    from opencsc.frontdoor.models import Contact, ContactDecision


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
    episodes of one child never overlap). The child is locked first (`lock_children`), so two
    decisions authorised at once queue: the second finds the episode the first opened and joins
    it, exactly as it would a minute later."""
    permissions.require(by, Action.OPEN_REFERRAL)
    lock_children([child])
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
    last_closed = (
        Referral.objects.filter(child=child, status=Referral.Status.CLOSED)
        .order_by("-closed_on", "-pk")
        .first()
    )
    if last_closed is not None and last_closed.closed_on is not None:
        # Episodes of one child never overlap (CIN census 8820): a contact that arrived while the
        # last episode was still open, and is decided after it closed, opens the next episode the
        # day after that closure.
        referred_on = max(referred_on, last_closed.closed_on + timedelta(days=1))
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
    entries.referred(
        child,
        referral_id=referral.pk,
        need=referral.get_primary_need_display(),
        re_referral=previous is not None,
        on=referred_on,
        by=by,
    ).save()
    audit.log_change(
        by=by, child=child, record=referral, action=Action.OPEN_REFERRAL, summary=str(referral)
    )
    return referral


def schedule_strategy_discussion(*, referral: Referral, decided_on: date, by: User) -> None:
    """Start the strategy discussion clock for a referral decided to need one (local default: the
    same working day). A second section 47 decision joining the episode keeps the clock already
    running: it started earlier, so it is the sooner."""
    permissions.require(by, Action.OPEN_REFERRAL)
    if timescales.has_open_item(rules.STRATEGY_DISCUSSION, record=referral):
        return
    timescales.open_due_item(
        rules.STRATEGY_DISCUSSION,
        child=referral.child,
        record=referral,
        start=decided_on,
        summary=f"Strategy discussion for {referral.child.full_name}",
    )
