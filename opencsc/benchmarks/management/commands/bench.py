"""`opencsc bench NAME`: time a benchmark's pages on a dedicated database of demo data."""

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
from opencsc.demo.sizes import SIZES

DEFAULT_REQUESTS = {"small": 200, "la": 100}
LOAD = "load"


def _checked(options: dict[str, Any]) -> tuple[str, str, str, int]:
    """The benchmark's name, size, database and requests a page, or CommandError saying what
    is wrong with the options."""
    name = options["name"]
    if name != LOAD:
        try:
            name = registry.get(name).name
        except KeyError as error:
            raise CommandError(error.args[0]) from error
    size, database = options["size"], options["database"]
    if size not in SIZES:
        raise CommandError(f"Unknown size {size!r}: choose {' or '.join(SIZES)}.")
    if database not in databases.DATABASES:
        choices = " or ".join(databases.DATABASES)
        raise CommandError(f"Unknown database {database!r}: choose {choices}.")
    requests = options["requests"]
    if requests is None:
        requests = DEFAULT_REQUESTS.get(size, 100)
    if requests < 1:
        raise CommandError("--requests must be 1 or more.")
    if options["budget"] < 0:
        raise CommandError("--budget must be 0 or more seconds.")
    if name == LOAD:
        try:
            load.check_bounds(
                users=options["users"], seconds=options["seconds"], workers=options["workers"]
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
    return name, size, database, requests


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
            help=f"The benchmark: {', '.join(registry.BENCHMARKS)}; or `load`, many users at once"
            " against gunicorn.",
        )
        parser.add_argument("--size", default="small", help=f"{' or '.join(SIZES)}.")
        parser.add_argument(
            "--database", default="sqlite", help=f"{' or '.join(databases.DATABASES)}."
        )
        parser.add_argument("--json", dest="json_path", help="Also write the results here.")
        parser.add_argument(
            "--requests", type=int, help="Requests per page (default 200 small, 100 la)."
        )
        parser.add_argument(
            "--budget",
            type=float,
            default=measure.BUDGET_SECONDS,
            help="Stop timing a page after this many seconds (default %(default)s).",
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
        benchmark_name, size, database, requests = _checked(options)
        json_path = Path(options["json_path"]).resolve() if options["json_path"] else None
        if options["here"] and benchmark_name == LOAD:
            self._load(options, size=size, json_path=json_path)
            return
        if options["here"]:
            self._measure(
                benchmark_name,
                size=size,
                requests=requests,
                budget=options["budget"],
                json_path=json_path,
            )
            return
        try:
            url = databases.bench_url(database, size)
        except psycopg.Error as error:
            raise CommandError(f"PostgreSQL could not be reached or prepared: {error}") from error
        self.stdout.write(f"Benchmark database: {databases.display(url)}")
        steps = [
            ["migrate", "--no-input", "-v", "0"],
            ["demo", "--size", size, "--seed", "1", "--if-empty", "-v", "0"],
            [
                "bench",
                benchmark_name,
                "--size",
                size,
                "--database",
                database,
                "--requests",
                str(requests),
                "--budget",
                str(options["budget"]),
                "--here",
                *(["--json", str(json_path)] if json_path else []),
                *(_load_arguments(options) if benchmark_name == LOAD else []),
            ],
        ]
        environment = {**os.environ, "DATABASE_URL": url}
        if benchmark_name == LOAD:
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
