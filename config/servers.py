"""Settings for running OpenCSC as several processes or servers (docs/deployment.md).

Nothing a request needs is held in one process: sessions are rows in the database (read through a
shared Redis cache when one is configured), the lock-out's counts are rows (django-axes' database
handler), the second factor's throttle is on the device's row, and the app keeps no files of its
own. These functions turn the environment into Django's DATABASES, CACHES and SESSION_ENGINE;
config/settings.py calls them with os.environ.
"""

from collections.abc import Mapping
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# The alias of the optional read replica (opencsc.core.replica sends report reads to it).
REPLICA = "replica"
# OPENCSC_DB_POOL=1 turns psycopg's pool on with this many connections at most per process.
DEFAULT_POOL_SIZE = 4
POOL_WAIT_SECONDS = 10


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def pool_size(value: str | None) -> int:
    """The pool's largest size per process from OPENCSC_DB_POOL: 0 (no pool) when unset, empty or
    off; DEFAULT_POOL_SIZE for "1", "yes" or "on"; otherwise the number given."""
    text = (value or "").strip().lower()
    if text in {"", "0", "false", "no", "off"}:
        return 0
    if text in {"1", "true", "yes", "on"}:
        return DEFAULT_POOL_SIZE
    if not text.isdigit():
        raise ImproperlyConfigured(
            f"OPENCSC_DB_POOL: {value!r} is not 0, 1 or a number of connections."
        )
    return int(text)


# psycopg prepares a query once it has run it this many times on a connection (its default).
PREPARE_AFTER = 5


def database(
    url: str, *, conn_max_age: int, pool: int = 0, pgbouncer: bool = False
) -> dict[str, Any]:
    """One entry of DATABASES for `url` (PostgreSQL or SQLite).

    PostgreSQL: JIT off (it added seconds to a search whose plan runs in milliseconds); with
    `pool`, psycopg's connection pool of at most that many connections per process, which Django
    allows only with CONN_MAX_AGE 0 (the pool keeps the connections instead). Behind PgBouncer in
    transaction mode (`pgbouncer`) each transaction may get another server connection, so nothing
    may outlive one: no server-side cursors, no prepared statements. Otherwise the parameters are
    bound by the server and psycopg prepares a query it has run `PREPARE_AFTER` times on its
    connection, so PostgreSQL plans a page's queries once a connection rather than on every
    request (Django turns both off by default): planning a page's typical query (a join of three
    wide tables) took 0.6 ms of its 0.75, and the same query prepared ran in a third of the time.
    """
    settings: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=conn_max_age))
    if settings["ENGINE"] == "django.db.backends.sqlite3":
        # Wait rather than fail when two requests write at once; WAL lets reads go on during a
        # write. SQLite is one file on one machine: no pool, no replica. The connection is kept
        # between requests as on PostgreSQL (`conn_max_age`): when a server closes the file's
        # last connection SQLite checkpoints the WAL into the file and removes it, and the next
        # connection's first read builds it again, which cost a request up to 8 ms (8 December
        # 2026, on a machine where a record page takes 30 to 80 ms).
        settings["OPTIONS"] = {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        return settings
    # PgBouncer refuses a connection's startup options: set `jit = off` on the app's role there
    # (docs/deployment.md).
    options: dict[str, Any] = {} if pgbouncer else {"options": "-c jit=off"}
    if pool:
        options["pool"] = {"min_size": 1, "max_size": pool, "timeout": POOL_WAIT_SECONDS}
        settings["CONN_MAX_AGE"] = 0
    if pgbouncer:
        options["prepare_threshold"] = None
    else:
        options["server_side_binding"] = True
        options["prepare_threshold"] = PREPARE_AFTER
    settings["OPTIONS"] = options
    settings["DISABLE_SERVER_SIDE_CURSORS"] = pgbouncer
    return settings


def databases(env: Mapping[str, str], *, default_url: str) -> dict[str, dict[str, Any]]:
    """DATABASES from the environment: DATABASE_URL (else `default_url`, SQLite), and the read
    replica DATABASE_REPLICA_URL when set (PostgreSQL only), with the same pool and options."""
    common: dict[str, Any] = {
        "conn_max_age": int(env.get("OPENCSC_DB_CONN_MAX_AGE") or 60),
        "pool": pool_size(env.get("OPENCSC_DB_POOL")),
        "pgbouncer": _flag(env.get("OPENCSC_DB_PGBOUNCER")),
    }
    found = {"default": database(env.get("DATABASE_URL") or default_url, **common)}
    replica_url = (env.get("DATABASE_REPLICA_URL") or "").strip()
    if replica_url:
        if found["default"]["ENGINE"] != "django.db.backends.postgresql":
            raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL on PostgreSQL.")
        replica = database(replica_url, **common)
        # The tests read the replica's alias from the primary's test database (no second copy).
        replica["TEST"] = {"MIRROR": "default"}
        found[REPLICA] = replica
    return found


def caches(redis_url: str) -> dict[str, dict[str, Any]]:
    """CACHES: Redis shared by every process when OPENCSC_REDIS_URL is set, else each process's
    own memory. Nothing the app relies on between requests is in the cache without Redis: the
    sessions then live in the database alone (session_engine)."""
    if redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": "opencsc",
                # A slow or stopped Redis fails a request quickly rather than holding a worker.
                "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
            }
        }
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def session_engine(redis_url: str) -> str:
    """Sessions in the database; with a shared Redis, read through it (`cached_db`: every save
    still writes the row, so a restarted or emptied Redis signs no one out). Never cached in one
    process's memory: another process would read a session it had not seen change."""
    if redis_url:
        return "django.contrib.sessions.backends.cached_db"
    return "django.contrib.sessions.backends.db"
