import hashlib

from opencsc.casework.models import Referral
from opencsc.frontdoor.models import AgencyCheck, Contact, ContactDecision
from opencsc.people.models import Address, Person
from tests.demo.conftest import build_in_savepoint


def _digest() -> str:
    people = Person.objects.order_by("pk").values_list(
        "kind", "first_name", "last_name", "date_of_birth", "nhs_number", "upn"
    )
    postcodes = Address.objects.order_by("pk").values_list("postcode", flat=True)
    text = repr((list(people), list(postcodes)))
    return hashlib.sha256(text.encode()).hexdigest()


def _front_door_digest() -> str:
    """The front door's rows, without keys (a rolled-back build leaves sequences moved on)."""
    contacts = Contact.objects.order_by("pk").values_list(
        "received_at", "referral_source", "concerns", "consent", "rating", "status", "decided_on"
    )
    children = Contact.objects.order_by("pk", "children__pk").values_list(
        "children__child__first_name", "children__child__last_name"
    )
    checks = AgencyCheck.objects.order_by("pk").values_list(
        "agency__name", "status", "requested_at", "returned_at"
    )
    decisions = ContactDecision.objects.order_by("pk").values_list(
        "version", "status", "outcome", "reviewed_by__username"
    )
    referrals = Referral.objects.order_by("pk").values_list(
        "child__first_name", "referred_on", "is_re_referral", "status", "closed_on"
    )
    text = repr([list(rows) for rows in (contacts, children, checks, decisions, referrals)])
    return hashlib.sha256(text.encode()).hexdigest()


def test_the_same_seed_builds_the_same_people(db):
    first = build_in_savepoint(seed=3, digest=_digest)

    second = build_in_savepoint(seed=3, digest=_digest)

    assert first == second


def test_another_seed_builds_other_people(db):
    first = build_in_savepoint(seed=3, digest=_digest)

    second = build_in_savepoint(seed=4, digest=_digest)

    assert first != second


def test_the_same_seed_builds_the_same_front_door(db):
    first = build_in_savepoint(seed=3, digest=_front_door_digest)

    second = build_in_savepoint(seed=3, digest=_front_door_digest)

    assert first == second
