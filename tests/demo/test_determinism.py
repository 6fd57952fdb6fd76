import hashlib

import pytest

from opencsc.assessments.models import Assessment
from opencsc.casework.models import Closure, Referral
from opencsc.exploitation.models import (
    NrmReferral,
    PanelAction,
    PanelChild,
    PanelMeeting,
    Screening,
)
from opencsc.frontdoor.models import AgencyCheck, Contact, ContactDecision
from opencsc.missing.models import InterviewAttempt, MissingEpisode, ReturnInterview
from opencsc.notes.models import CaseNote
from opencsc.people.models import Address, Person
from opencsc.plans.models import CINPlan, Visit
from opencsc.privatefostering.models import (
    Arrangement,
    FosteringVisit,
    SuitabilityCheck,
    SuitabilityDecision,
)
from opencsc.protection.models import ProtectionPlan, Section47Enquiry
from opencsc.timescales.models import DueItem
from tests.demo.conftest import FAST_HASHER, build_in_savepoint


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


def _pathway_digest() -> str:
    """The pathway's rows, without keys."""
    assessments = Assessment.objects.order_by("pk").values_list(
        "child__first_name", "started_on", "status", "seen_on", "seen_alone_on", "authorised_on"
    )
    enquiries = Section47Enquiry.objects.order_by("pk").values_list(
        "child__first_name", "started_on", "completed_on", "outcome"
    )
    plans = ProtectionPlan.objects.order_by("pk").values_list(
        "child__first_name", "started_on", "initial_category", "previous_plans", "ended_on"
    )
    cin_plans = CINPlan.objects.order_by("pk").values_list("child__first_name", "started_on")
    visits = Visit.objects.order_by("pk").values_list("visited_on", "kind", "seen_alone")
    closures = Closure.objects.order_by("pk").values_list("closed_on", "reason", "status")
    items = DueItem.objects.order_by("pk").values_list("rule", "starts_on", "due_on")
    notes = CaseNote.objects.order_by("pk").values_list("kind__code", "happened_at", "status")
    text = repr(
        [
            list(rows)
            for rows in (assessments, enquiries, plans, cin_plans, visits, closures, items, notes)
        ]
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _missing_digest() -> str:
    """The missing episodes and what followed them, without keys."""
    episodes = MissingEpisode.objects.order_by("pk").values_list(
        "child__first_name",
        "given_name",
        "missing_since",
        "returned_at",
        "police_risk",
        "follow_up",
    )
    attempts = InterviewAttempt.objects.order_by("pk").values_list("attempted_at", "outcome")
    interviews = ReturnInterview.objects.order_by("pk").values_list("held_at", "indicators")
    text = repr([list(rows) for rows in (episodes, attempts, interviews)])
    return hashlib.sha256(text.encode()).hexdigest()


def _private_fostering_digest() -> str:
    """The private fostering arrangements and what followed them, without keys."""
    arrangements = Arrangement.objects.order_by("pk").values_list(
        "child__first_name", "notified_on", "starts_on", "notifier", "next_visit_due_on", "ended_on"
    )
    visits = FosteringVisit.objects.order_by("pk").values_list("visited_on", "due_on", "seen_alone")
    checks = SuitabilityCheck.objects.order_by("pk").values_list("kind", "completed_on", "result")
    decisions = SuitabilityDecision.objects.order_by("pk").values_list(
        "outcome", "status", "proposed_at"
    )
    text = repr([list(rows) for rows in (arrangements, visits, checks, decisions)])
    return hashlib.sha256(text.encode()).hexdigest()


def _exploitation_digest() -> str:
    """The exploitation work, without keys."""
    screenings = Screening.objects.order_by("pk").values_list(
        "child__first_name", "screened_on", "sexual_risk", "criminal_risk", "review_by"
    )
    referrals = NrmReferral.objects.order_by("pk").values_list(
        "referred_on", "kind", "reasonable_grounds", "conclusive_grounds_on"
    )
    meetings = PanelMeeting.objects.order_by("pk").values_list("held_on", "places")
    children = PanelChild.objects.order_by("pk").values_list("child__first_name", "reason")
    actions = PanelAction.objects.order_by("pk").values_list("action", "due_on", "done_at")
    text = repr([list(rows) for rows in (screenings, referrals, meetings, children, actions)])
    return hashlib.sha256(text.encode()).hexdigest()


def _digests() -> dict[str, str]:
    return {
        "people": _digest(),
        "front door": _front_door_digest(),
        "pathway": _pathway_digest(),
        "missing": _missing_digest(),
        "private fostering": _private_fostering_digest(),
        "exploitation": _exploitation_digest(),
    }


@pytest.fixture(scope="module")
def builds(django_db_setup, django_db_blocker) -> dict[str, dict[str, str]]:
    """Three builds, each rolled back once its digests are taken: seed 3 twice, seed 4 once (each
    test compares two of them; building per test made eight builds)."""
    with django_db_blocker.unblock(), FAST_HASHER:
        return {
            name: build_in_savepoint(seed=seed, digest=_digests)
            for name, seed in (("seed 3", 3), ("seed 3 again", 3), ("seed 4", 4))
        }


def test_the_same_seed_builds_the_same_people(builds):
    first, second = builds["seed 3"], builds["seed 3 again"]

    assert first["people"] == second["people"]


def test_another_seed_builds_other_people(builds):
    first, second = builds["seed 3"], builds["seed 4"]

    assert first["people"] != second["people"]


def test_the_same_seed_builds_the_same_front_door(builds):
    first, second = builds["seed 3"], builds["seed 3 again"]

    assert first["front door"] == second["front door"]


def test_the_same_seed_builds_the_same_pathway(builds):
    first, second = builds["seed 3"], builds["seed 3 again"]

    assert first["pathway"] == second["pathway"]


def test_the_same_seed_builds_the_same_missing_episodes(builds):
    first, second, other = builds["seed 3"], builds["seed 3 again"], builds["seed 4"]

    assert first["missing"] == second["missing"]
    assert first["missing"] != other["missing"]


def test_the_same_seed_builds_the_same_private_fostering(builds):
    first, second, other = builds["seed 3"], builds["seed 3 again"], builds["seed 4"]

    assert first["private fostering"] == second["private fostering"]
    assert first["private fostering"] != other["private fostering"]


def test_the_same_seed_builds_the_same_exploitation_work(builds):
    first, second, other = builds["seed 3"], builds["seed 3 again"], builds["seed 4"]

    assert first["exploitation"] == second["exploitation"]
    assert first["exploitation"] != other["exploitation"]
