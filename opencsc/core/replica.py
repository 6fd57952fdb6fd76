"""The optional read replica: reports and dashboards may read from it, nothing else does.

With DATABASE_REPLICA_URL set (config/servers.py) the "replica" database alias is a PostgreSQL
streaming replica of the primary. A report's selector asks for it explicitly, query by query:

    rows = for_reports(Contact.objects.filter(...))   # read on the replica when there is one
    context["may_lag"] = replica_may_lag()             # the page then says its figures may lag

Everything else reads and writes the primary: writes always (`PrimaryReplicaRouter.db_for_write`,
even for a row read from the replica), and the access log, the sessions, the lock-out's counts and
the second factor's devices are never read from the replica, even by a report (a row appended to
the access log must chain onto the primary's last row; sign-in state must never lag). Without a
replica `for_reports` reads the primary and nothing may lag.

A replica lags the primary by the time it takes to replay what was written (usually well under a
second; more while it catches up after a restart): a report read from it may miss what was saved a
moment ago, so a page that uses it says so (REPLICA_LAG_MESSAGE).
"""

from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, models

REPLICA = "replica"
# App labels whose tables are read and written on the primary only.
PRIMARY_ONLY_APPS = frozenset({"audit", "sessions", "axes", "otp_totp", "otp_static"})
REPLICA_LAG_MESSAGE = (
    "These figures are read from a copy of the records that can be a few seconds behind: "
    "something saved in the last minute may not be counted yet."
)

Q = TypeVar("Q", bound=models.QuerySet[Any])


def replica_configured() -> bool:
    """Whether a read replica is configured (DATABASE_REPLICA_URL)."""
    return REPLICA in settings.DATABASES


def _primary_only(model: type[models.Model]) -> bool:
    return model._meta.app_label in PRIMARY_ONLY_APPS


def reports_database(model: type[models.Model]) -> str:
    """The database alias a report reads `model` from: the replica when there is one, except for
    the tables only ever read on the primary."""
    if replica_configured() and not _primary_only(model):
        return REPLICA
    return DEFAULT_DB_ALIAS


def for_reports(queryset: Q) -> Q:
    """`queryset`, read from the replica when there is one (its subqueries, such as the
    need-to-know filter, run there too, in the same statement)."""
    return queryset.using(reports_database(queryset.model))


def replica_may_lag() -> bool:
    """Whether a page's report reads (`for_reports`) may lag behind the latest writes."""
    return replica_configured()


class PrimaryReplicaRouter:
    """Writes go to the primary, always; reads go where the query was sent (the primary unless a
    report asked for the replica), except the primary-only tables, read on the primary even for a
    row that came from the replica. Only the primary is migrated (the replica copies it)."""

    def db_for_read(self, model: type[models.Model], **hints: Any) -> str | None:
        return DEFAULT_DB_ALIAS if _primary_only(model) else None

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first: models.Model, second: models.Model, **hints: Any) -> bool:
        # The same rows in both: an object read from the replica may point to one on the primary.
        return {first._state.db, second._state.db} <= {DEFAULT_DB_ALIAS, REPLICA, None}

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None
