"""Who was told of a contact about a child a team holds (issue 12, "Known children at the front
door"): what `frontdoor.services.tell_holders` writes as the MASH matches a contact's child whose
case a team holds on the day the contact arrived, and the phone calls the MASH recorded besides.

Numbers: every contact about a child with an open allocation outside the MASH on the day it was
received tells the allocated worker and each manager of the holding team in OpenCSC, as the service
would (so the count follows the year's contacts about held children, `demo/frontdoor`). Notices of
contacts received before yesterday have been read (three hours after they were sent); the rest
are unread, with their open `CONTACT_ON_HELD_CHILD` due item on the person's tray. For every third
such contact, once past the MASH's first look, the MASH also phoned the holding team's manager (a
recorded "By phone" notice). No
random draws: the build's random sequence, and so every seed's authority, is unchanged.
"""

from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from opencsc.accounts.models import Role, Team
from opencsc.demo.build import Build
from opencsc.frontdoor.models import Contact, ContactChild, ContactNotification
from opencsc.frontdoor.services.notifications import NOTICE_SUMMARY
from opencsc.timescales import rules
from opencsc.timescales import services as timescales

COLUMNS = (
    "contact_id",
    "child_id",
    "told_id",
    "method",
    "told_at",
    "note",
    "recorded_by_id",
    "read_at",
)
PHONED = "Phoned the team manager about the new contact."


def save_notifications(build: Build) -> None:
    """Save the notices (and the phone calls) for contacts about held children, then the open due
    items of the unread ones."""
    links = (
        ContactChild.objects.filter(child__isnull=False, pk__gt=build.floor(ContactChild))
        .select_related("contact")
        .order_by("contact_id", "pk")
    )
    now = timezone.now()
    unread_since = timezone.localdate() - timedelta(days=1)
    rows: list[tuple[Any, ...]] = []
    opened: list[tuple[int, int]] = []  # (row index, team id) of the unread in-app notices
    held_contacts = 0
    for link in links:
        contact = link.contact
        if link.child_id is None:
            continue
        received = contact.received_at
        day = timezone.localtime(received).date()
        allocation = next(
            (
                allocation
                for allocation in build.allocations.get(link.child_id, [])
                if allocation.team.kind != Team.Kind.MASH
                and allocation.started_on <= day
                and (allocation.ended_on is None or allocation.ended_on > day)
            ),
            None,
        )
        if allocation is None:
            continue
        told_at = min(received + timedelta(hours=1), now)
        recorded_by = contact.practitioner_id or contact.recorded_by_id
        managers = build.members.get(allocation.team.pk, {}).get(Role.TEAM_MANAGER, [])
        people = [allocation.worker.pk] if allocation.worker is not None else []
        people += [manager.pk for manager in managers if manager.pk not in people]
        for person in people:
            read_at = told_at + timedelta(hours=3) if day < unread_since else None
            if read_at is None:
                opened.append((len(rows), allocation.team.pk))
            rows.append(
                (contact.pk, link.child_id, person, "in_app", told_at, "", recorded_by, read_at)
            )
        if managers and held_contacts % 3 == 0 and contact.status != Contact.Status.OPEN:
            rows.append(
                (
                    contact.pk,
                    link.child_id,
                    managers[0].pk,
                    "phone",
                    told_at,
                    PHONED,
                    recorded_by,
                    None,
                )
            )
        held_contacts += 1
    keys = build.insert("contact notifications", ContactNotification, COLUMNS, rows, keys=True)
    notice_type = ContentType.objects.get_for_model(ContactNotification).pk
    due_items = [
        timescales.due_item_row(
            rules.CONTACT_ON_HELD_CHILD,
            child_id=rows[index][1],
            record_type_id=notice_type,
            record_id=keys[index],
            start=timezone.localtime(rows[index][4]).date(),
            opened_at=rows[index][4],
            owner_id=rows[index][2],
            team_id=team_id,
            summary=NOTICE_SUMMARY,
        )
        for index, team_id in opened
    ]
    build.save_through("contact notice due items", timescales.save_due_items, due_items)
