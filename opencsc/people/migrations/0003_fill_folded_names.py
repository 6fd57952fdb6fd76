"""Fill the folded name columns for records made before they existed."""

import unicodedata

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()[:100]


def fill(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Person = apps.get_model("people", "Person")
    batch = []
    for person in Person.objects.only("id", "first_name", "last_name").iterator(chunk_size=2000):
        person.first_name_folded = _fold(person.first_name)
        person.last_name_folded = _fold(person.last_name)
        batch.append(person)
        if len(batch) == 2000:
            Person.objects.bulk_update(batch, ["first_name_folded", "last_name_folded"])
            batch = []
    Person.objects.bulk_update(batch, ["first_name_folded", "last_name_folded"])


class Migration(migrations.Migration):
    dependencies = [("people", "0002_person_folded_names")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
