"""Pages run the same number of SQL queries whatever the data size."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opencsc.accounts.models import Role
from opencsc.audit import services as audit
from opencsc.casework import services as casework
from opencsc.people.models import Relationship
from opencsc.people.services import AddressDetails, change_person_details, record_move
from opencsc.timescales import rules
from opencsc.timescales.services import open_due_item
from tests.factories import (
    AllocationFactory,
    ChronologyEntryFactory,
    HouseholdFactory,
    PersonFactory,
)


def _grow_child(child, size: int, worker) -> None:
    """Give a child `size` relatives in the household, chronology entries, due items, log rows."""
    for n in range(size):
        relative = PersonFactory(adult=True, household=child.household, last_name=f"Relative{n}")
        Relationship.objects.create(from_person=relative, to_person=child, kind="other")
        ChronologyEntryFactory(child=child, happened_on=date(2026, 1, 1) + timedelta(days=n))
        open_due_item(
            rules.CIN_VISIT,
            child=child,
            record=relative,
            start=date(2026, 1, 1) + timedelta(days=n),
        )
        audit.log_view(by=worker, child=child)


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def allocated(social_worker):
    def make(size: int):
        child = AllocationFactory(
            team=social_worker.teams.get(), child=PersonFactory(household=HouseholdFactory())
        ).child
        _grow_child(child, size, social_worker)
        return child

    return make


def test_the_childs_record_runs_the_same_queries_at_any_size(worker_client, allocated):
    small, large = allocated(2), allocated(30)

    counts = {
        size: _queries(worker_client, reverse("record:child", args=[child.pk]))
        for size, child in (("small", small), ("large", large))
    }

    assert counts["small"] == counts["large"]


def test_the_history_of_a_childs_details_runs_the_same_queries_at_any_size(
    worker_client, allocated, social_worker
):
    def changed(size: int):
        child = allocated(0)
        for n in range(size):
            change_person_details(
                person=child, changes={"phone": f"0770090{n:04d}"}, reason=f"r{n}", by=social_worker
            )
            record_move(
                person=child,
                address=AddressDetails(line_1=f"{n} New Street", postcode="EN1 3XY"),
                moved_on=date(2026, 1, 1) + timedelta(days=n),
                by=social_worker,
            )
        return child

    small, large = changed(2), changed(30)

    counts = {
        size: _queries(worker_client, reverse("people:person-history", args=[child.pk]))
        for size, child in (("small", small), ("large", large))
    }

    assert counts["small"] == counts["large"]


def test_search_runs_the_same_queries_at_any_size(worker_client, social_worker):
    team = social_worker.teams.get()
    PersonFactory.create_batch(2, last_name="Abara", recording_team=team)
    small = _queries(worker_client, reverse("people:search"), {"name": "Abara"})
    PersonFactory.create_batch(40, last_name="Abara", recording_team=team)

    large = _queries(worker_client, reverse("people:search"), {"name": "Abara"})

    assert small == large


def test_the_access_log_runs_the_same_queries_at_any_size(client, make_user, social_worker):
    client.force_login(make_user(Role.ADMINISTRATOR))
    child = PersonFactory()
    audit.log_view(by=social_worker, child=child)
    small = _queries(client, reverse("audit:access-log"))
    for _ in range(40):
        audit.log_view(by=make_user(Role.SOCIAL_WORKER), child=PersonFactory())

    large = _queries(client, reverse("audit:access-log"))

    assert small == large


def _give_case_notes(child, count: int, author, sibling) -> None:
    """`count` final case notes about the child, every third one also about a sibling, and the
    author's draft; bulk-made as the demo makes them."""
    from django.utils import timezone

    from opencsc.notes.models import CaseNote, CaseNoteChild, NoteKind

    kind = NoteKind.objects.get(code="home-visit")
    start = timezone.now() - timedelta(days=400)
    notes = CaseNote.objects.bulk_create(
        [
            CaseNote(
                kind=kind,
                happened_at=start + timedelta(days=n),
                text=f"Visit {n}",
                author=author,
                status="final" if n else "draft",
                finalised_at=start + timedelta(days=n) if n else None,
            )
            for n in range(count)
        ]
    )
    links = [CaseNoteChild(note=note, child=child) for note in notes]
    links += [CaseNoteChild(note=note, child=sibling) for note in notes[::3]]
    CaseNoteChild.objects.bulk_create(links)


def test_a_childs_record_with_200_case_notes_runs_the_same_queries_as_with_2(
    worker_client, social_worker, allocated
):
    counts = {}
    for size in (2, 200):
        child = allocated(2)
        sibling = PersonFactory(household=child.household, is_restricted=size == 200)
        _give_case_notes(child, size, social_worker, sibling)
        counts[size] = (
            _queries(worker_client, reverse("record:child", args=[child.pk])),
            _queries(worker_client, reverse("notes:child-notes", args=[child.pk])),
            _queries(
                worker_client,
                reverse("record:child", args=[child.pk]),
                {"kind": "case_note", "text": "Visit 1"},
            ),
        )

    assert counts[2] == counts[200]


def _known_family(last_name: str, team, worker, contact) -> None:
    """A child open to `team` on a child protection plan and a child in need plan's sibling, a
    parent, and the child on an open contact: everything the involvement flag and the
    contact-grants-access rule read."""
    from opencsc.plans.models import CINPlan
    from opencsc.protection.models import ProtectionPlan
    from tests.factories import ContactChildFactory, ReferralFactory, RelationshipFactory

    household = HouseholdFactory()
    child = PersonFactory(first_name="Ada", last_name=last_name, household=household)
    referral = ReferralFactory(child=child)
    AllocationFactory(child=child, team=team, worker=worker, referral=referral)
    ProtectionPlan.objects.create(
        child=child,
        referral=referral,
        started_on=date(2026, 1, 5),
        initial_category="NEG",
        latest_category="NEG",
    )
    sibling = PersonFactory(first_name="Ada", last_name=last_name, household=household)
    sibling_referral = ReferralFactory(child=sibling)
    AllocationFactory(child=sibling, team=team, worker=worker, referral=sibling_referral)
    CINPlan.objects.create(
        child=sibling,
        referral=sibling_referral,
        started_on=date(2026, 1, 5),
        outcomes="Safe at home",
        child_views="Wants to stay",
        contingency="Review",
        created_by=worker,
    )
    parent = PersonFactory(adult=True, first_name="Ada", last_name=last_name, household=household)
    RelationshipFactory(from_person=parent, to_person=child)
    ContactChildFactory(contact=contact, child=child)


def test_search_with_involvement_flags_runs_the_same_queries_at_any_size(client, make_user):
    """Issue 12: the MASH's search lists every match with its team, worker and plans, and which
    records an open contact opens, in a fixed number of queries."""
    from opencsc.accounts.models import Team
    from tests.factories import ContactFactory, MashPractitionerFactory, TeamFactory

    team = TeamFactory(kind=Team.Kind.CHILD_PROTECTION)
    worker = make_user(Role.SOCIAL_WORKER, team=team)
    practitioner = MashPractitionerFactory()
    contact = ContactFactory(practitioner=practitioner)
    _known_family("Abara", team, worker, contact)
    client.force_login(practitioner)
    small = _queries(client, reverse("people:search"), {"name": "Ada Abara"})
    for _ in range(8):
        _known_family("Abara", team, worker, contact)

    large = _queries(client, reverse("people:search"), {"name": "Ada Abara"})

    assert small == large


def _warn(person, by, n: int = 0) -> None:
    warning = casework.set_warning(
        person=person,
        kind="risk_to_staff",
        details=f"Visit in pairs ({n}).",
        review_on=timezone.localdate() + timedelta(days=30 + n),
        by=by,
    )
    if n % 2:
        casework.review_warning(
            warning=warning,
            next_review_on=timezone.localdate() + timedelta(days=60 + n),
            note="Still current.",
            by=by,
        )


def test_the_banner_runs_the_same_queries_with_one_warning_or_thirty(
    worker_client, allocated, social_worker
):
    small, large = allocated(2), allocated(30)
    _warn(small, social_worker)
    for n, adult in enumerate(large.household.members.filter(kind="adult")):
        _warn(adult, social_worker, n)
    bare = allocated(2)  # no warning at all

    counts = {
        size: _queries(worker_client, reverse("record:child", args=[child.pk]))
        for size, child in (("small", small), ("large", large), ("bare", bare))
    }

    assert counts["small"] == counts["large"] == counts["bare"], counts


def test_the_warnings_page_runs_the_same_queries_at_any_size(
    worker_client, allocated, social_worker
):
    small, large, bare = allocated(0), allocated(0), allocated(0)
    _warn(small, social_worker)
    for n in range(12):
        _warn(large, social_worker, n)

    counts = {
        size: _queries(worker_client, reverse("record:warnings", args=[child.pk]))
        for size, child in (("small", small), ("large", large), ("bare", bare))
    }

    assert counts["small"] == counts["large"] == counts["bare"], counts


def _pairs(count: int) -> None:
    from opencsc.people.models import DuplicatePair

    for n in range(count):
        first = PersonFactory(
            first_name="Amara", last_name=f"Pairname{n}", household=HouseholdFactory()
        )
        second = PersonFactory(first_name="Amara", last_name=f"Pairname{n}", is_restricted=n == 0)
        low, high = DuplicatePair.ordered(first.pk, second.pk)
        DuplicatePair.objects.create(person_a_id=low, person_b_id=high, found_on=date(2026, 6, 1))


@pytest.mark.parametrize("role", [Role.BUSINESS_SUPPORT, Role.HEAD_OF_SERVICE])
def test_the_likely_duplicates_list_runs_the_same_queries_at_any_size(client, make_user, role):
    client.force_login(make_user(role))
    _pairs(2)
    small = _queries(client, reverse("people:duplicates"))
    _pairs(30)

    large = _queries(client, reverse("people:duplicates"))

    assert small == large


def test_a_team_managers_likely_duplicates_run_the_same_queries_at_any_size(
    client, make_user, social_worker
):
    team = social_worker.teams.get()
    client.force_login(make_user(Role.TEAM_MANAGER, team=team))
    _pairs(2)
    AllocationFactory(team=team, child=PersonFactory())
    small = _queries(client, reverse("people:duplicates"))
    _pairs(30)
    PersonFactory.create_batch(5, recording_team=team)

    large = _queries(client, reverse("people:duplicates"))

    assert small == large
