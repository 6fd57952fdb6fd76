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
        verify.add_argument(
            "--head",
            metavar="SEQ:HASH",
            help=(
                "A head recorded by an earlier verify (`The chain ends at row SEQ, hash HASH`):"
                " also report the chain cut back or rewritten since."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.verify(progress=options.get("progress"), head=_head(options.get("head")))

    def verify(self, *, progress: bool | None, head: tuple[int, str] | None) -> None:
        secret = chain.key()
        seen = chain.Walk()
        problems = 0
        if head is not None:
            recorded_seq, recorded_hash = head
            found = selectors.chain_hash_at(recorded_seq)
            if found is None:
                problems += 1
                self._report(
                    problems,
                    f"Row {recorded_seq}, the head recorded earlier, is gone: rows were deleted"
                    " from the end.",
                )
            elif found != recorded_hash:
                problems += 1
                self._report(
                    problems,
                    f"Row {recorded_seq} no longer has the hash recorded earlier: the chain was"
                    " rewritten.",
                )
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
        if seen.rows:
            self.stdout.write(
                f"Keep it, and check later that the chain still holds it: --head"
                f" {seen.last_seq}:{seen.last_hash}"
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


def _head(value: str | None) -> tuple[int, str] | None:
    if value is None:
        return None
    seq, _, digest = value.strip().rstrip(".").partition(":")
    if not seq.strip().isdigit() or not digest.strip():
        raise CommandError("--head takes SEQ:HASH, as printed by an earlier verify.")
    return int(seq), digest.strip()


def _counted(rows: Any, bar: tqdm) -> Any:
    for row in rows:
        bar.update(1)
        yield row
