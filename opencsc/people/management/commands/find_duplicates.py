"""`opencsc find_duplicates`: list every likely duplicate pair of the whole person index."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from opencsc.people import services
from opencsc.people.models import Person


class Command(BaseCommand):
    help = (
        "Find the pairs of current records that may be the same person (the same sound-alike "
        "first name and two of surname, date of birth and address: docs/duplicates.md) and list "
        "those not listed before for review. A pair reviewed as not the same person never comes "
        "back. Safe to run again (nightly, say)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show the progress bar."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        total = Person.objects.current().count()
        with (
            transaction.atomic(),
            tqdm(
                total=total,
                desc="Records compared",
                unit=" records",
                disable=options["no_progress"],
                file=self.stderr,
            ) as bar,
        ):

            def step() -> None:
                bar.update(1)

            added = services.find_duplicate_pairs(step=step)
        self.stdout.write(self.style.SUCCESS(f"{added} new likely duplicate pairs listed."))
