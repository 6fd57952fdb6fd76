"""The kinds of case note every council starts with, and the signal that keeps them present.

The data migration (notes 0002) seeds them; `post_migrate` makes sure they are there after every
`migrate` and every `flush` (Django emits it after both), as Django does for content types and
permissions: a database emptied by a test's flush, or built before a kind was added here, still
has every default kind. A kind a council retired (`opencsc note_kinds retire`) stays retired: only
a missing code is created.
"""

from typing import Any

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

# (code, label, management oversight), in the order the form offers them.
DEFAULT_KINDS: tuple[tuple[str, str, bool], ...] = (
    ("phone-call", "Phone call", False),
    ("home-visit", "Home visit", False),
    ("office-visit", "Office visit", False),
    ("school-visit", "Visit to school or nursery", False),
    ("multi-agency", "Multi-agency discussion", False),
    ("direct-work", "Direct work with the child", False),
    ("management-oversight", "Management oversight", True),
    ("other", "Other", False),
)


def ensure_default_kinds(using: str = DEFAULT_DB_ALIAS, apps: Any = global_apps) -> int:
    """Create the default kinds whose code is missing; returns how many were created."""
    note_kind = apps.get_model("notes", "NoteKind")
    present = set(note_kind.objects.using(using).values_list("code", flat=True))
    missing = [
        note_kind(code=code, label=label, is_oversight=is_oversight, order=order * 10)
        for order, (code, label, is_oversight) in enumerate(DEFAULT_KINDS, start=1)
        if code not in present
    ]
    note_kind.objects.using(using).bulk_create(missing)
    return len(missing)


def on_post_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """After `migrate` or `flush`: the default kinds, if the table exists yet."""
    plan = kwargs.get("apps") or global_apps
    try:
        plan.get_model("notes", "NoteKind")
    except LookupError:
        return
    ensure_default_kinds(using=using, apps=plan)
