"""The worklists' copies of due dates, recounted from the open due items."""

from django.contrib.contenttypes.models import ContentType

from opencsc.frontdoor.models import AgencyCheck, Contact
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem


def copy_due_dates() -> int:
    """Copy open due items' dates onto the undecided contacts and waiting checks they belong to
    (their worklists sort by these copies); returns how many records changed."""
    changed = 0
    contact_type = ContentType.objects.get_for_model(Contact)
    check_type = ContentType.objects.get_for_model(AgencyCheck)
    items = DueItem.objects.filter(
        closed_at=None, record_type__in=[contact_type, check_type], rule__in=rules.FRONT_DOOR_CODES
    )
    contacts = {c.pk: c for c in Contact.objects.exclude(status=Contact.Status.DECIDED)}
    checks = {c.pk: c for c in AgencyCheck.objects.filter(status=AgencyCheck.Status.REQUESTED)}
    for item in items.only("record_type_id", "record_id", "due_on", "due_at"):
        if item.record_type_id == contact_type.pk and item.record_id in contacts:
            contact = contacts[item.record_id]
            if contact.decision_due_on != item.due_on:
                contact.decision_due_on = item.due_on
                contact.save(update_fields=["decision_due_on", "updated_at"])
                changed += 1
        elif item.record_type_id == check_type.pk and item.record_id in checks:
            check = checks[item.record_id]
            if (check.due_on, check.due_at) != (item.due_on, item.due_at):
                check.due_on, check.due_at = item.due_on, item.due_at
                check.save(update_fields=["due_on", "due_at", "updated_at"])
                changed += 1
    return changed
