"""Time pages in process with Django's test client: server time and SQL queries per request."""

import math
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY

from opencsc.accounts.models import User
from opencsc.accounts.signin import services as second_factor
from opencsc.benchmarks.base import Benchmark, Page

WARM_UP = 5
# Stop timing a page after this long (at least one request is always timed), so that a page
# taking minutes per request is reported rather than left running for hours.
BUDGET_SECONDS = 120.0


@dataclass(frozen=True)
class PageResult:
    """The figures for one page: times in milliseconds, queries per request."""

    page: str
    database: str
    size: str
    requests: int
    p50_ms: float
    p95_ms: float
    queries: int
    min_queries: int

    def as_json(self) -> dict[str, Any]:
        """The result as the JSON report writes it (most queries seen in any one request)."""
        row = asdict(self)
        del row["min_queries"]
        return row


class PageFailed(Exception):
    """A page answered something other than 200 OK, or had nothing to request."""


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of `values` (share 0.95 = p95)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def measure_page(
    page: Page,
    *,
    requests: int,
    size: str,
    warm_up: int = WARM_UP,
    budget_seconds: float = BUDGET_SECONDS,
) -> PageResult:
    """Request `page` `requests` times (fewer if over budget), going through its sample in turn."""
    deadline = time.perf_counter() + budget_seconds
    user = User.objects.get(username=page.username)
    paths = page.paths(user)
    if not paths:
        raise PageFailed(f"{page.name}: the data has no record to request.")
    client = signed_in(user)
    for path in paths[:warm_up]:
        _get(client, page, path)
        if time.perf_counter() > deadline:
            break
    timed = time_requests(client, paths, requests=requests, deadline=deadline)
    if timed.refused is not None:
        path, status = timed.refused
        raise PageFailed(f"{page.name}: {path} answered {status}, not 200.")
    times, counts = timed.times, timed.counts
    return PageResult(
        page=page.name,
        database=connection.vendor,
        size=size,
        requests=len(times),
        p50_ms=round(percentile(times, 0.50), 1),
        p95_ms=round(percentile(times, 0.95), 1),
        queries=max(counts),
        min_queries=min(counts),
    )


@dataclass
class Timed:
    """Requests timed in turn: milliseconds and queries of each, and the first address that
    answered something other than 200 (with what it answered), which stopped the timing."""

    times: list[float]
    counts: list[int]
    refused: tuple[str, int] | None = None


def time_requests(client: Client, paths: Sequence[str], *, requests: int, deadline: float) -> Timed:
    """Request `paths` in turn `requests` times (fewer once past `deadline`, at least one), each
    timed to its last byte with the SQL queries it ran: what every benchmark measures."""
    timed = Timed(times=[], counts=[])
    for number in range(requests):
        if timed.times and time.perf_counter() > deadline:
            break
        path = paths[number % len(paths)]
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            if response.streaming:
                b"".join(response.streaming_content)  # type: ignore[attr-defined]
            timed.times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            timed.refused = (path, response.status_code)
            break
        timed.counts.append(len(queries.captured_queries))
    return timed


def signed_in(user: User) -> Client:
    """A client signed in as `user` as staff are after the sign-in: with the second factor given
    when it is required, so each request also pays for django-otp's look-up of the device."""
    # Answer errors as the server would (500), rather than raising inside the client.
    client = Client(raise_request_exception=False)
    client.force_login(user)
    if second_factor.requires_second_factor(user):
        device = second_factor.authenticator_for(user) or second_factor.benchmark_authenticator(
            user=user
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _get(client: Client, page: Page, path: str) -> None:
    response = client.get(path)
    if response.status_code != 200:
        raise PageFailed(f"{page.name}: {path} answered {response.status_code}, not 200.")


@dataclass
class Measured:
    """The pages measured, and those that failed (with why)."""

    results: list[PageResult]
    failures: list[str]


def measure(
    benchmark: Benchmark,
    *,
    requests: int,
    size: str,
    warm_up: int = WARM_UP,
    budget_seconds: float = BUDGET_SECONDS,
) -> Measured:
    """Measure every page of `benchmark` on the configured database; one failure stops no other."""
    measured = Measured(results=[], failures=[])
    for page in benchmark.pages:
        try:
            result = measure_page(
                page, requests=requests, size=size, warm_up=warm_up, budget_seconds=budget_seconds
            )
        except PageFailed as error:
            measured.failures.append(str(error))
        else:
            measured.results.append(result)
    return measured


def report(benchmark: Benchmark, results: list[PageResult]) -> dict[str, Any]:
    """The JSON report: {"benchmark": name, "results": [{page, database, size, ...}]}."""
    return {"benchmark": benchmark.name, "results": [result.as_json() for result in results]}


# A fixed piece of pure Python: how long it takes says how fast this machine runs the app's own
# code (the pages spend most of their time in Python: building SQL, rendering), so figures from
# two machines can be compared. Machines of the same kind have differed by 2.5 times.
MACHINE_LOOP_STEPS = 2_000_000


def machine_loop_ms() -> float:
    """The fastest of three runs of the fixed loop, in milliseconds."""
    best = math.inf
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for step in range(MACHINE_LOOP_STEPS):
            total += step
        best = min(best, (time.perf_counter() - started) * 1000)
    return round(best, 1)


def machine_line() -> str:
    """The line every benchmark prints first."""
    return (
        f"Machine: a fixed Python loop ({MACHINE_LOOP_STEPS:,} additions) takes"
        f" {machine_loop_ms():.0f} ms; page times scale with it."
    )


def table(results: list[PageResult]) -> str:
    """The results as a plain-text table."""
    header = ("page", "database", "size", "requests", "p50 ms", "p95 ms", "queries")
    rows = [header]
    for result in results:
        queries = (
            str(result.queries)
            if result.queries == result.min_queries
            else f"{result.min_queries}-{result.queries}"
        )
        rows.append(
            (
                result.page,
                result.database,
                result.size,
                str(result.requests),
                f"{result.p50_ms:.1f}",
                f"{result.p95_ms:.1f}",
                queries,
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(width) if column == 0 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
