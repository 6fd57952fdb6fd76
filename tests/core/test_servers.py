"""Several processes or servers (issue 15, part 5): what the environment makes of the database, the
connection pool, the read replica, the shared cache and the sessions (config/servers.py)."""

import os
import socket
import subprocess
import sys
import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import servers
from tests.core.test_safe_defaults import DOCUMENTED_PRODUCTION, _opencsc

PRIMARY = "postgres://opencsc@db-primary.example:5432/opencsc"
REPLICA = "postgres://opencsc@db-replica.example:5432/opencsc"
SQLITE = "sqlite:////tmp/opencsc-test.sqlite3"
REDIS = "redis://127.0.0.1:6379/0"


def test_a_newcomer_gets_sqlite_database_sessions_and_a_cache_nothing_relies_on():
    found = servers.databases({}, default_url=SQLITE)

    assert list(found) == ["default"]
    assert found["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert servers.session_engine("") == "django.contrib.sessions.backends.db"
    assert servers.caches("")["default"]["BACKEND"].endswith("LocMemCache")


def test_sqlite_keeps_its_connection_between_requests_as_postgresql_does():
    # Closing the last connection checkpoints the WAL and removes it: opening the file again
    # for every request cost each one 8 ms.
    default = servers.databases({}, default_url=SQLITE)["default"]

    assert default["CONN_MAX_AGE"] == 60
    assert "journal_mode=WAL" in default["OPTIONS"]["init_command"]


def test_postgresql_keeps_connections_a_minute_by_default_without_a_pool():
    default = servers.databases({"DATABASE_URL": PRIMARY}, default_url=SQLITE)["default"]

    assert default["CONN_MAX_AGE"] == 60
    assert "pool" not in default["OPTIONS"]
    assert default["OPTIONS"]["options"] == "-c jit=off"
    assert default["DISABLE_SERVER_SIDE_CURSORS"] is False
    # The server binds the parameters, and a query run five times on a connection is prepared.
    assert default["OPTIONS"]["server_side_binding"] is True
    assert default["OPTIONS"]["prepare_threshold"] == 5


@pytest.mark.parametrize(("value", "size"), [("1", 4), ("on", 4), ("10", 10), ("0", 0), ("", 0)])
def test_the_pool_is_turned_on_with_a_size_and_then_connections_are_not_kept_by_django(value, size):
    env = {"DATABASE_URL": PRIMARY, "OPENCSC_DB_POOL": value}
    default = servers.databases(env, default_url=SQLITE)["default"]

    if size:
        assert default["OPTIONS"]["pool"]["max_size"] == size
        # Django refuses a pool with persistent connections (CONN_MAX_AGE above 0).
        assert default["CONN_MAX_AGE"] == 0
    else:
        assert "pool" not in default["OPTIONS"]


def test_a_pool_size_that_is_not_a_number_stops_the_app():
    with pytest.raises(ImproperlyConfigured, match="OPENCSC_DB_POOL"):
        servers.databases({"DATABASE_URL": PRIMARY, "OPENCSC_DB_POOL": "big"}, default_url=SQLITE)


def test_behind_pgbouncer_nothing_outlives_a_transaction():
    env = {"DATABASE_URL": PRIMARY, "OPENCSC_DB_PGBOUNCER": "1"}
    default = servers.databases(env, default_url=SQLITE)["default"]

    assert default["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert default["OPTIONS"]["prepare_threshold"] is None
    assert "server_side_binding" not in default["OPTIONS"]
    assert "options" not in default["OPTIONS"]  # PgBouncer refuses startup options


def test_a_replica_is_a_second_alias_with_the_same_pool_mirrored_in_the_tests():
    env = {"DATABASE_URL": PRIMARY, "DATABASE_REPLICA_URL": REPLICA, "OPENCSC_DB_POOL": "3"}
    found = servers.databases(env, default_url=SQLITE)

    assert found["replica"]["HOST"] == "db-replica.example"
    assert found["default"]["HOST"] == "db-primary.example"
    assert found["replica"]["OPTIONS"]["pool"]["max_size"] == 3
    assert found["replica"]["TEST"] == {"MIRROR": "default"}


def test_a_replica_needs_postgresql():
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL"):
        servers.databases({"DATABASE_REPLICA_URL": REPLICA}, default_url=SQLITE)


def test_with_redis_the_cache_is_shared_and_sessions_are_read_through_it_and_kept_in_the_database():
    cache = servers.caches(REDIS)["default"]

    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == REDIS
    assert servers.session_engine(REDIS) == "django.contrib.sessions.backends.cached_db"


def _redis_answers(host: str = "127.0.0.1", port: int = 6379) -> bool:
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        return False
    return True


def test_the_settings_read_redis_and_the_replica_from_the_environment():
    code = (
        "import config.settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, sorted(s.DATABASES))"
    )
    env = os.environ | {
        "OPENCSC_REDIS_URL": REDIS,
        "DATABASE_URL": PRIMARY,
        "DATABASE_REPLICA_URL": REPLICA,
    }
    shown = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )

    assert shown.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cached_db",
        "['default',",
        "'replica']",
    ]


@pytest.mark.skipif(not _redis_answers(), reason="no Redis answers at 127.0.0.1:6379")
def test_two_processes_share_what_one_puts_in_the_redis_cache():
    key = f"test-{uuid.uuid4()}"
    code = (
        "import sys, django; django.setup(); from django.core.cache import cache; "
        "cache.set(sys.argv[1], 'seen', 30) if sys.argv[2] == 'set' else "
        "print(cache.get(sys.argv[1]))"
    )
    env = os.environ | {"OPENCSC_REDIS_URL": REDIS, "DJANGO_SETTINGS_MODULE": "config.settings"}

    def run(action: str) -> str:
        return subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
            [sys.executable, "-c", code, key, action],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout.strip()

    run("set")
    assert run("get") == "seen"


def test_the_large_layouts_settings_pass_djangos_production_checklist():
    large = {
        "DATABASE_URL": PRIMARY,
        "DATABASE_REPLICA_URL": REPLICA,
        "OPENCSC_REDIS_URL": REDIS,
        "OPENCSC_DB_POOL": "4",
    }
    result = _opencsc(
        "check", "--deploy", "--fail-level", "WARNING", **DOCUMENTED_PRODUCTION, **large
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
