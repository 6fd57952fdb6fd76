"""opencsc createsuperuser: refused. A superuser would pass every permission rule and the access
log; a council's first account is an administrator (`opencsc create_administrator`)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Refused: use `opencsc create_administrator` (docs/security.md, 'No back door')."

    def add_arguments(self, parser: CommandParser) -> None:
        # Accept whatever Django's own command took, so old scripts fail here with the reason.
        parser.add_argument("args", nargs="*")
        parser.add_argument("--username")
        parser.add_argument("--email")
        parser.add_argument("--noinput", "--no-input", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        raise CommandError(
            "OpenCSC has no superusers: a superuser would read and change any child's record "
            "past the permission rules and the access log. Create an administrator instead:\n"
            "    opencsc create_administrator --username NAME --email ADDRESS"
        )
