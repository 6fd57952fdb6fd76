import hashlib

from opencsc.people.models import Address, Person
from tests.demo.conftest import build_in_savepoint


def _digest() -> str:
    people = Person.objects.order_by("pk").values_list(
        "kind", "first_name", "last_name", "date_of_birth", "nhs_number", "upn"
    )
    postcodes = Address.objects.order_by("pk").values_list("postcode", flat=True)
    text = repr((list(people), list(postcodes)))
    return hashlib.sha256(text.encode()).hexdigest()


def test_the_same_seed_builds_the_same_people(db):
    first = build_in_savepoint(seed=3, digest=_digest)

    second = build_in_savepoint(seed=3, digest=_digest)

    assert first == second


def test_another_seed_builds_other_people(db):
    first = build_in_savepoint(seed=3, digest=_digest)

    second = build_in_savepoint(seed=4, digest=_digest)

    assert first != second
