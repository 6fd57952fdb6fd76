"""`opencsc note_kinds`: the kinds of case note a council uses, changed without code.

opencsc note_kinds                         list them
opencsc note_kinds add "Family network meeting" [--oversight]
opencsc note_kinds retire family-network-meeting    no longer offered (old notes keep it)
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Max
from django.utils.text import slugify

from opencsc.notes.models import NoteKind


class Command(BaseCommand):
    help = "List, add or retire the kinds of case note the council uses."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("verb", nargs="?", choices=["list", "add", "retire"], default="list")
        parser.add_argument("name", nargs="?", default="", help="The label to add, or the code")
        parser.add_argument(
            "--oversight", action="store_true", help="Only managers write notes of this kind"
        )

    def handle(self, *args: Any, verb: str, name: str, oversight: bool, **options: Any) -> None:
        if verb == "list":
            for kind in NoteKind.objects.all():
                flags = [
                    flag
                    for flag, on in (
                        ("oversight", kind.is_oversight),
                        ("retired", not kind.is_active),
                    )
                    if on
                ]
                suffix = f" ({', '.join(flags)})" if flags else ""
                self.stdout.write(f"{kind.code}: {kind.label}{suffix}")
            return
        label = " ".join(name.split())[:80]
        if not label:
            raise CommandError("Give the kind's label (add) or code (retire).")
        if verb == "add":
            code = slugify(label)[:40]
            if (
                NoteKind.objects.filter(code=code).exists()
                or NoteKind.objects.filter(label__iexact=label).exists()
            ):
                raise CommandError(f"There is already a kind of note {label!r}.")
            last = NoteKind.objects.aggregate(last=Max("order"))["last"] or 0
            NoteKind.objects.create(code=code, label=label, is_oversight=oversight, order=last + 10)
            self.stdout.write(f"Added {code}: {label}")
            return
        updated = NoteKind.objects.filter(code=label).update(is_active=False)
        if not updated:
            raise CommandError(f"No kind of note has the code {label!r}.")
        self.stdout.write(f"Retired {label}: no longer offered; notes of that kind keep it.")
