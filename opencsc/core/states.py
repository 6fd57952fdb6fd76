"""The one way a record with a status changes state."""

from typing import Any, Protocol

from django.core.exceptions import ValidationError


class HasStatus(Protocol):
    status: Any
    TRANSITIONS: dict[Any, set[Any]]


def move(record: HasStatus, to: Any) -> None:
    """Move `record` to status `to`; raise ValidationError when its TRANSITIONS forbid it."""
    allowed = record.TRANSITIONS.get(record.status, set())
    if to not in allowed:
        raise ValidationError(f"This record cannot move from {record.status} to {to}.")
    record.status = to
