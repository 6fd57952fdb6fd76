"""`opencsc db_roles`: the PostgreSQL roles that keep the app from emptying its access log."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from opencsc.audit import roles


class Command(BaseCommand):
    help = (
        "Print (--print-sql) or apply (--grant) the SQL for running OpenCSC as a PostgreSQL role"
        " that owns nothing and may only read and append to the access log (docs/security.md,"
        " 'Database roles')."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument(
            "--print-sql", action="store_true", help="Print the SQL for a superuser to run."
        )
        what.add_argument(
            "--grant",
            action="store_true",
            help="Grant the app role its rights now (run after `opencsc migrate`, as the owner).",
        )
        parser.add_argument("--owner-role", default="opencsc_owner")
        parser.add_argument("--app-role", default="opencsc_app")
        parser.add_argument(
            "--database", help="Default: DATABASE_URL's database (opencsc if not PostgreSQL)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        configured = str(connection.settings_dict["NAME"])
        if connection.vendor != "postgresql":
            configured = "opencsc"
        names = {
            "database": options["database"] or configured,
            "owner": options["owner_role"],
            "app": options["app_role"],
        }
        try:
            create, grant = roles.create_roles_sql(**names), roles.grant_sql(**names)
        except ValueError as error:
            raise CommandError(error.args[0]) from error
        if options["print_sql"]:
            self.stdout.write(create + "\n" + grant, ending="")
            return
        if connection.vendor != "postgresql":
            raise CommandError("Database roles are for PostgreSQL; SQLite has none.")
        with connection.cursor() as cursor:
            cursor.execute(grant)
        self.stdout.write(f"Granted {names['app']} its rights on {names['database']}.")
