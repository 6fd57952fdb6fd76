"""`opencsc bench pages`: every page of the app, timed for every demo login that can open it.

For each demo login (opencsc/demo/logins.py) the walk starts from the pages that take no id,
follows the links each page it opened shows (so the ids are ones that login reaches), and, for a
page no link led to, tries the ids of the same kind of record the login has opened on other pages,
then a spread of the table's ids. The permission gate decides: a page that answers anything but 200
(403, 404, a redirect) is not reachable for that login and is not timed; a 500 (or an exception) is
a failure. Each (login, page) is then timed like a named benchmark (measure.py): a warm-up, then
its sample of records in turn, with the SQL queries each request ran.

Flags on a result: `varies` (its query count differs between requests: between records, or between
requests for one record), `over target` (p95 above the size's target) and `grows` (more queries than
the same login's page at a smaller size, from an earlier run's JSON).
"""

import fnmatch
import logging
import re
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from opencsc.accounts.models import User
from opencsc.benchmarks.measure import percentile, signed_in, time_requests
from opencsc.benchmarks.site_map import OPENS, url_names

# p95 targets in milliseconds by data size (issue 15); a size not listed has none.
TARGET_P95_MS: dict[str, float] = {"la": 50.0, "large": 100.0}

# URL patterns that are not pages to time, with why. Every other pattern must be reached by some
# demo login (tests/benchmarks/test_bench_pages.py), so a new page is timed the day it is added.
_POST_ONLY = "takes a form's POST only (GET answers 405)"
_SIGN_IN = "a step of signing in: a signed-in session is sent on (302)"
NOT_PAGES: dict[str, str] = {
    "accounts:logout": "signs the user out (a form posts to it)",
    "accounts:login": _SIGN_IN,
    "accounts:sign-in-code": _SIGN_IN,
    "accounts:set-up-authenticator": _SIGN_IN,
    "accounts:recovery-codes": "shown once, just after an authenticator is set up (302 after)",
    "accounts:oidc-start": "single sign-on: sends the browser to the identity provider",
    "accounts:oidc-callback": "single sign-on: the identity provider's answer",
    "accounts:stay-signed-in": _POST_ONLY,
    "accounts:staff-reset-second-factor": _POST_ONLY,
    "accounts:staff-set-active": _POST_ONLY,
    "frontdoor:check-chase": _POST_ONLY,
    "frontdoor:meeting-choose": _POST_ONLY,
    "frontdoor:meeting-outcome": _POST_ONLY,
    "frontdoor:notice-read": _POST_ONLY,
    "notes:finalise": _POST_ONLY,
    "notes:read": _POST_ONLY,
    "people:relative-link": _POST_ONLY,
    "workforce:mark-read": _POST_ONLY,
    "workforce:tray-open": "sends the user on to the tray line's record (302), which is timed",
}

VARIES = "varies"
OVER_TARGET = "over target"
GROWS = "grows"

DEFAULT_SAMPLE = 5  # records of each page, per login
DEFAULT_PROBES = 4  # ids tried for a page before it counts as not reachable for a login
# Ids of a kind of record the login opened elsewhere that a page refused before it counts as
# closed to the login (its role may not take that action).
REFUSED_OPENED = 2
WARM_UP = 1
PAGE_BUDGET_SECONDS = 10.0  # timing one login's page
WALK_BUDGET_SECONDS = 300.0  # finding one login's pages

_LINK = re.compile(r'href="(/[^"?#]*)')


@dataclass
class Walk:
    """What one login reached: up to `sample` paths for each page that answered 200."""

    username: str
    reached: dict[str, list[str]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    requests: int = 0
    statuses: dict[str, Counter[int]] = field(default_factory=dict)  # by URL name


@dataclass
class PageResult:
    """One login's figures for one page: times in milliseconds, SQL queries per request."""

    role: str  # the demo login's username
    page: str  # the URL name
    records: int  # how many different paths (records) were requested
    requests: int
    p50_ms: float
    p95_ms: float
    min_queries: int
    max_queries: int
    flags: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> "PageResult":
        return cls(**{key: row[key] for key in cls.__dataclass_fields__ if key in row})


def pages_to_time(pattern: str | None = None) -> list[str]:
    """The URL names of every page to time (all but NOT_PAGES), those matching `pattern` (a shell
    pattern such as `record:*`) when given."""
    names = [item.name for item in url_names() if item.name not in NOT_PAGES]
    if pattern:
        names = [name for name in names if fnmatch.fnmatchcase(name, pattern)]
    return names


class _Walker:
    """Walks the pages one login reaches, by links first, then by ids."""

    def __init__(
        self,
        client: Client,
        walk: Walk,
        *,
        wanted: Sequence[str],
        sample: int,
        probes: int,
        deadline: float,
        table_ids: Callable[[str], list[int]],
        follow_others: bool,
        first_ids: dict[str, list[int]],
    ) -> None:
        self.client = client
        self.walk = walk
        self.wanted = set(wanted)
        self.sample = sample
        self.probes = probes
        self.deadline = deadline
        self.table_ids = table_ids
        self.follow_others = follow_others
        self.first_ids = first_ids
        self.pages = {item.name: item for item in url_names() if item.name not in NOT_PAGES}
        self.tried: set[str] = set()
        self.attempts: Counter[str] = Counter()
        self.opened: dict[str, list[int]] = {}  # model label -> ids this login opened
        self.refused: Counter[str] = Counter()  # pages that refused ids opened elsewhere
        self.queue: deque[str] = deque()

    def _enough(self, name: str) -> int:
        # Pages outside `wanted` are opened once only, for their links (or not at all).
        if name in self.wanted:
            return self.sample
        return 1 if self.follow_others else 0

    def run(self) -> None:
        for name, item in self.pages.items():
            if not item.keywords:
                self.queue.append(reverse(name))
        while True:
            self._drain()
            if not self._by_ids() or time.perf_counter() > self.deadline:
                self._drain()
                return

    def _drain(self) -> None:
        while self.queue and time.perf_counter() <= self.deadline:
            self._visit(self.queue.popleft())

    def _by_ids(self) -> bool:
        """Queue ids for each page that takes one and that no link led to: those of the same kind
        of record this login opened elsewhere, then a spread of the table's. False if none."""
        queued = False
        for name, item in self.pages.items():
            if not item.keywords or self.walk.reached.get(name) or not self._enough(name):
                continue
            if self.attempts[name] >= self.probes or self.refused[name] >= REFUSED_OPENED:
                continue
            label, keyword = OPENS[name]
            candidates = [
                *self.first_ids.get(name, []),
                *self.opened.get(label, []),
                *self.table_ids(label),
            ]
            for pk in dict.fromkeys(candidates):
                path = reverse(name, kwargs={keyword: pk})
                if path in self.tried:
                    continue
                self.queue.append(path)
                queued = True
                break
        return queued

    def _visit(self, path: str) -> None:
        if path in self.tried:
            return
        try:
            match = resolve(path)
        except Resolver404:
            return
        name = match.view_name
        if name not in self.pages:
            return
        if len(self.walk.reached.get(name, [])) >= self._enough(name):
            return
        if self.attempts[name] >= self.probes:
            return
        self.tried.add(path)
        self.attempts[name] += 1
        status, html = self._get(path, name)
        self.walk.statuses.setdefault(name, Counter())[status] += 1
        pk, label = None, ""
        if name in OPENS:
            label, keyword = OPENS[name]
            pk = int(match.kwargs[keyword])
        if status != 200:
            if pk is not None and pk in self.opened.get(label, []):
                self.refused[name] += 1
            return
        self.walk.reached.setdefault(name, []).append(path)
        if pk is not None:
            self.opened.setdefault(label, []).append(pk)
        self.queue.extend(_LINK.findall(html))

    def _get(self, path: str, name: str) -> tuple[int, str]:
        self.walk.requests += 1
        try:
            # A savepoint: a failed statement must not spoil the next on PostgreSQL.
            with transaction.atomic():
                response = self.client.get(path)
        except Exception as error:  # reported as the page's failure
            self.walk.failures.append(
                f"{self.walk.username} {name} {path}: {type(error).__name__}: {error}"[:500]
            )
            return 500, ""
        if response.status_code >= 500:
            self.walk.failures.append(
                f"{self.walk.username} {name} {path}: answered {response.status_code}"
            )
        if response.status_code != 200 or response.streaming:
            return response.status_code, ""
        content_type = response.get("Content-Type", "")
        html = response.content.decode(errors="replace") if "html" in content_type else ""
        return response.status_code, html


class TableIds:
    """A spread of each table's ids, read once per run: the oldest, the newest two and others
    spread between them (`count` in all)."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.cache: dict[str, list[int]] = {}

    def __call__(self, label: str) -> list[int]:
        if label not in self.cache:
            model = apps.get_model(label)
            ids = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
            self.cache[label] = spread(ids, self.count)
        return self.cache[label]


def spread(ids: list[int], count: int) -> list[int]:
    """`count` of `ids`: the first, the last two and others evenly spread between them."""
    if len(ids) <= count:
        return ids
    step = max(1, len(ids) // max(1, count - 3))
    picked = [ids[0], *ids[-2:], *ids[step::step]]
    return list(dict.fromkeys(picked))[:count]


@contextmanager
def quiet_refusals() -> Iterator[None]:
    """Log only errors from Django's request handling: the walk's 403s and 404s are expected."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def walk_login(
    username: str,
    *,
    pages: Sequence[str],
    sample: int = DEFAULT_SAMPLE,
    probes: int = DEFAULT_PROBES,
    budget_seconds: float = WALK_BUDGET_SECONDS,
    table_ids: Callable[[str], list[int]] | None = None,
    client: Client | None = None,
    follow_others: bool = True,
    first_ids: dict[str, list[int]] | None = None,
) -> tuple[Walk, Client]:
    """The pages `username` reaches (of `pages`), each with up to `sample` records. Other pages
    are opened once for their links, unless `follow_others` is off. `first_ids` (by URL name)
    are tried before any other id for a page no link led to."""
    user = User.objects.get(username=username)
    client = client or signed_in(user)
    walk = Walk(username=username)
    walker = _Walker(
        client,
        walk,
        wanted=pages,
        sample=sample,
        probes=probes,
        deadline=time.perf_counter() + budget_seconds,
        table_ids=table_ids or TableIds(probes),
        follow_others=follow_others,
        first_ids=first_ids or {},
    )
    with quiet_refusals():
        walker.run()
    walk.reached = {name: paths for name, paths in walk.reached.items() if name in set(pages)}
    return walk, client


def time_page(
    client: Client,
    username: str,
    name: str,
    paths: Sequence[str],
    *,
    requests: int,
    warm_up: int = WARM_UP,
    budget_seconds: float = PAGE_BUDGET_SECONDS,
) -> tuple[PageResult | None, str | None]:
    """Time `paths` (one page's records) in turn: the result, or why it failed."""
    deadline = time.perf_counter() + budget_seconds
    for path in list(paths)[:warm_up]:
        status = client.get(path).status_code
        if status != 200:
            return None, f"{username} {name} {path}: answered {status} when timed"
    timed = time_requests(client, list(paths), requests=requests, deadline=deadline)
    if timed.refused is not None:
        path, status = timed.refused
        return None, f"{username} {name} {path}: answered {status} when timed"
    times, counts = timed.times, timed.counts
    result = PageResult(
        role=username,
        page=name,
        records=len(paths),
        requests=len(times),
        p50_ms=round(percentile(times, 0.50), 1),
        p95_ms=round(percentile(times, 0.95), 1),
        min_queries=min(counts),
        max_queries=max(counts),
    )
    return result, None


def size_order(sizes: Iterable[str]) -> dict[str, int]:
    return {size: number for number, size in enumerate(sizes)}


def flag(
    results: list[PageResult],
    *,
    size: str,
    earlier: dict[str, list[PageResult]] | None = None,
    sizes: Sequence[str] = (),
) -> list[PageResult]:
    """Set each result's flags: `varies` when its query count differed between requests,
    `over target` when its p95 is above the size's target, `grows` when it ran more queries than
    the same login's page in `earlier` results at a smaller size (by `sizes`' order)."""
    target = TARGET_P95_MS.get(size)
    order = size_order(sizes)
    smaller: dict[tuple[str, str], int] = {}
    for other_size, rows in (earlier or {}).items():
        if other_size not in order or size not in order or order[other_size] >= order[size]:
            continue
        for row in rows:
            key = (row.role, row.page)
            smaller[key] = max(smaller.get(key, 0), row.max_queries)
    for result in results:
        flags = []
        if result.min_queries != result.max_queries:
            flags.append(VARIES)
        if target is not None and result.p95_ms > target:
            flags.append(OVER_TARGET)
        before = smaller.get((result.role, result.page))
        if before is not None and result.max_queries > before:
            flags.append(GROWS)
        result.flags = flags
    return results


def queries_cell(result: PageResult) -> str:
    if result.min_queries == result.max_queries:
        return str(result.min_queries)
    return f"{result.min_queries}-{result.max_queries}"


def table(results: list[PageResult]) -> str:
    """The results as a plain-text table, slowest p95 first."""
    header = ("page", "login", "records", "requests", "p50 ms", "p95 ms", "queries", "flags")
    rows = [header]
    for result in sorted(results, key=lambda r: (-r.p95_ms, r.page, r.role)):
        rows.append(
            (
                result.page,
                result.role,
                str(result.records),
                str(result.requests),
                f"{result.p50_ms:.1f}",
                f"{result.p95_ms:.1f}",
                queries_cell(result),
                ", ".join(result.flags),
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(width) if column in (0, 1, 7) else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def unreached(pages: Sequence[str], walks: Iterable[Walk]) -> list[str]:
    """The pages of `pages` no login reached."""
    reached: set[str] = set()
    for walk in walks:
        reached.update(walk.reached)
    return [name for name in pages if name not in reached]
