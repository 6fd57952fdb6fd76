"""Reads of the access log."""

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from opencsc.audit import chain
from opencsc.audit.models import AccessLog
from opencsc.permissions.actions import Action


def access_log(
    *,
    child_id: int | None = None,
    username: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    views_only: bool = False,
    action: Action | None = None,
) -> QuerySet[AccessLog]:
    """Access-log rows, newest first, by child, person, action and dates (inclusive, London
    time)."""
    rows = AccessLog.objects.select_related("user", "child")
    if child_id is not None:
        rows = rows.filter(child_id=child_id)
    if username.strip():
        rows = rows.filter(user__username__iexact=username.strip())
    zone = timezone.get_current_timezone()
    if date_from:
        rows = rows.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=zone))
    if date_to:
        rows = rows.filter(
            at__lt=datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone)
        )
    if action is not None:
        rows = rows.filter(action=action.value)
    if views_only:
        rows = rows.filter(kind=AccessLog.Kind.VIEW)
    return rows.order_by("-at", "-id")


def no_entries() -> QuerySet[AccessLog]:
    """No rows: what a filter the form refused lists."""
    return AccessLog.objects.none()


def chain_rows(*, chunk_size: int = 5000) -> Iterator[tuple[Any, ...]]:
    """Every numbered row's hashed fields and hash, in sequence order, streamed in chunks (a
    server-side cursor on PostgreSQL): what `opencsc audit verify` walks."""
    return (
        AccessLog.objects.filter(seq__isnull=False)
        .order_by("seq")
        .values_list(*chain.FIELDS, "hash")
        .iterator(chunk_size=chunk_size)
    )


def chain_hash_at(seq: int) -> str | None:
    """The hash of row `seq` of the chain, or None if there is no such row."""
    return AccessLog.objects.filter(seq=seq).values_list("hash", flat=True).first()


def unnumbered_rows() -> QuerySet[AccessLog]:
    """Rows with no sequence number: only writes that went round the app and its constraints."""
    return AccessLog.objects.filter(seq__isnull=True).order_by("id")
