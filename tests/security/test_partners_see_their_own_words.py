"""Issue 11, part 4 and the partner half of the first acceptance point: partners see only their own
words.

Why: once the MASH matched a police-named child to a record, the police's pages showed the index
record's name, and a check showed the child's date of birth and home address, including for
children the police never named. Now a partner agency's pages show the names, dates of birth and
addresses their agency supplied on its own contacts, and what the MASH chose to share on a check;
never the index record, and never a child their agency did not name.

The test walks every page of the app (every URL pattern, with the real ids of every record in the
database, from tests/security/site_map.py) as a partner agency user and looks for the index
records' unique markers.
"""

from datetime import date

import pytest
from django.urls import reverse

from opencsc.accounts.models import Role
from tests.factories import (
    AddressFactory,
    AgencyCheckFactory,
    AgencyFactory,
    AllocationFactory,
    ContactChildFactory,
    ContactDecisionFactory,
    ContactFactory,
    HouseholdFactory,
    MashPractitionerFactory,
    PersonFactory,
    ReferralFactory,
    RelationshipFactory,
    UserFactory,
)
from tests.security.site_map import page_urls

# An index child the police never named, on a school's contact the police are asked to check.
UNNAMED = {
    "first_name": "Zephyrine",
    "last_name": "Quarrington",
    "date_of_birth": date(2014, 7, 23),
    "nhs_number": "9434765919",
    "line_1": "77 Vellacott Mews",
}
# A child the police named in their own words; the MASH matched them to a record holding others.
MATCHED = {
    "first_name": "Roberta",
    "last_name": "Smithwickham",
    "date_of_birth": date(2016, 2, 29),
    "nhs_number": "4010232137",
    "line_1": "5 Ingleborough Close",
}
POLICE_WORDS = ("Bobby Smith", "1 January 2016", "Flat 2, 10 Station Road")


def _markers(record: dict) -> list[str]:
    born: date = record["date_of_birth"]
    return [
        record["first_name"],
        record["last_name"],
        record["nhs_number"],
        record["line_1"],
        born.isoformat(),
        born.strftime("%d/%m/%Y"),
        f"{born.day} {born:%B %Y}",
        f"{born.day} {born:%b %Y}",
    ]


MARKERS = _markers(UNNAMED) + _markers(MATCHED)


def _index_child(record: dict):
    household = HouseholdFactory(address=AddressFactory(line_1=record["line_1"]))
    return PersonFactory(
        first_name=record["first_name"],
        last_name=record["last_name"],
        date_of_birth=record["date_of_birth"],
        nhs_number=record["nhs_number"],
        household=household,
    )


@pytest.fixture
def site(db):
    police = AgencyFactory(name="Northshire Police")
    officer = UserFactory(role=Role.PARTNER_AGENCY, agency=police, username="pc.partner")
    practitioner = MashPractitionerFactory()

    unnamed = _index_child(UNNAMED)
    matched = _index_child(MATCHED)
    RelationshipFactory(to_person=unnamed, from_person__last_name=UNNAMED["last_name"])
    RelationshipFactory(from_person=matched, to_person=unnamed, kind="sibling")

    # The police's own contact: the child they named, matched by the MASH to the index record;
    # and the index child they never named, added to it by the MASH.
    own = ContactFactory(from_partner=True, referrer_agency=police, rated=True, decided=True)
    ContactChildFactory(
        contact=own,
        child=matched,
        given_name=POLICE_WORDS[0],
        given_date_of_birth=date(2016, 1, 1),
        given_address=POLICE_WORDS[2],
    )
    ContactChildFactory(contact=own, child=unnamed)
    ContactDecisionFactory(contact=own)
    AgencyCheckFactory(
        contact=own,
        agency=police,
        question="Any call-outs to the family home?",
        shared_with_agency="The child your officer named; mother known as Ms S.",
    )
    # A school's contact about the child the police never named, with a check asked of them.
    school = ContactFactory(rated=True, practitioner=practitioner)
    ContactChildFactory(contact=school, child=unnamed)
    AgencyCheckFactory(contact=school, agency=police, question="Anything known at this address?")
    AgencyCheckFactory(
        contact=ContactFactory(rated=True),
        agency=police,
        returned=True,
        question="Known to you?",
    )
    # Casework on both children, so their pages exist.
    for child in (unnamed, matched):
        ReferralFactory(child=child, contact=own)
        AllocationFactory(child=child)
    return {"officer": officer, "own": own, "school": school, "police": police}


def test_a_partner_sees_no_index_record_on_any_page_of_the_app(client, site):
    client.force_login(site["officer"])
    leaks: dict[str, list[str]] = {}
    reached = []

    pages = page_urls()
    for page in pages:
        response = client.get(page.path)
        html = response.content.decode(errors="replace")
        found = [marker for marker in MARKERS if marker in html]
        if found:
            leaks[page.path] = found
        if response.status_code == 200:
            reached.append(page.name)

    assert leaks == {}
    # The walk did reach the partner's own pages (so it would have seen a leak there).
    assert {"frontdoor:partner-home", "frontdoor:contact-detail", "frontdoor:check-detail"} <= (
        set(reached)
    )
    assert len(pages) > 60


def test_a_partner_sees_the_children_in_their_own_words(client, site):
    client.force_login(site["officer"])

    contact = client.get(reverse("frontdoor:contact-detail", args=[site["own"].pk]))
    home = client.get(reverse("frontdoor:partner-home"))

    for html in (contact.content.decode(), home.content.decode()):
        assert POLICE_WORDS[0] in html
    assert all(words in contact.content.decode() for words in POLICE_WORDS)


def test_a_check_shows_the_partner_what_the_mash_shared(client, site):
    check = site["own"].checks.get()
    client.force_login(site["officer"])

    html = client.get(reverse("frontdoor:check-detail", args=[check.pk])).content.decode()

    assert "Shared with the agency" in html
    assert "The child your officer named; mother known as Ms S." in html
    assert POLICE_WORDS[0] in html


def test_a_check_on_another_agencys_contact_names_no_child(client, site):
    check = site["school"].checks.get()
    client.force_login(site["officer"])

    html = client.get(reverse("frontdoor:check-detail", args=[check.pk])).content.decode()

    assert "Anything known at this address?" in html
    assert "Children your agency named" not in html
    assert not any(marker in html for marker in MARKERS)


def test_the_mash_writes_what_it_shares_when_it_requests_a_check(client, site):
    contact = ContactFactory(rated=True)
    ContactChildFactory(contact=contact, child=PersonFactory())
    client.force_login(MashPractitionerFactory())

    client.post(
        reverse("frontdoor:check-request", args=[contact.pk]),
        {
            "submission_key": "8b6a2b8e-7f3c-4d0a-9f57-2a1f3c1d9e01",
            "agencies": [site["police"].pk],
            "question": "Any call-outs?",
            "shared_with_agency": "Ava, born 3 March 2019, 12 Elm Road",
        },
    )

    check = contact.checks.get()
    assert check.shared_with_agency == "Ava, born 3 March 2019, 12 Elm Road"


def test_the_mash_still_sees_the_matched_record_on_the_check(client, site):
    check = site["own"].checks.get()
    client.force_login(MashPractitionerFactory())

    html = client.get(reverse("frontdoor:check-detail", args=[check.pk])).content.decode()

    assert f"{MATCHED['first_name']} {MATCHED['last_name']}" in html
