"""Writes for workforce: a team manager acknowledging an alert."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import RoleGrant, User
from opencsc.audit import services as audit
from opencsc.permissions import Action
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from opencsc.timescales.models import DueItem
from opencsc.workforce.alerts import ALERT_RULES
from opencsc.workforce.models import AlertAcknowledgement

# Alerts about an account's role that reads every child (no child involved).
ROLE_GRANT_KINDS = frozenset({rules.ROLE_GRANT_WAITING.code, rules.ROLE_GRANT_APPROVED.code})


@transaction.atomic
def acknowledge_alert(*, due_item: DueItem, note: str, by: User) -> AlertAcknowledgement:
    """Record that a manager of the item's team has seen an alert and what they directed; an
    alert is acknowledged once. For an assessment completed without the child seen alone the
    note is the explanation, so it closes the item."""
    permissions.require(by, Action.ACKNOWLEDGE_ALERT)
    item = (
        DueItem.objects.select_for_update(of=("self",))
        .select_related("team", "child")
        .get(pk=due_item.pk)
    )
    alert = ALERT_RULES.get(item.rule)
    if alert is None:
        raise ValidationError("This deadline does not raise a manager alert.")
    if item.rule == rules.RESTRICTED_WITH_OPEN_REFERRAL.code and item.child is not None:
        # About a restricted record that need not name them: whoever answers for the restriction
        # (the alert is listed for the heads of service only).
        permissions.require(by, Action.RESTRICT_RECORD, item.child)
    else:
        # A head of service manages every team, and answers for work no team holds.
        permissions.require(by, Action.ACKNOWLEDGE_ALERT, item)
    if (
        item.rule in ROLE_GRANT_KINDS
        and RoleGrant.objects.filter(pk=item.record_id, account=by).exists()
    ):
        raise ValidationError(
            "This alert is about your own account: another head of service acknowledges it."
        )
    earlier = (
        AlertAcknowledgement.objects.filter(due_item=item).select_related("acknowledged_by").first()
    )
    if earlier is not None:
        raise ValidationError(
            f"This alert was already acknowledged by {earlier.acknowledged_by} on "
            f"{timezone.localtime(earlier.acknowledged_at):%-d %B %Y at %H:%M}."
        )
    if item.closed_at is not None:
        raise ValidationError("This work is done: the alert no longer needs acknowledging.")
    if alert.until_done:
        raise ValidationError(
            "This alert stays until the work is done: a note does not answer it. Open the record "
            "to see what is needed."
        )
    # A rule counted in hours is overdue the moment its time passes; one in days, the day after.
    not_yet = (
        item.due_at >= timezone.now()
        if item.due_at is not None
        else item.due_on >= timezone.localdate()
    )
    if not alert.immediate and not_yet:
        raise ValidationError("This work is not overdue yet: there is no alert to acknowledge.")
    if not note.strip():
        raise ValidationError({"note": "Enter what you have seen and what you have directed"})
    now = timezone.now()
    acknowledgement = AlertAcknowledgement(
        due_item=item, note=note.strip(), acknowledged_by=by, acknowledged_at=now
    )
    acknowledgement.full_clean()
    acknowledgement.save()
    if alert.immediate:
        timescales.close_item(item=item, by=by, note=f"Manager's note: {note.strip()}")
    audit.log_change(
        by=by,
        child=item.child,
        record=acknowledgement,
        action=Action.ACKNOWLEDGE_ALERT,
        summary=f"{alert.title}: {note.strip()}",
    )
    return acknowledgement


# Notices in the worker's tray that end when read (the other tray items end with the work).
NOTICE_CODES = rules.TRAY_NOTICE_CODES


@transaction.atomic
def mark_as_read(*, due_item: DueItem, by: User) -> DueItem:
    """Close a notice in the worker's own tray (a new allocation, a contact on a child they hold,
    a note to read) once they have read it; who read it and when stay on the item."""
    permissions.require(by, Action.MARK_AS_READ)
    item = DueItem.objects.select_for_update(of=("self",)).get(pk=due_item.pk)
    if item.owner_id != by.pk:
        raise PermissionDenied("Only the person it waits on can mark it as read.")
    if item.rule not in NOTICE_CODES:
        raise ValidationError("This is work to do, not a notice: it closes when the work is done.")
    if item.closed_at is not None:
        raise ValidationError("This was already marked as read.")
    label = rules.get(item.rule).label
    timescales.close_item(item=item, by=by, note=f"Read: {label}")
    audit.log_change(
        by=by,
        child=item.child,
        record=item,
        action=Action.MARK_AS_READ,
        summary=f"Marked as read: {label}",
    )
    return item
