"""`opencsc bench NAME`: time a benchmark's pages on a dedicated database of demo data;
`opencsc bench pages`: every page, for every demo login that reaches it."""

import json
import os
import subprocess
import sys
from argparse import SUPPRESS, ArgumentParser
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from opencsc.benchmarks import databases, load, measure, registry
from opencsc.benchmarks import pages as every_page
from opencsc.benchmarks.run_pages import PagesRun
from opencsc.demo.logins import DEMO_LOGINS
from opencsc.demo.sizes import SIZES

DEFAULT_REQUESTS = {"small": 200, "la": 100}
PAGES = "pages"
LOAD = "load"
DEFAULT_PAGE_REQUESTS = 20


def _load_arguments(options: dict[str, Any]) -> list[str]:
    """The load's own options, passed on to the run on the benchmark database."""
    arguments = ["--users", str(options["users"]), "--seconds", str(options["seconds"])]
    arguments += ["--workers", str(options["workers"])]
    if options["server_dir"]:
        arguments += ["--server-dir", str(Path(options["server_dir"]).resolve())]
    return arguments


class Command(BaseCommand):
    help = (
        "Time a benchmark's pages (p50, p95, SQL queries per request) on a dedicated database of"
        " demo data: var/bench-<size>.sqlite3, or opencsc_bench_<size> on PostgreSQL. The"
        " database is migrated and filled (`opencsc demo --seed 1`) the first time."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "name",
            help=f"The benchmark: {PAGES} (every page), {LOAD} (many users at once against"
            f" gunicorn) or {', '.join(registry.BENCHMARKS)}.",
        )
        parser.add_argument("--size", default="small", help=f"{' or '.join(SIZES)}.")
        parser.add_argument(
            "--database", default="sqlite", help=f"{' or '.join(databases.DATABASES)}."
        )
        parser.add_argument("--json", dest="json_path", help="Also write the results here.")
        parser.add_argument(
            "--requests",
            type=int,
            help=f"Requests per page (default 200 small, 100 la; {DEFAULT_PAGE_REQUESTS} for"
            f" {PAGES}, per login).",
        )
        parser.add_argument(
            "--budget",
            type=float,
            help=f"Stop timing a page after this many seconds (default {measure.BUDGET_SECONDS};"
            f" {every_page.PAGE_BUDGET_SECONDS} for {PAGES}, per login).",
        )
        pages = parser.add_argument_group(f"{PAGES} only")
        pages.add_argument("--role", help="Only this demo login (username) or role.")
        pages.add_argument("--page", help="Only URL names matching this, such as 'record:*'.")
        pages.add_argument(
            "--sample",
            type=int,
            default=every_page.DEFAULT_SAMPLE,
            help="Records of each page per login (default %(default)s).",
        )
        pages.add_argument(
            "--compare",
            action="append",
            default=[],
            metavar="JSON",
            help="An earlier run's JSON at a smaller size: flag pages whose queries grew.",
        )
        pages.add_argument(
            "--strict",
            action="store_true",
            help="Also fail on a flag (varies, over target, grows) or a page no login reached.",
        )
        load_options = parser.add_argument_group("bench load")
        load_options.add_argument(
            "--users", type=int, default=20, help="Users at once (default %(default)s)."
        )
        load_options.add_argument(
            "--seconds", type=float, default=30.0, help="How long to count (default %(default)s)."
        )
        load_options.add_argument(
            "--workers", type=int, default=3, help="gunicorn workers (default %(default)s)."
        )
        load_options.add_argument(
            "--server-dir",
            help="Serve from this checkout (its .venv) instead of this one: to compare commits.",
        )
        # Used by the outer run: measure on the database the settings point at.
        parser.add_argument("--here", action="store_true", help=SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"]
        self._check_name(name, options)
        size, database = options["size"], options["database"]
        if size not in SIZES:
            raise CommandError(f"Unknown size {size!r}: choose {' or '.join(SIZES)}.")
        if database not in databases.DATABASES:
            choices = " or ".join(databases.DATABASES)
            raise CommandError(f"Unknown database {database!r}: choose {choices}.")
        requests, budget = self._requests_and_budget(name, size, options)
        json_path = Path(options["json_path"]).resolve() if options["json_path"] else None
        compare = [Path(path).resolve() for path in options["compare"]]
        for path in compare:
            if not path.is_file():
                raise CommandError(f"--compare {path}: no such file.")

        if options["here"]:
            self._here(name, options, size, requests, budget, json_path, compare)
            return
        try:
            url = databases.bench_url(database, size)
        except psycopg.Error as error:
            raise CommandError(f"PostgreSQL could not be reached or prepared: {error}") from error
        self.stdout.write(f"Benchmark database: {databases.display(url)}")
        self.stdout.write(measure.machine_line())
        steps = [
            ["migrate", "--no-input", "-v", "0"],
            ["demo", "--size", size, "--seed", "1", "--if-empty", "-v", "0"],
            [
                "bench",
                name,
                "--size",
                size,
                "--database",
                database,
                "--requests",
                str(requests),
                "--budget",
                str(budget),
                "--here",
                *(["--json", str(json_path)] if json_path else []),
                *(self._pages_options(options, compare) if name == PAGES else []),
                *(_load_arguments(options) if name == LOAD else []),
            ],
        ]
        environment = {**os.environ, "DATABASE_URL": url}
        if name == LOAD:
            # The sessions made for the load's users are signed with the server's key.
            environment["OPENCSC_SECRET_KEY"] = load.new_secret()
        for step in steps:
            if step[0] == "demo":
                self.stdout.write(f"Building the {size!r} demo data if the database is empty...")
            self.stdout.flush()
            done = subprocess.run(  # noqa: S603 - our own command, with arguments we built
                [sys.executable, "-m", "opencsc.cli", *step], env=environment, check=False
            )
            if done.returncode != 0:
                raise CommandError(f"`opencsc {' '.join(step)}` failed ({done.returncode}).")

    def _load(self, options: dict[str, Any], *, size: str, json_path: Path | None) -> None:
        users, seconds, workers = options["users"], options["seconds"], options["workers"]
        server_dir = Path(options["server_dir"] or settings.BASE_DIR).resolve()
        if not (server_dir / ".venv" / "bin" / "gunicorn").exists():
            raise CommandError(f"No .venv/bin/gunicorn in {server_dir}: run scripts/setup there.")
        try:
            people = load.load_users(users)
        except ValueError as error:
            raise CommandError(str(error)) from error
        database_url = os.environ["DATABASE_URL"]
        environment = load.server_environment(database_url, settings.SECRET_KEY)
        log_path = Path(settings.VAR_DIR) / "bench-load-server.log"
        self.stdout.write(
            f"{users} users ({len({person.username for person in people})} roles), {workers}"
            f" gunicorn workers from {server_dir}, {seconds:.0f} s after a"
            f" {load.WARM_UP_SECONDS:.0f} s warm-up, on {connection.vendor} at {size!r}..."
        )
        self.stdout.flush()
        connection.close()
        try:
            with load.running_server(
                environment=environment, workers=workers, server_dir=server_dir, log_path=log_path
            ) as port:
                samples, counted = load.drive(port, people, seconds=seconds)
        except RuntimeError as error:
            raise CommandError(f"{error} The server's log: {log_path}") from error
        result = load.summarise(samples, users=users, workers=workers, seconds=counted)
        self.stdout.write(load.table(result))
        if json_path is not None:
            json_path.parent.mkdir(parents=True, exist_ok=True)
            report = {"benchmark": LOAD, "size": size, "database": connection.vendor}
            json_path.write_text(json.dumps({**report, **result.as_json()}, indent=2) + "\n")
            self.stdout.write(f"Results written to {json_path}")
        if result.errors:
            raise CommandError(
                f"{result.errors} of {result.requests} pages did not answer 200: see {log_path}."
            )

    def _here(
        self,
        name: str,
        options: dict[str, Any],
        size: str,
        requests: int,
        budget: float,
        json_path: Path | None,
        compare: list[Path],
    ) -> None:
        """Measure on the database the settings point at (the outer run's last step)."""
        if name == LOAD:
            self._load(options, size=size, json_path=json_path)
        elif name == PAGES:
            self._measure_pages(options, size, requests, budget, json_path, compare)
        else:
            self._measure(name, size=size, requests=requests, budget=budget, json_path=json_path)

    def _check_name(self, name: str, options: dict[str, Any]) -> None:
        if name == LOAD:
            try:
                load.check_bounds(
                    users=options["users"], seconds=options["seconds"], workers=options["workers"]
                )
            except ValueError as error:
                raise CommandError(str(error)) from error
            return
        if name == PAGES:
            if options["sample"] < 1:
                raise CommandError("--sample must be 1 or more.")
            return
        try:
            registry.get(name)
        except KeyError as error:
            raise CommandError(
                f"{error.args[0]} Or {PAGES}: every page; or {LOAD}: many users at once."
            ) from error
        used = [f"--{key}" for key in ("role", "page", "compare", "strict") if options[key]]
        if used or options["sample"] != every_page.DEFAULT_SAMPLE:
            raise CommandError(f"{', '.join(used) or '--sample'}: for `bench {PAGES}` only.")

    def _requests_and_budget(
        self, name: str, size: str, options: dict[str, Any]
    ) -> tuple[int, float]:
        requests = options["requests"]
        if requests is None:
            requests = DEFAULT_PAGE_REQUESTS if name == PAGES else DEFAULT_REQUESTS.get(size, 100)
        if requests < 1:
            raise CommandError("--requests must be 1 or more.")
        budget = options["budget"]
        if budget is None:
            budget = every_page.PAGE_BUDGET_SECONDS if name == PAGES else measure.BUDGET_SECONDS
        if budget < 0:
            raise CommandError("--budget must be 0 or more seconds.")
        return requests, budget

    def _measure_pages(
        self,
        options: dict[str, Any],
        size: str,
        requests: int,
        budget: float,
        json_path: Path | None,
        compare: list[Path],
    ) -> None:
        run = PagesRun(
            logins=[(login.username, login.role) for login in DEMO_LOGINS],
            sizes=list(SIZES),
            size=size,
            requests=requests,
            budget=budget,
            sample=options["sample"],
            role=options["role"],
            page=options["page"],
            compare=compare,
            strict=options["strict"],
            json_path=json_path,
            write=self._say,
        )
        problems = run.run()
        if problems:
            raise CommandError("\n".join(problems))

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()

    def _pages_options(self, options: dict[str, Any], compare: list[Path]) -> list[str]:
        forwarded = ["--sample", str(options["sample"])]
        for key in ("role", "page"):
            if options[key]:
                forwarded += [f"--{key}", options[key]]
        for path in compare:
            forwarded += ["--compare", str(path)]
        if options["strict"]:
            forwarded.append("--strict")
        return forwarded

    def _measure(
        self, name: str, *, size: str, requests: int, budget: float, json_path: Path | None
    ) -> None:
        benchmark = registry.get(name)
        measured = measure.measure(benchmark, requests=requests, size=size, budget_seconds=budget)
        self.stdout.write(measure.table(measured.results))
        if json_path is not None:
            json_path.parent.mkdir(parents=True, exist_ok=True)
            report = measure.report(benchmark, measured.results)
            json_path.write_text(json.dumps(report, indent=2) + "\n")
            self.stdout.write(f"Results written to {json_path}")
        if measured.failures:
            raise CommandError("Pages failed:\n" + "\n".join(measured.failures))
