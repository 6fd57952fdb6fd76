"""One run of `opencsc bench pages` on the database the settings point at: walk, time, flag and
report."""

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection
from django.test.utils import override_settings
from tqdm import tqdm

from opencsc.benchmarks import pages
from opencsc.benchmarks.pages import PageResult, Walk


def logins_for(logins: list[tuple[str, str]], role: str | None) -> list[str]:
    """The usernames of `logins` (username, role): all, or those whose username or role is
    `role`."""
    if not role:
        return [username for username, _ in logins]
    chosen = [username for username, its_role in logins if role in (username, its_role)]
    if not chosen:
        known = ", ".join(username for username, _ in logins)
        raise ValueError(f"No demo login or role {role!r}: choose from {known}.")
    return chosen


def read_earlier(paths: list[Path]) -> dict[str, list[PageResult]]:
    """Earlier runs' results (their JSON), by size."""
    earlier: dict[str, list[PageResult]] = {}
    for path in paths:
        report = json.loads(path.read_text())
        rows = [PageResult.from_json(row) for row in report.get("results", [])]
        earlier.setdefault(report["size"], []).extend(rows)
    return earlier


def report(
    results: list[PageResult],
    *,
    size: str,
    requests: int,
    sample: int,
    seconds: float,
    failures: list[str],
    unreached: list[str],
) -> dict[str, Any]:
    """The JSON report."""
    return {
        "benchmark": "pages",
        "database": connection.vendor,
        "size": size,
        "requests": requests,
        "sample": sample,
        "seconds": round(seconds, 1),
        "target_p95_ms": pages.TARGET_P95_MS.get(size),
        "results": [result.as_json() for result in results],
        "failures": failures,
        "unreached": unreached,
    }


def summary(results: list[PageResult], *, size: str) -> list[str]:
    """Counts, and the pages flagged."""
    target = pages.TARGET_P95_MS.get(size)
    logins = {result.role for result in results}
    names = {result.page for result in results}
    lines = [
        f"{len(results)} login and page pairs ({len(names)} pages, {len(logins)} logins) timed."
    ]
    for flag in (pages.OVER_TARGET, pages.VARIES, pages.GROWS):
        flagged = [result for result in results if flag in result.flags]
        if flag == pages.OVER_TARGET and target is None:
            lines.append(f"No p95 target at {size!r}.")
            continue
        what = f"{flag} ({target:.0f} ms)" if flag == pages.OVER_TARGET and target else flag
        lines.append(f"{what}: {len(flagged)}")
    return lines


@dataclass
class PagesRun:
    logins: list[tuple[str, str]]  # the demo logins: username, role
    sizes: list[str]  # the demo's sizes, smallest first
    size: str
    requests: int
    budget: float
    sample: int
    role: str | None
    page: str | None
    compare: list[Path]
    strict: bool
    json_path: Path | None
    write: Callable[[str], Any]  # a line of output

    def run(self) -> list[str]:
        """Walk and time every page; the problems that make the command fail (none: success)."""
        # The session is saved once a minute to restart the idle clock: that one request in a
        # minute's extra queries would read as a count that varies. Saved at sign-in only here.
        with override_settings(OPENCSC_SESSION_TOUCH_SECONDS=10**9):
            return self._run()

    def _run(self) -> list[str]:
        started = time.perf_counter()
        try:
            usernames = logins_for(self.logins, self.role)
        except ValueError as error:
            return [str(error)]
        names = pages.pages_to_time(self.page)
        if not names:
            return [f"No page matches {self.page!r}."]
        earlier = read_earlier(self.compare)
        table_ids = pages.TableIds(pages.DEFAULT_PROBES)
        show = sys.stderr.isatty()
        results: list[PageResult] = []
        failures: list[str] = []
        walks: list[Walk] = []
        for username in usernames:
            login_started = time.perf_counter()
            walk, client = pages.walk_login(
                username, pages=names, sample=self.sample, table_ids=table_ids
            )
            walks.append(walk)
            failures.extend(walk.failures)
            with tqdm(
                walk.reached.items(),
                desc=f"{username:<22}",
                unit=" pages",
                disable=not show,
                file=sys.stderr,
                leave=False,
            ) as bar:
                for name, paths in bar:
                    result, failure = pages.time_page(
                        client,
                        username,
                        name,
                        paths,
                        requests=self.requests,
                        budget_seconds=self.budget,
                    )
                    if result is not None:
                        results.append(result)
                    if failure is not None:
                        failures.append(failure)
            self.write(
                f"{username}: {len(walk.reached)} pages reached ({walk.requests} requests to find"
                f" them), timed in {time.perf_counter() - login_started:.0f} s"
            )
        pages.flag(results, size=self.size, earlier=earlier, sizes=self.sizes)
        unreached = pages.unreached(names, walks) if not self.role else []
        seconds = time.perf_counter() - started
        self.write("")
        self.write(pages.table(results))
        self.write("")
        for line in summary(results, size=self.size):
            self.write(line)
        if unreached:
            self.write(f"Pages no login reached ({len(unreached)}): {', '.join(unreached)}")
        self.write(f"Took {seconds:.0f} s on {connection.vendor} at {self.size!r}.")
        if self.json_path is not None:
            self.json_path.parent.mkdir(parents=True, exist_ok=True)
            data = report(
                results,
                size=self.size,
                requests=self.requests,
                sample=self.sample,
                seconds=seconds,
                failures=failures,
                unreached=unreached,
            )
            self.json_path.write_text(json.dumps(data, indent=2) + "\n")
            self.write(f"Results written to {self.json_path}")
        problems = [f"Failed (500 or an error): {failure}" for failure in failures]
        if self.strict:
            flagged = [result for result in results if result.flags]
            problems += [
                f"{result.page} as {result.role}: {', '.join(result.flags)}" for result in flagged
            ]
            if unreached:
                problems.append(f"Reached by no login: {', '.join(unreached)}")
        return problems
