"""Due-item summaries no longer embed the child's name (issue 11): the child is shown beside the
summary, as each viewer may see them. Existing summaries lose the name the services used to add."""

from django.db import migrations


def _name(person) -> str:
    name = f"{person.first_name} {person.last_name}".strip()
    if person.kind == "unborn" and not person.first_name:
        return f"Unborn baby {person.last_name}"
    return name


def without_name(summary: str, name: str) -> str:
    """The summary with `name` taken out the way the services used to put it in."""
    if not name or name not in summary:
        return summary
    for suffix in (f" for {name}", f": {name}", f" to {name}"):
        if summary.endswith(suffix):
            return summary[: -len(suffix)]
    summary = summary.replace(f"Transfer {name} to", "Transfer to")
    if summary.startswith(f"{name} "):
        rest = summary[len(name) + 1 :]
        summary = rest[:1].upper() + rest[1:]
    return summary.replace(name, "the child")


def forwards(apps, schema_editor):
    DueItem = apps.get_model("timescales", "DueItem")
    changed = []
    for item in (
        DueItem.objects.filter(child__isnull=False)
        .select_related("child")
        .iterator(chunk_size=2000)
    ):
        summary = without_name(item.summary, _name(item.child))
        if summary != item.summary:
            item.summary = summary
            changed.append(item)
        if len(changed) >= 2000:
            DueItem.objects.bulk_update(changed, ["summary"])
            changed = []
    DueItem.objects.bulk_update(changed, ["summary"])


class Migration(migrations.Migration):
    dependencies = [
        ("timescales", "0003_due_item_agreed_date"),
        ("people", "0005_disability"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
