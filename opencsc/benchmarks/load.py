"""`opencsc bench load`: many signed-in users at once against the production server (gunicorn).

The named benchmarks time one request at a time in the test client; this drives the real server
the way a council's staff do: `users` people, each signed in as one of the demo roles, each going
through that role's benchmark pages in turn (the realistic mix: every page of every named
benchmark, each with its own sample of records), as fast as the server answers, for `seconds`.
It reports pages a second, p50 and p95 of the time a page took as the user saw it, and errors.

Bounded on purpose: the server is started here, on the loopback address only, for at most
MAX_SECONDS with at most MAX_USERS users.
"""

import http.client
import math
import os
import secrets
import socket
import subprocess
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from opencsc.accounts.models import User
from opencsc.benchmarks import measure, registry

MAX_USERS = 200
MAX_SECONDS = 600
LOOPBACK = "127.0.0.1"
WARM_UP_SECONDS = 3.0
START_TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True)
class Visit:
    """A page a user of the load asks for: its name (for the report) and address."""

    page: str
    path: str


@dataclass(frozen=True)
class LoadUser:
    """One simulated member of staff: their session cookie and the pages they go through."""

    username: str
    cookie: str
    visits: tuple[Visit, ...]


@dataclass
class Sample:
    """One answered (or failed) request."""

    page: str
    started: float
    ms: float
    status: int


@dataclass
class LoadResult:
    """The figures of one run."""

    users: int
    workers: int
    seconds: float
    requests: int
    errors: int
    pages_per_second: float
    p50_ms: float
    p95_ms: float
    by_page: dict[str, tuple[int, float, float]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "users": self.users,
            "workers": self.workers,
            "seconds": round(self.seconds, 1),
            "requests": self.requests,
            "errors": self.errors,
            "pages_per_second": round(self.pages_per_second, 1),
            "p50_ms": round(self.p50_ms, 1),
            "p95_ms": round(self.p95_ms, 1),
            "by_page": {
                page: {"requests": count, "p50_ms": round(p50, 1), "p95_ms": round(p95, 1)}
                for page, (count, p50, p95) in self.by_page.items()
            },
        }


def check_bounds(*, users: int, seconds: float, workers: int) -> None:
    """Refuse a run outside the bounds (ValueError says which)."""
    if not 1 <= users <= MAX_USERS:
        raise ValueError(f"--users must be between 1 and {MAX_USERS}.")
    if not 1 <= seconds <= MAX_SECONDS:
        raise ValueError(f"--seconds must be between 1 and {MAX_SECONDS}.")
    if not 1 <= workers <= 32:
        raise ValueError("--workers must be between 1 and 32.")


def role_mix() -> dict[str, list[Visit]]:
    """Every named benchmark's pages, by the demo login that requests them, each page's sample
    of addresses taken from the data: what the load's users go through."""
    mix: dict[str, list[Visit]] = defaultdict(list)
    users = {user.username: user for user in User.objects.filter(is_active=True)}
    for benchmark in registry.BENCHMARKS.values():
        for page in benchmark.pages:
            user = users.get(page.username)
            if user is None:
                continue
            for path in page.paths(user)[:10]:
                mix[page.username].append(Visit(f"{benchmark.name}: {page.name}", path))
    return dict(mix)


def interleave(visits: list[Visit]) -> tuple[Visit, ...]:
    """The visits in an order that goes from page to page (one address of each in turn) rather
    than through one page's sample before the next."""
    by_page: dict[str, list[Visit]] = defaultdict(list)
    for visit in visits:
        by_page[visit.page].append(visit)
    rounds = max((len(group) for group in by_page.values()), default=0)
    groups = list(by_page.values())
    return tuple(
        group[number] for number in range(rounds) for group in groups if number < len(group)
    )


def session_cookie(user: User) -> str:
    """A session for `user` as after the sign-in (second factor given), as the named benchmarks
    make; the value of the session cookie the server will read."""
    client = measure.signed_in(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def load_users(users: int) -> list[LoadUser]:
    """`users` simulated staff, the roles taken in turn, each with a session of their own."""
    mix = role_mix()
    if not mix:
        raise ValueError("The database has no demo data to load: run `opencsc demo` first.")
    accounts = {user.username: user for user in User.objects.filter(username__in=mix)}
    names = sorted(mix)
    chosen = []
    for number in range(users):
        name = names[number % len(names)]
        visits = list(mix[name])
        # Each user of the same role starts at a different page, as real colleagues would.
        shift = (number // len(names)) % len(visits)
        ordered = interleave(visits[shift:] + visits[:shift])
        chosen.append(LoadUser(name, session_cookie(accounts[name]), ordered))
    return chosen


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    return measure.percentile(values, share)


def summarise(samples: list[Sample], *, users: int, workers: int, seconds: float) -> LoadResult:
    """The run's figures from its samples: errors are answers other than 200 (or none)."""
    times = [sample.ms for sample in samples]
    by_page: dict[str, list[float]] = defaultdict(list)
    for sample in samples:
        by_page[sample.page].append(sample.ms)
    return LoadResult(
        users=users,
        workers=workers,
        seconds=seconds,
        requests=len(samples),
        errors=sum(1 for sample in samples if sample.status != 200),
        pages_per_second=len(samples) / seconds if seconds > 0 else 0.0,
        p50_ms=percentile(times, 0.50),
        p95_ms=percentile(times, 0.95),
        by_page={
            page: (len(values), percentile(values, 0.50), percentile(values, 0.95))
            for page, values in sorted(by_page.items())
        },
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def server_environment(database_url: str, secret: str) -> dict[str, str]:
    """The production settings on the loopback: debug off, plain http (no TLS proxy here)."""
    environment = {key: value for key, value in os.environ.items() if key not in {"OPENCSC_DEBUG"}}
    environment.update(
        DATABASE_URL=database_url,
        OPENCSC_SECRET_KEY=secret,
        OPENCSC_ALLOWED_HOSTS=LOOPBACK,
        OPENCSC_SSL_REDIRECT="0",
        OPENCSC_SECURE_COOKIES="0",
        OPENCSC_HSTS_SECONDS="0",
        OPENCSC_HSTS_PRELOAD="0",
    )
    return environment


def new_secret() -> str:
    return secrets.token_urlsafe(50)


@contextmanager
def running_server(
    *, environment: dict[str, str], workers: int, server_dir: Path, log_path: Path
) -> Iterator[int]:
    """gunicorn serving the app from `server_dir` (its own .venv) on a free loopback port, for
    the length of the block; the static files collected first, as a deployment does."""
    python = server_dir / ".venv" / "bin" / "python"
    collect = subprocess.run(  # noqa: S603 - our own command
        [str(python), "-m", "opencsc.cli", "collectstatic", "--no-input", "-v", "0"],
        cwd=server_dir,
        env=environment,
        check=False,
        capture_output=True,
        text=True,
    )
    if collect.returncode != 0:
        raise RuntimeError(f"collectstatic failed: {collect.stderr[-2000:]}")
    port = free_port()
    with log_path.open("w") as log:
        server = subprocess.Popen(  # noqa: S603 - our own command
            [
                str(server_dir / ".venv" / "bin" / "gunicorn"),
                "config.wsgi",
                "--bind",
                f"{LOOPBACK}:{port}",
                "--workers",
                str(workers),
                "--access-logfile",
                "-",
                "--log-level",
                "warning",
            ],
            cwd=server_dir,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(port, server)
            yield port
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start (exit {server.returncode}).")
        try:
            connection = http.client.HTTPConnection(LOOPBACK, port, timeout=5)
            connection.request("GET", "/accounts/login/")
            connection.getresponse().read()
            connection.close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within a minute.")


def drive(
    port: int, load_users_: list[LoadUser], *, seconds: float, warm_up: float = WARM_UP_SECONDS
) -> tuple[list[Sample], float]:
    """Every user asks for their pages one after another, for `warm_up` seconds not counted and
    then `seconds` counted; the samples of the counted part, and its length."""
    samples: list[Sample] = []
    lock = threading.Lock()
    start = time.monotonic() + warm_up
    stop = start + seconds

    def run(user: LoadUser) -> None:
        connection = http.client.HTTPConnection(LOOPBACK, port, timeout=60)
        headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={user.cookie}"}
        mine: list[Sample] = []
        number = 0
        while True:
            visit = user.visits[number % len(user.visits)]
            number += 1
            began = time.monotonic()
            if began >= stop:
                break
            status = 0
            try:
                connection.request("GET", visit.path, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(LOOPBACK, port, timeout=60)
            ended = time.monotonic()
            if began >= start and ended <= stop:
                mine.append(Sample(visit.page, began, (ended - began) * 1000, status))
        connection.close()
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=run, args=(user,), daemon=True) for user in load_users_]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + warm_up + 120)
    return samples, seconds


def table(result: LoadResult, *, label: str = "") -> str:
    """The run's figures as a text table, the slowest pages last."""
    head = (
        f"{label}{result.users} users, {result.workers} workers, {result.seconds:.0f} s: "
        f"{result.requests} pages, {result.pages_per_second:.1f} pages/s, "
        f"p50 {result.p50_ms:.1f} ms, p95 {result.p95_ms:.1f} ms, errors {result.errors}"
    )
    width = max((len(page) for page in result.by_page), default=4)
    lines = [head, "", f"{'page':<{width}}  requests  p50 ms  p95 ms"]
    for page, (count, p50, p95) in sorted(result.by_page.items(), key=lambda item: item[1][2]):
        lines.append(f"{page:<{width}}  {count:>8}  {p50:>6.1f}  {p95:>6.1f}")
    return "\n".join(lines)


def errors_share(result: LoadResult) -> float:
    return result.errors / result.requests if result.requests else math.inf
