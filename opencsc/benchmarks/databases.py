"""The dedicated database each benchmark size runs on, so benchmarks never touch the app's data."""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from django.conf import settings
from psycopg import sql

DATABASES = ("sqlite", "postgresql")
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


def sqlite_url(size: str) -> str:
    """The benchmark's SQLite file in the var directory: var/bench-<size>.sqlite3."""
    path = Path(settings.VAR_DIR) / f"bench-{size}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path.resolve()}"


def postgres_url(size: str) -> str:
    """The database opencsc_bench_<size> on DATABASE_URL's server (or the local one)."""
    configured = os.environ.get("DATABASE_URL", "")
    server = configured if configured.startswith(("postgres://", "postgresql://")) else ""
    parts = urlsplit(server or DEFAULT_POSTGRES)
    return urlunsplit(parts._replace(path=f"/opencsc_bench_{size}"))


def create_postgres_database(url: str) -> bool:
    """Create the database `url` names unless it exists; True if it was created."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists:
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def bench_url(database: str, size: str) -> str:
    """The benchmark database URL for `database` (sqlite or postgresql) and `size`."""
    if database == "sqlite":
        return sqlite_url(size)
    url = postgres_url(size)
    create_postgres_database(url)
    return url


def display(url: str) -> str:
    """`url` with any password hidden, for printing."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))
