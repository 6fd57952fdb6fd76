"""`opencsc recalculate_deadlines`: recount open deadlines after the calendar or a rule changes."""

from typing import Any

from django.core.management.base import BaseCommand

from opencsc.timescales import services


class Command(BaseCommand):
    help = (
        "Recount every open due date from its start with today's calendar and settings: run it "
        "after adding a bank holiday (OPENCSC_EXTRA_BANK_HOLIDAYS) or changing a local rule."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        moved = services.recalculate_open_due_items()
        self.stdout.write(self.style.SUCCESS(f"{moved} open due dates moved."))
