"""`opencsc bench NAME`: time a benchmark's pages on a dedicated database of demo data."""

import json
import os
import subprocess
import sys
from argparse import SUPPRESS, ArgumentParser
from pathlib import Path
from typing import Any

import psycopg
from django.core.management.base import BaseCommand, CommandError

from opencsc.benchmarks import databases, measure, registry
from opencsc.demo.sizes import SIZES

DEFAULT_REQUESTS = {"small": 200, "la": 100}


class Command(BaseCommand):
    help = (
        "Time a benchmark's pages (p50, p95, SQL queries per request) on a dedicated database of"
        " demo data: var/bench-<size>.sqlite3, or opencsc_bench_<size> on PostgreSQL. The"
        " database is migrated and filled (`opencsc demo --seed 1`) the first time."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("name", help=f"The benchmark: {', '.join(registry.BENCHMARKS)}.")
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
        # Used by the outer run: measure on the database the settings point at.
        parser.add_argument("--here", action="store_true", help=SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            benchmark = registry.get(options["name"])
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
        json_path = Path(options["json_path"]).resolve() if options["json_path"] else None

        if options["here"]:
            self._measure(
                benchmark.name,
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
                benchmark.name,
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
            ],
        ]
        environment = {**os.environ, "DATABASE_URL": url}
        for step in steps:
            if step[0] == "demo":
                self.stdout.write(f"Building the {size!r} demo data if the database is empty...")
            self.stdout.flush()
            done = subprocess.run(  # noqa: S603 - our own command, with arguments we built
                [sys.executable, "-m", "opencsc.cli", *step], env=environment, check=False
            )
            if done.returncode != 0:
                raise CommandError(f"`opencsc {' '.join(step)}` failed ({done.returncode}).")

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
