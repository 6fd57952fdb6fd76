"""The worker's tray in the demo (issue 12): the notices and returned work the services open as
work happens, which the bulk build does not run.

- A case allocated to a worker in the last week that they have not yet marked as read: one
  NEW_ALLOCATION item per such allocation. At `la` about 80 referrals are allocated a week
  (4,200 a year), so a worker has a new case or two waiting, some read late (overdue).
- A threshold decision the MASH manager returned and its proposer has not yet proposed again (the
  front door's stalled "returned" contacts): a RETURNED_TO_WORKER item for the proposer, which the
  tray shows with the manager's comment from the decision itself.

No random draws: the items follow from rows already built, so adding this stage leaves every
earlier stage of a seed's authority as it was."""

from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, OuterRef, Subquery

from opencsc.casework.models import Allocation
from opencsc.demo.pathway.saving import PathwaySaver
from opencsc.frontdoor.models import Contact, ContactChild, ContactDecision
from opencsc.timescales import rules
from opencsc.timescales import services as timescales

NEW_ALLOCATION_DAYS = 7


def save_tray_items(saver: PathwaySaver) -> None:
    """Keep the tray's notices and returned decisions with the pathway's due items."""
    build = saver.build
    allocation_type = ContentType.objects.get_for_model(Allocation).pk
    since = build.today - timedelta(days=NEW_ALLOCATION_DAYS)
    for allocations in build.allocations.values():
        for allocation in allocations:
            if allocation.ended_on is not None or allocation.worker_id is None:
                continue
            if allocation.started_on < since:
                continue
            saver.due_items.append(
                timescales.due_item_row(
                    rules.NEW_ALLOCATION,
                    child_id=allocation.child_id,
                    record_type_id=allocation_type,
                    record_id=allocation.pk,
                    start=allocation.started_on,
                    opened_at=datetime.combine(allocation.started_on, time(12), tzinfo=saver.zone),
                    owner_id=allocation.worker_id,
                    team_id=allocation.team_id,
                    summary="Case allocated to you",
                )
            )
    decision_type = ContentType.objects.get_for_model(ContactDecision).pk
    latest = (
        ContactDecision.objects.filter(contact_id=OuterRef("contact_id"))
        .values("contact_id")
        .annotate(version=Max("version"))
        .values("version")
    )
    first_child = ContactChild.objects.filter(contact_id=OuterRef("contact_id")).order_by("pk")
    returned = (
        ContactDecision.objects.filter(
            status=ContactDecision.Status.RETURNED,
            contact__status=Contact.Status.OPEN,
            pk__gt=saver.build.floor(ContactDecision),
        )
        .filter(version=Subquery(latest))
        .exclude(reviewed_by_id=None)
        .annotate(child_id=Subquery(first_child.values("child_id")[:1]))
        .values(
            "pk", "proposed_by_id", "reviewed_by_id", "reviewed_at", "contact__team_id", "child_id"
        )
        .order_by("pk")
    )
    for decision in returned:
        if decision["proposed_by_id"] == decision["reviewed_by_id"]:
            continue
        returned_on = decision["reviewed_at"].astimezone(saver.zone).date()
        saver.due_items.append(
            timescales.due_item_row(
                rules.RETURNED_TO_WORKER,
                child_id=decision["child_id"],
                record_type_id=decision_type,
                record_id=decision["pk"],
                start=returned_on,
                opened_at=decision["reviewed_at"],
                owner_id=decision["proposed_by_id"],
                team_id=decision["contact__team_id"],
                summary="Threshold decision returned for more work",
            )
        )
