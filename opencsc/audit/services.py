"""Writes to the access log. Every view of a child's record and every change goes through here."""

from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from opencsc.accounts.models import User
from opencsc.audit import chain
from opencsc.audit.context import client_address, current_request
from opencsc.audit.models import AccessLog
from opencsc.people.models import Person
from opencsc.permissions.actions import Action


def _as_action(action: Action) -> Action:
    if not isinstance(action, Action):
        raise TypeError(f"The access log takes an Action, not {action!r}.")
    return action


def new_row(
    *,
    kind: str,
    by: User | None,
    action: Action,
    child: Person | None,
    record: models.Model | None,
    summary: str = "",
    ip_address: str | None,
    path: str,
) -> AccessLog:
    """The unsaved access-log row of `by` viewing or changing a record from `ip_address` at
    `path`: the one row every writer here saves, and the demo bulk-saves many of. `save_rows`
    gives it its time, number and hash."""
    return AccessLog(
        user=by if by is not None and by.pk else None,
        kind=kind,
        action=_as_action(action).value,
        child=child,
        record_type=ContentType.objects.get_for_model(record) if record is not None else None,
        record_id=record.pk if record is not None else None,
        summary=summary[:300],
        ip_address=ip_address,
        path=path[:300],
    )


def save_rows(rows: Sequence[AccessLog]) -> list[AccessLog]:
    """Append `rows` to the log, in order: number each, time it now (unless given a time, as the
    demo's history is), hash it onto the chain, and insert them all in one statement.

    The chain's head is read under its lock (`chain.head`), held to the end of the caller's
    transaction, so two writers cannot both chain onto the same row: the second waits for the
    first to commit. Costs one query (the head) besides the insert.
    """
    if not rows:
        return []
    secret = chain.key()
    address = AccessLog._meta.get_field("ip_address")
    with transaction.atomic(savepoint=False):
        seq, previous = chain.head()
        now = timezone.now()
        for row in rows:
            if row.pk is not None:
                raise PermissionError("The access log is append-only.")
            if row.at is None:
                row.at = now
            # Hash the address as the database will give it back (2001:DB8:0::1 is 2001:db8::1).
            row.ip_address = address.get_prep_value(row.ip_address)
            seq += 1
            row.seq = seq
            row.hash = chain.digest(
                tuple(getattr(row, name) for name in chain.FIELDS), previous, secret
            )
            previous = row.hash
        return AccessLog.objects.bulk_create(rows)


def _in_request(
    *,
    kind: str,
    by: User | None,
    action: Action,
    child: Person | None,
    record: models.Model | None,
    summary: str,
) -> AccessLog:
    """The row for the current request's address and path (none outside a request)."""
    request = current_request.get()
    return new_row(
        kind=kind,
        by=by,
        action=action,
        child=child,
        record=record,
        summary=summary,
        ip_address=client_address(request),
        path=request.get_full_path() if request is not None else "",
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
    row = _in_request(
        kind=AccessLog.Kind.VIEW, by=by, action=action, child=child, record=record, summary=summary
    )
    save_rows([row])
    return row


def log_change(
    *,
    by: User | None,
    child: Person | None,
    record: models.Model | None,
    action: Action,
    summary: str = "",
) -> AccessLog:
    """Record that `by` changed a record; call it inside the service's transaction."""
    row = _in_request(
        kind=AccessLog.Kind.CHANGE,
        by=by,
        action=action,
        child=child,
        record=record,
        summary=summary,
    )
    save_rows([row])
    return row


def log_views(
    *, by: User, children: list[Person], record: models.Model, action: Action, summary: str = ""
) -> None:
    """Record that `by` opened a record about several children: one row per child, one insert."""
    save_rows(
        [
            _in_request(
                kind=AccessLog.Kind.VIEW,
                by=by,
                action=action,
                child=child,
                record=record,
                summary=summary,
            )
            for child in children
        ]
    )
