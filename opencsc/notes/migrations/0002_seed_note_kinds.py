"""The kinds of case note every council starts with. A council adds its own with
`opencsc note_kinds add` (no code), or retires one (`opencsc note_kinds retire`)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

KINDS = [
    ("phone-call", "Phone call", False),
    ("home-visit", "Home visit", False),
    ("office-visit", "Office visit", False),
    ("school-visit", "Visit to school or nursery", False),
    ("multi-agency", "Multi-agency discussion", False),
    ("direct-work", "Direct work with the child", False),
    ("management-oversight", "Management oversight", True),
    ("other", "Other", False),
]


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    NoteKind = apps.get_model("notes", "NoteKind")
    for order, (code, label, is_oversight) in enumerate(KINDS, start=1):
        NoteKind.objects.update_or_create(
            code=code,
            defaults={"label": label, "is_oversight": is_oversight, "order": order * 10},
        )


def unseed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("notes", "NoteKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("notes", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
