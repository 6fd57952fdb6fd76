"""opencsc create_administrator: a council's first account, an Administrator (never a superuser)."""

import getpass
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from opencsc.accounts import services


class Command(BaseCommand):
    help = (
        "Create an account with the Administrator role (staff, teams and the access log; no "
        "child's record). The password is asked for twice, or read from the first line of "
        "standard input with --password-stdin."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from the first line of standard input (for scripts).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = self._password(read_stdin=options["password_stdin"])
        try:
            user = services.create_administrator(
                username=options["username"],
                email=options["email"],
                password=password,
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        except ValidationError as error:
            problems = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
            raise CommandError(f"No account was created. {problems}") from error
        self.stdout.write(
            f"Created administrator {user.username}. Sign in to add staff and teams; an "
            "administrator opens no child's record."
        )

    def _password(self, *, read_stdin: bool) -> str:
        if read_stdin:
            return sys.stdin.readline().rstrip("\r\n")
        if not sys.stdin.isatty():
            raise CommandError("No terminal to ask for the password: use --password-stdin.")
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password (again): ") != password:
            raise CommandError("The passwords did not match. No account was created.")
        return password
