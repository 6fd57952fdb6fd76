"""A relationship's chronology line names the relative by key (`{person:<id>}`), filled in per
viewer (issue 11): a restricted relative is "Restricted record" to anyone not named on it."""

from django.db import migrations


def _name(person) -> str:
    name = f"{person.first_name} {person.last_name}".strip()
    if person.kind == "unborn" and not person.first_name:
        return f"Unborn baby {person.last_name}"
    return name


def forwards(apps, schema_editor):
    ChronologyEntry = apps.get_model("chronology", "ChronologyEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Relationship = apps.get_model("people", "Relationship")
    Person = apps.get_model("people", "Person")
    entries = ChronologyEntry.objects.filter(kind="relationship")
    relationship_type = ContentType.objects.filter(app_label="people", model="relationship").first()
    person_type = ContentType.objects.filter(app_label="people", model="person").first()
    changed = []
    for entry in entries.iterator(chunk_size=2000):
        others = []
        if relationship_type and entry.record_type_id == relationship_type.pk:
            link = Relationship.objects.filter(pk=entry.record_id).first()
            if link is not None:
                others = [link.from_person_id, link.to_person_id]
        elif person_type and entry.record_type_id == person_type.pk:
            # The demo's "<mother> recorded as mother": the child's relatives.
            others = list(
                Relationship.objects.filter(to_person_id=entry.child_id).values_list(
                    "from_person_id", flat=True
                )
            ) + list(
                Relationship.objects.filter(from_person_id=entry.child_id).values_list(
                    "to_person_id", flat=True
                )
            )
        summary = entry.summary
        for person in Person.objects.filter(pk__in=others).exclude(pk=entry.child_id):
            name = _name(person)
            if name and name in summary:
                summary = summary.replace(name, f"{{person:{person.pk}}}")
        if summary != entry.summary:
            entry.summary = summary[:200]
            changed.append(entry)
        if len(changed) >= 2000:
            ChronologyEntry.objects.bulk_update(changed, ["summary"])
            changed = []
    ChronologyEntry.objects.bulk_update(changed, ["summary"])


class Migration(migrations.Migration):
    dependencies = [
        ("chronology", "0002_transfer_kind"),
        ("people", "0005_disability"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
