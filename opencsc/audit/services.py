"""Writes to the access log. Every view of a child's record and every change goes through here."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from opencsc.accounts.models import User
from opencsc.audit.context import client_address, current_request
from opencsc.audit.models import AccessLog
from opencsc.people.models import Person
from opencsc.permissions.actions import Action


def _as_action(action: Action) -> Action:
    if not isinstance(action, Action):
        raise TypeError(f"The access log takes an Action, not {action!r}.")
    return action


def _write(
    *,
    kind: str,
    by: User | None,
    action: Action,
    child: Person | None,
    record: models.Model | None,
    summary: str,
) -> AccessLog:
    request = current_request.get()
    return AccessLog.objects.create(
        user=by if by is not None and by.pk else None,
        kind=kind,
        action=action.value,
        child=child,
        record_type=ContentType.objects.get_for_model(record) if record is not None else None,
        record_id=record.pk if record is not None else None,
        summary=summary[:300],
        ip_address=client_address(request),
        path=request.get_full_path()[:300] if request is not None else "",
    )


def log_view(
    *,
    by: User,
    child: Person | None,
    record: models.Model | None = None,
    action: Action = Action.VIEW_PERSON,
    summary: str = "",
) -> AccessLog:
    """Record that `by` opened a child's record (or a record about the child)."""
    request = current_request.get()
    row = new_view(
        by=by,
        child=child,
        record=record,
        action=action,
        summary=summary,
        ip_address=client_address(request),
        path=request.get_full_path() if request is not None else "",
    )
    row.save()
    return row


def new_view(
    *,
    by: User,
    child: Person | None,
    record: models.Model | None,
    action: str,
    summary: str = "",
    ip_address: str | None,
    path: str,
) -> AccessLog:
    """The unsaved row of `by` opening a record from `ip_address` at `path`: the row `log_view`
    saves, and the demo bulk-saves many of."""
    return AccessLog(
        user=by if by.pk else None,
        kind=AccessLog.Kind.VIEW,
        action=action,
        child=child,
        record_type=ContentType.objects.get_for_model(record) if record is not None else None,
        record_id=record.pk if record is not None else None,
        summary=summary[:300],
        ip_address=ip_address,
        path=path[:300],
    )


def log_change(
    *,
    by: User | None,
    child: Person | None,
    record: models.Model | None,
    action: Action,
    summary: str = "",
) -> AccessLog:
    """Record that `by` changed a record; call it inside the service's transaction."""
    return _write(
        kind=AccessLog.Kind.CHANGE,
        by=by,
        action=_as_action(action),
        child=child,
        record=record,
        summary=summary,
    )


def log_views(
    *, by: User, children: list[Person], record: models.Model, action: Action, summary: str = ""
) -> None:
    """Record that `by` opened a record about several children: one row per child, one insert."""
    request = current_request.get()
    record_type = ContentType.objects.get_for_model(record)
    AccessLog.objects.bulk_create(
        AccessLog(
            user=by,
            kind=AccessLog.Kind.VIEW,
            action=action.value,
            child=child,
            record_type=record_type,
            record_id=record.pk,
            summary=summary[:300],
            ip_address=client_address(request),
            path=request.get_full_path()[:300] if request is not None else "",
        )
        for child in children
    )
