"""`opencsc recalculate_deadlines`: recount open deadlines after the calendar or a rule changes."""

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from opencsc.timescales import services


class Command(BaseCommand):
    help = (
        "Recount every open due date from its start with today's calendar and settings: run it "
        "after adding a bank holiday (OPENCSC_EXTRA_BANK_HOLIDAYS) or changing a local rule. Dates "
        "a person agreed stay as agreed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            moved = services.recalculate_open_due_items()
            # Apps that copy a due date onto their records for their worklists' indexes (the MASH
            # queue sorts contacts by decision date) copy the recounted dates now.
            for config in apps.get_app_configs():
                copy_due_dates = getattr(config, "copy_due_dates", None)
                if callable(copy_due_dates):
                    copy_due_dates()
        self.stdout.write(self.style.SUCCESS(f"{moved} open due dates moved."))
