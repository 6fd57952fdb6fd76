"""An assessment's "started ..., with <siblings>" chronology line names the siblings by key
(`{person:<id>}`), filled in per viewer (issue 11)."""

from django.db import migrations


def _name(person) -> str:
    name = f"{person.first_name} {person.last_name}".strip()
    if person.kind == "unborn" and not person.first_name:
        return f"Unborn baby {person.last_name}"
    return name


def forwards(apps, schema_editor):
    ChronologyEntry = apps.get_model("chronology", "ChronologyEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Assessment = apps.get_model("assessments", "Assessment")
    assessment_type = ContentType.objects.filter(
        app_label="assessments", model="assessment"
    ).first()
    if assessment_type is None:
        return
    entries = ChronologyEntry.objects.filter(
        kind="assessment", record_type_id=assessment_type.pk, summary__contains=", with "
    )
    changed = []
    for entry in entries.iterator(chunk_size=2000):
        assessment = Assessment.objects.filter(pk=entry.record_id).first()
        if assessment is None:
            continue
        summary = entry.summary
        siblings = (
            Assessment.objects.filter(family_id=assessment.family_id)
            .exclude(child_id=entry.child_id)
            .select_related("child")
        )
        for sibling in siblings:
            name = _name(sibling.child)
            if name and name in summary:
                summary = summary.replace(name, f"{{person:{sibling.child_id}}}")
        if summary != entry.summary:
            entry.summary = summary[:200]
            changed.append(entry)
    ChronologyEntry.objects.bulk_update(changed, ["summary"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0004_assessment_approval_constraints"),
        ("chronology", "0003_relationship_entries_name_by_key"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
