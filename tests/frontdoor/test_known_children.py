"""Issue 12, part 1: known children at the front door.

Why: police sent a contact about a girl whose case had just moved to the child protection team.
The MASH search found 0 children and offered "Create the child's record"; her social worker was
never told. A MASH manager deciding a contact about a looked-after boy got a 404 on the boy's own
record. Now every member of staff finds every matching child with the involvement flag, the MASH
working an open contact opens the records of its children and their adults (logged with the
reason, gone once the contact is decided), and the team holding the child hears of the contact the
same day.
"""

import re
import uuid
from datetime import date

import pytest
from django.urls import reverse

from opencsc.accounts.models import Role, Team
from opencsc.audit.models import AccessLog
from opencsc.frontdoor import services as frontdoor
from opencsc.frontdoor.models import Contact, ContactNotification
from opencsc.people.models import Person
from opencsc.protection.models import ProtectionPlan
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from tests.factories import (
    AllocationFactory,
    ContactChildFactory,
    ContactFactory,
    HouseholdFactory,
    PartnerAgencyUserFactory,
    PersonFactory,
    ReferralFactory,
    RelationshipFactory,
    TeamFactory,
    UserFactory,
)
from tests.frontdoor.helpers import contact_details, decision_details, rated


@pytest.fixture
def cp_team(db) -> Team:
    return TeamFactory(name="Child protection team 2", kind=Team.Kind.CHILD_PROTECTION)


@pytest.fixture
def cp_worker(cp_team):
    return UserFactory(role=Role.SOCIAL_WORKER, team=cp_team, first_name="Sam", last_name="Ng")


@pytest.fixture
def cp_manager(cp_team):
    return UserFactory(role=Role.TEAM_MANAGER, team=cp_team, first_name="Kim", last_name="Ali")


@pytest.fixture
def girl(cp_team, cp_worker, cp_manager) -> Person:
    """A girl on a child protection plan (physical abuse), allocated to Sam Ng."""
    child = PersonFactory(first_name="Ada", last_name="Abara", date_of_birth=date(2014, 3, 9))
    referral = ReferralFactory(child=child, referred_on=date(2026, 3, 2))
    AllocationFactory(child=child, team=cp_team, worker=cp_worker, referral=referral)
    ProtectionPlan.objects.create(
        child=child,
        referral=referral,
        started_on=date(2026, 4, 20),
        initial_category="PHY",
        latest_category="PHY",
    )
    return child


def test_the_mash_search_finds_a_girl_open_to_the_child_protection_team(client, practitioner, girl):
    client.force_login(practitioner)

    response = client.get(reverse("people:search"), {"name": "Ada Abara"})

    [row] = response.context["rows"]
    assert row.person == girl
    assert row.may_open is False
    assert (row.involvement.team_name, row.involvement.worker_name) == (
        "Child protection team 2",
        "Sam Ng",
    )
    assert row.involvement.plans == ["Child protection plan: physical abuse"]
    html = response.content.decode()
    assert "Open to Child protection team 2, Sam Ng" in html
    assert "To open this record, ask Child protection team 2" in html
    assert reverse("record:child", args=[girl.pk]) not in html


def test_search_shows_the_postcode_district_only(client, practitioner, girl):
    girl.household = HouseholdFactory(address__postcode="N17 6AB")
    girl.save()
    client.force_login(practitioner)

    html = client.get(reverse("people:search"), {"name": "Ada Abara"}).content.decode()

    assert "N17" in html
    assert "6AB" not in html


def test_her_own_worker_finds_her_with_a_link(client, cp_worker, girl):
    client.force_login(cp_worker)

    response = client.get(reverse("people:search"), {"name": "Ada Abara"})

    [row] = response.context["rows"]
    assert row.may_open is True
    assert reverse("record:child", args=[girl.pk]) in response.content.decode()


def test_a_restricted_child_stays_out_of_the_mash_search(client, practitioner, girl):
    girl.is_restricted = True
    girl.save()
    client.force_login(practitioner)

    response = client.get(reverse("people:search"), {"name": "Ada Abara"})

    assert response.context["rows"] == []
    html = response.content.decode()
    assert "0 people found" in html
    assert girl.la_child_id not in html


def test_partner_agencies_cannot_search(client, girl):
    client.force_login(PartnerAgencyUserFactory())

    response = client.get(reverse("people:search"), {"name": "Ada Abara"})

    assert response.status_code == 403


def test_the_mash_matches_a_contact_to_her_record_and_her_team_is_told(
    client, clock, practitioner, girl, cp_worker, cp_manager, police_user
):
    contact = frontdoor.record_contact(
        details=contact_details(
            named_children=[
                frontdoor.NamedChild(name="Ada Abara", date_of_birth=girl.date_of_birth)
            ]
        ),
        by=police_user,
    )
    named = contact.children.get()
    client.force_login(practitioner)

    client.post(
        reverse("frontdoor:contact-children", args=[contact.pk]),
        {"child": girl.pk, "match": named.pk},
    )

    told = ContactNotification.objects.filter(contact=contact, child=girl).order_by("pk")
    assert [(notice.told, notice.method) for notice in told] == [
        (cp_worker, "in_app"),
        (cp_manager, "in_app"),
    ]
    items = DueItem.objects.filter(rule=rules.CONTACT_ON_HELD_CHILD.code).order_by("pk")
    assert [(item.owner, item.team.name, item.due_on, item.closed_at) for item in items] == [
        (cp_worker, "Child protection team 2", date(2026, 6, 1), None),
        (cp_manager, "Child protection team 2", date(2026, 6, 1), None),
    ]
    assert {item.summary for item in items} == {"New contact about a child you hold"}
    page = client.get(contact.get_absolute_url()).content.decode()
    assert "Already known to children's services" in page
    assert "Child protection plan: physical abuse" in page
    assert "Open to Child protection team 2, Sam Ng" in page
    assert reverse("record:child", args=[girl.pk]) in page  # the open contact opens her record


def test_the_worker_marks_the_new_contact_read(client, clock, practitioner, girl, cp_worker):
    contact = frontdoor.record_contact(details=contact_details(children=[girl]), by=practitioner)
    notice = ContactNotification.objects.get(contact=contact, told=cp_worker)
    client.force_login(cp_worker)

    client.post(reverse("frontdoor:notice-read", args=[notice.pk]))

    notice.refresh_from_db()
    assert notice.read_at is not None
    item = DueItem.objects.get(rule=rules.CONTACT_ON_HELD_CHILD.code, owner=cp_worker)
    assert item.closed_at is not None


def test_only_the_person_told_marks_it_read(client, clock, practitioner, girl, cp_worker):
    contact = frontdoor.record_contact(details=contact_details(children=[girl]), by=practitioner)
    notice = ContactNotification.objects.get(contact=contact, told=cp_worker)
    client.force_login(practitioner)

    response = client.post(reverse("frontdoor:notice-read", args=[notice.pk]))

    assert response.status_code == 404


def test_the_mash_records_who_it_told_by_phone(client, clock, practitioner, girl, cp_manager):
    contact = frontdoor.record_contact(details=contact_details(children=[girl]), by=practitioner)
    client.force_login(practitioner)
    form = client.get(reverse("frontdoor:contact-told", args=[contact.pk])).context["form"]

    client.post(
        reverse("frontdoor:contact-told", args=[contact.pk]),
        {
            "submission_key": form["submission_key"].initial,
            "child": contact.children.get().pk,
            "told": cp_manager.pk,
            "method": "phone",
            "note": "Told of the police call",
        },
    )

    notice = ContactNotification.objects.get(method="phone")
    assert (notice.told, notice.child, notice.recorded_by) == (cp_manager, girl, practitioner)
    assert "By phone" in client.get(contact.get_absolute_url()).content.decode()


def test_who_was_told_is_chosen_among_one_teams_staff(
    client, clock, practitioner, girl, cp_manager, cp_worker
):
    """The list follows one team (the one holding the child's case until another is shown with
    "Show this team's staff", nothing saved) and the heads of service: never every member of
    staff. Someone of another team posted anyway is refused next to the field."""
    other = TeamFactory(name="Assessment team 9", kind=Team.Kind.ASSESSMENT)
    stranger = UserFactory(role=Role.SOCIAL_WORKER, team=other)
    head = UserFactory(role=Role.HEAD_OF_SERVICE)
    contact = frontdoor.record_contact(details=contact_details(children=[girl]), by=practitioner)
    client.force_login(practitioner)
    url = reverse("frontdoor:contact-told", args=[contact.pk])
    typed = {
        "submission_key": str(uuid.uuid4()),
        "child": str(contact.children.get().pk),
        "team": str(other.pk),
        "note": "Told of the police call",
    }

    def told(page: str) -> set[str]:
        found = re.search(r'<select[^>]* name="told"[^>]*>(.*?)</select>', page, re.S)
        assert found
        return set(re.findall(r'<option value="(\d+)"', found.group(1)))

    opened = client.get(url).content.decode()
    shown = client.post(url, {**typed, "show_staff": "1"}).content.decode()
    refused = client.post(url, {**typed, "told": str(cp_manager.pk), "method": "phone"})

    assert told(opened) == {str(cp_manager.pk), str(cp_worker.pk), str(head.pk)}
    assert told(shown) == {str(stranger.pk), str(head.pk)}
    assert "Told of the police call" in shown
    assert 'id="id_told-error"' in refused.content.decode()
    assert not ContactNotification.objects.exclude(method="in_app").exists()


def test_a_child_no_team_holds_tells_no_one(clock, practitioner, child):
    frontdoor.record_contact(details=contact_details(children=[child]), by=practitioner)

    assert not ContactNotification.objects.exists()


@pytest.fixture
def boy(cp_team, cp_worker) -> Person:
    """A boy whose case another team holds (in care)."""
    child = PersonFactory(first_name="Ben", last_name="Okoro", sex="M")
    AllocationFactory(child=child, team=cp_team, worker=cp_worker)
    return child


def test_a_mash_manager_deciding_a_contact_opens_the_boys_record_while_it_is_open(
    client, clock, practitioner, manager, boy
):
    contact = frontdoor.record_contact(details=contact_details(children=[boy]), by=practitioner)
    rated(contact, practitioner)
    decision = frontdoor.propose_decision(
        contact=contact, details=decision_details("advice", threshold_level="1"), by=practitioner
    )
    client.force_login(manager)

    response = client.get(reverse("record:child", args=[boy.pk]))

    assert response.status_code == 200
    row = AccessLog.objects.filter(user=manager, child=boy, action="people.view").latest("seq")
    assert row.summary == f"Opened through contact {contact.reference}"

    frontdoor.authorise_decision(decision=decision, by=manager)
    contact.refresh_from_db()
    assert contact.status == Contact.Status.DECIDED
    assert client.get(reverse("record:child", args=[boy.pk])).status_code == 404


def test_the_open_contact_opens_the_adults_linked_to_the_child(client, practitioner, boy):
    ContactChildFactory(child=boy, contact=ContactFactory(practitioner=practitioner))
    parent = RelationshipFactory(to_person=boy).from_person
    boy.household = HouseholdFactory()
    boy.save()
    lodger = PersonFactory(adult=True, household=boy.household)
    stranger = PersonFactory(adult=True)
    client.force_login(practitioner)

    def status(person: Person) -> int:
        return client.get(reverse("record:child", args=[person.pk])).status_code

    assert [status(parent), status(lodger), status(stranger)] == [200, 200, 404]


def test_a_restricted_child_on_an_open_contact_stays_closed(client, practitioner, boy):
    boy.is_restricted = True
    boy.save()
    ContactChildFactory(child=boy, contact=ContactFactory(practitioner=practitioner))
    client.force_login(practitioner)

    assert client.get(reverse("record:child", args=[boy.pk])).status_code == 404


def test_the_open_contact_opens_nothing_for_staff_outside_the_mash(client, boy, assessment_team):
    ContactChildFactory(child=boy, contact=ContactFactory())
    client.force_login(UserFactory(role=Role.SOCIAL_WORKER, team=assessment_team))

    assert client.get(reverse("record:child", args=[boy.pk])).status_code == 404
