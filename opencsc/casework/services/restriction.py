"""Restricting a child's record while the child's episode is open: the person index changes who
may open the record; casework tells the heads of service when the restriction hides a child whose
referral is open, since the staff who would act on it may no longer see it."""

from django.db import transaction
from django.utils import timezone

from opencsc.accounts.models import User
from opencsc.casework.models import Referral
from opencsc.people import services as people
from opencsc.people.models import Person
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from opencsc.timescales.models import DueItem


@transaction.atomic
def restrict_record(
    *, person: Person, is_restricted: bool, named_staff: list[User], reason: str, by: User
) -> Person:
    """Restrict a record to named staff, or lift or change the restriction
    (`people.services.set_restriction`); restricting a child whose referral is open raises an
    alert for the heads of service. The alert names no one: it links to the restriction."""
    person = people.set_restriction(
        person=person,
        is_restricted=is_restricted,
        named_staff=named_staff,
        reason=reason,
        by=by,
    )
    if not is_restricted:
        return person
    has_open_referral = Referral.objects.filter(child=person, status=Referral.Status.OPEN).exists()
    already_alerted = DueItem.objects.filter(
        rule=rules.RESTRICTED_WITH_OPEN_REFERRAL.code, child=person, closed_at=None
    ).exists()
    if has_open_referral and not already_alerted:
        timescales.open_due_item(
            rules.RESTRICTED_WITH_OPEN_REFERRAL,
            child=person,
            record=person,
            start=timezone.localdate(),
            summary="A record was restricted while its referral is open",
        )
    return person
