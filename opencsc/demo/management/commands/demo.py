"""`opencsc demo`: build a synthetic local authority with demo logins."""

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from opencsc.demo import generator, logins
from opencsc.demo.sizes import SIZES


class Command(BaseCommand):
    help = (
        "Build a synthetic local authority (teams, staff, families, allocations, a year of"
        " front-door contacts, decisions and referrals, each episode's assessments, section 47"
        " enquiries, conferences, plans, visits and closure, a year of missing episodes with their"
        " return home interviews, chronology, due items, access log)"
        " in an empty database, and print the demo logins."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--size",
            default="small",
            help=(
                f"How big: {_choices()} (default small; la = a large London borough; large = ten"
                " times la, built as ten areas of la's size)."
            ),
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="The same seed builds the same data (default 1)."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and print the demo logins) if the database already holds data.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        size, seed = options["size"], options["seed"]
        if size not in SIZES:
            raise CommandError(f"Unknown size {size!r}: choose {_choices()}.")
        if seed < 0:
            raise CommandError(f"The seed must be 0 or more, not {seed}.")
        if generator.holds_data():
            if not options["if_empty"]:
                raise CommandError(
                    f"The database already holds data ({_database_name()}): demo data goes into"
                    " an empty database only. Delete the SQLite file (var/opencsc.sqlite3 by"
                    " default) or use a fresh database, run `opencsc migrate`, then try again;"
                    " or add --if-empty to skip without an error."
                )
            self._skipped(verbose=options["verbosity"] >= 1)
            return
        verbose = options["verbosity"] >= 1
        if verbose:
            self.stdout.write(f"Building the {size!r} demo local authority from seed {seed}")
        summary = generator.build_demo(
            size=size,
            seed=seed,
            say=self._say if verbose else _quiet,
            progress=verbose and sys.stderr.isatty(),
        )
        if verbose:
            self.stdout.write(self.style.SUCCESS(f"Built in {summary.seconds:.1f} s.\n"))
            self.stdout.write(logins.login_table())

    def _say(self, line: str) -> None:
        self.stdout.write(line)

    def _skipped(self, *, verbose: bool) -> None:
        if not verbose:
            return
        self.stdout.write("The database already holds data: no demo data built.")
        if logins.demo_logins_present():
            self.stdout.write(logins.login_table())


def _choices() -> str:
    """The sizes, as "small, la or large"."""
    *others, last = SIZES
    return f"{', '.join(others)} or {last}" if others else last


def _database_name() -> str:
    """The default database's name: a file for SQLite, a database for PostgreSQL."""
    return str(connection.settings_dict["NAME"])


def _quiet(line: str) -> None:
    """Say nothing."""
