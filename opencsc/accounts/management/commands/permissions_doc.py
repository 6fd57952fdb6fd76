"""opencsc permissions_doc: write docs/permissions.md's "Doing" tables from the action table
(here because the table is of roles, which accounts owns; the permissions package is no app)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from opencsc.permissions.doc import with_doing_table


class Command(BaseCommand):
    help = "Write the 'Doing' tables of docs/permissions.md from the action table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Fail if the page differs; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(settings.BASE_DIR) / "docs" / "permissions.md"
        page = path.read_text(encoding="utf-8")
        generated = with_doing_table(page)
        if options["check"]:
            if generated != page:
                raise CommandError(f"{path} differs from the action table: run permissions_doc.")
            return
        path.write_text(generated, encoding="utf-8")
        self.stdout.write(f"Wrote {path}")
