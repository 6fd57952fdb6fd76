"""`opencsc audit verify`: walk the access log's hash chain and report any tampering."""

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from opencsc.audit import chain, selectors

SHOWN = 100


class Command(BaseCommand):
    help = "Check the access log: `opencsc audit verify`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        verify = commands.add_parser(
            "verify",
            help=(
                "Walk the access log's hash chain row by row and report every row deleted,"
                " changed or added outside the app; exit 1 if there is any."
            ),
        )
        verify.add_argument(
            "--progress",
            action="store_true",
            default=None,
            help="Show a progress bar (the default when the error output is a terminal).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verify(progress=options.get("progress"))

    def verify(self, *, progress: bool | None) -> None:
        secret = chain.key()
        seen = chain.Walk()
        problems = 0
        for row_id in selectors.unnumbered_rows().values_list("id", flat=True).iterator():
            problems += 1
            self._report(problems, f"Row id {row_id} has no number: added outside the app.")
        show = progress if progress is not None else sys.stderr.isatty()
        rows = selectors.chain_rows()
        with tqdm(
            total=selectors.access_log().count() if show else None,
            disable=not show,
            unit=" rows",
            file=sys.stderr,
            desc="Checking the access log",
        ) as bar:
            for problem in chain.walk(_counted(rows, bar), secret, seen):
                problems += 1
                self._report(problems, problem.message)
        keyed = "HMAC-SHA-256 with OPENCSC_AUDIT_KEY" if secret else "SHA-256 (no key set)"
        self.stdout.write(
            f"Checked {seen.rows:,} rows ({keyed}). The chain ends at row {seen.last_seq},"
            f" hash {seen.last_hash or '-'}."
        )
        if problems:
            raise CommandError(
                f"The access log has been tampered with: {problems:,} problem(s) found."
            )
        self.stdout.write("The access log is intact.")

    def _report(self, number: int, message: str) -> None:
        if number <= SHOWN:
            self.stderr.write(message)
        elif number == SHOWN + 1:
            self.stderr.write(f"(only the first {SHOWN} problems are listed)")


def _counted(rows: Any, bar: tqdm) -> Any:
    for row in rows:
        bar.update(1)
        yield row
