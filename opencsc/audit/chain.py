"""The access log's hash chain: each row's hash covers its own fields and the previous row's hash.

Row n's hash is SHA-256 (or HMAC-SHA-256 with `OPENCSC_AUDIT_KEY`) of the canonical form of
`[previous hash, seq, at, user, kind, action, child, record type, record id, summary, address,
path]`: JSON with no spaces, the time in UTC to the microsecond. Change a row and its hash no
longer matches; delete one and the sequence numbers have a gap; slip one into the middle and the
row after it no longer matches (its hash was made from another predecessor). The format is frozen:
rows already written were hashed with it (migration audit 0003 chains the rows written before it).
"""

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import connection

# The columns a row's hash covers, in the order of the canonical form (after the previous hash).
FIELDS = (
    "seq",
    "at",
    "user_id",
    "kind",
    "action",
    "child_id",
    "record_type_id",
    "record_id",
    "summary",
    "ip_address",
    "path",
)
# What the first row's "previous hash" is.
GENESIS = ""


def key() -> bytes | None:
    """The HMAC key from OPENCSC_AUDIT_KEY, or None for plain SHA-256."""
    value: str = settings.OPENCSC_AUDIT_KEY
    return value.encode() if value else None


def _moment(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def digest(values: tuple[Any, ...], previous: str, secret: bytes | None) -> str:
    """The hash of one row given its FIELDS values and the previous row's hash."""
    seq, at, *rest = values
    canonical = json.dumps(
        [previous, seq, _moment(at), *rest], ensure_ascii=False, separators=(",", ":")
    ).encode()
    if secret is None:
        return hashlib.sha256(canonical).hexdigest()
    return hmac.new(secret, canonical, hashlib.sha256).hexdigest()


def _digest_or_none(values: tuple[Any, ...], previous: str, secret: bytes | None) -> str | None:
    """The row's hash, or None if a column was set to something no app row holds (a NULL time)."""
    try:
        return digest(values, previous, secret)
    except (AttributeError, TypeError, ValueError):
        return None


def head() -> tuple[int, str]:
    """The last row's sequence number and hash (0 and GENESIS for an empty log), taking the lock
    that appenders queue on until the caller's transaction ends.

    PostgreSQL: one call of `audit_accesslog_chain_head()` (migration 0004), which takes an
    advisory transaction lock and then reads the head with a fresh snapshot, so it sees the rows
    of the writer it waited for. SQLite: the settings open every transaction with BEGIN
    IMMEDIATE, so the caller's transaction already holds the database's one write lock.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT seq, hash FROM audit_accesslog_chain_head()")
        else:
            cursor.execute("SELECT seq, hash FROM audit_accesslog ORDER BY seq DESC LIMIT 1")
        found = cursor.fetchone()
    if found is None or found[0] is None:
        return 0, GENESIS
    return int(found[0]), found[1]


@dataclass(frozen=True)
class Problem:
    """Something wrong found in the chain, at row `seq`."""

    seq: int
    kind: str  # "deleted", "changed", "inserted"
    message: str


@dataclass
class Walk:
    """What a walk of the chain saw: rows checked and the last row (the head)."""

    rows: int = 0
    last_seq: int = 0
    last_hash: str = GENESIS


def walk(
    rows: Iterable[tuple[Any, ...]], secret: bytes | None, seen: Walk | None = None
) -> Iterator[Problem]:
    """Check rows of `FIELDS + ("hash",)` in sequence order, yielding each problem found.

    Holds one row at a time. After a problem it carries on from the row's stored hash, so one
    tampered row is reported once, not as a broken chain all the way to the end.
    """
    seen = seen if seen is not None else Walk()
    expected, previous = 1, GENESIS
    for row in rows:
        *values, stored = row
        seq = values[0]
        seen.rows += 1
        if seq < expected:
            yield Problem(
                seq, "inserted", f"Row {seq} appears twice: one of them was added afterwards."
            )
            continue
        if seq > expected:
            first, last = expected, seq - 1
            span = f"Row {first} is" if first == last else f"Rows {first} to {last} are"
            yield Problem(first, "deleted", f"{span} missing: deleted.")
        elif stored is None or _digest_or_none(tuple(values), previous, secret) != stored:
            yield Problem(
                seq,
                "changed",
                f"Row {seq} does not match its hash: it, or the row before it, was changed or"
                " added outside the app.",
            )
        expected, previous = seq + 1, stored
        seen.last_seq, seen.last_hash = seq, stored
