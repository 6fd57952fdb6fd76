"""No silent duplicates (issue 12, part 2): the likely-match step when a record is created, the list
of likely duplicate pairs, and each pair reviewed once (merged or not the same person)."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessLog
from opencsc.people import matching, selectors, services
from opencsc.people.models import DuplicatePair, Person
from opencsc.people.services import AddressDetails, PersonDetails
from opencsc.permissions import Action
from tests.core.html import error_message
from tests.factories import (
    AddressFactory,
    AllocationFactory,
    HouseholdFactory,
    MashManagerFactory,
    PersonFactory,
    TeamFactory,
)

BORN = date(2019, 2, 14)


def _new_child(**overrides: str) -> dict[str, str]:
    """The create-a-record form for Amara Testchild, 14 February 2019, 12 Example Road N18 2AB."""
    return {
        "submission_key": str(uuid.uuid4()),
        "kind": "child",
        "first_name": "Amara",
        "last_name": "Testchild",
        "date_of_birth_day": "14",
        "date_of_birth_month": "2",
        "date_of_birth_year": "2019",
        "sex": "F",
        "ethnicity": "BAFR",
        "nhs_number": "",
        "upn": "",
        "address_line_1": "12 Example Road",
        "postcode": "n18 2ab",
    } | overrides


def _household(line_1: str = "12 Example Road", postcode: str = "N18 2AB"):
    return HouseholdFactory(address=AddressFactory(line_1=line_1, postcode=postcode))


def _amara(**overrides) -> Person:
    fields = {
        "first_name": "Amara",
        "last_name": "Testchild",
        "date_of_birth": BORN,
        "nhs_number": "",
        "household": _household(),
    }
    return PersonFactory(**(fields | overrides))


# Creating a record: the likely-match step.


def test_creating_the_same_child_again_is_stopped_until_a_reason_is_given(
    worker_client, social_worker
):
    # The Why of issue 12: the exact same child (name, date of birth, address) made again.
    first = worker_client.post(reverse("people:person-create"), _new_child())
    again = worker_client.post(reverse("people:person-create"), _new_child())

    assert first.status_code == 302
    assert again.status_code == 200
    assert Person.objects.filter(first_name="Amara").count() == 1
    assert error_message(again.content, "id_not_a_match_reason") == (
        "These records may be the same person: open one instead, or say why none of them is"
    )
    original = Person.objects.get()
    assert [match.person for match in again.context["matches"]] == [original]
    assert original.get_absolute_url() in again.content.decode()


def test_confirming_a_new_record_over_likely_matches_records_the_reason_and_the_pair(
    worker_client, social_worker
):
    worker_client.post(reverse("people:person-create"), _new_child())
    reason = "Twin sister of the first record, confirmed with the health visitor"

    confirmed = worker_client.post(
        reverse("people:person-create"), _new_child(not_a_match_reason=reason)
    )

    assert confirmed.status_code == 302
    first, second = Person.objects.order_by("pk")
    pair = DuplicatePair.objects.get()
    assert (pair.person_a, pair.person_b) == (first, second)
    assert pair.found_by == DuplicatePair.FoundBy.CREATION
    assert pair.creation_reason == reason
    assert not pair.is_reviewed
    logged = AccessLog.objects.get(child=second, action=Action.CREATE_PERSON)
    assert "1 likely match" in logged.summary
    assert "Twin" not in logged.summary  # the reason may name people: kept on the pair only


def test_the_service_refuses_a_new_record_over_likely_matches_without_a_reason(social_worker):
    _amara()
    details = PersonDetails(kind="child", first_name="Amara", last_name="Testchild")
    details = PersonDetails(**(details.__dict__ | {"date_of_birth": BORN}))

    with pytest.raises(ValidationError) as refused:
        services.create_person(details=details, by=social_worker)

    assert refused.value.message_dict == {"not_a_match_reason": [services.NOT_A_MATCH_REQUIRED]}


def test_a_record_another_team_holds_is_a_likely_match_shown_to_recognise_without_a_link(
    worker_client,
):
    held = AllocationFactory(team=TeamFactory(), child=_amara()).child

    response = worker_client.post(reverse("people:person-create"), _new_child())

    html = response.content.decode()
    [match] = response.context["matches"]
    assert match.person == held
    assert not match.may_open
    assert "Amara Testchild" in html
    assert "14 Feb 2019" in html
    assert "N18" in html
    assert "N18 2AB" not in html
    assert held.get_absolute_url() not in html
    assert "Held by another team" in html


def test_a_restricted_match_is_never_named_only_who_to_ask(worker_client):
    team = TeamFactory(name="Child protection team 7")
    held = AllocationFactory(team=team, child=_amara(is_restricted=True)).child

    response = worker_client.post(reverse("people:person-create"), _new_child())

    html = response.content.decode()
    assert [match.person for match in response.context["matches"]] == [held]
    assert "A restricted record may match: ask Child protection team 7" in html
    assert "Amara" not in html.split('id="likely-matches"')[1].split("</table>")[0]
    assert held.get_absolute_url() not in html


def test_an_unallocated_restricted_match_says_ask_the_mash_manager(worker_client):
    _amara(is_restricted=True)

    response = worker_client.post(reverse("people:person-create"), _new_child())

    assert "A restricted record may match: ask the MASH manager" in response.content.decode()


def test_the_front_door_offers_to_use_a_match_for_the_contact(client, make_user):
    mash = TeamFactory(name="MASH", kind="mash")
    practitioner = make_user(Role.MASH_PRACTITIONER, team=mash)
    child = _amara()
    client.force_login(practitioner)

    response = client.post(reverse("people:person-create") + "?for=contact", _new_child())

    assert reverse("frontdoor:contact-create", args=[child.pk]) in response.content.decode()


def test_a_new_family_member_is_checked_for_likely_matches_too(worker_client, social_worker):
    child = PersonFactory(recording_team=social_worker.teams.get())
    mother = PersonFactory(adult=True, first_name="Grace", last_name="Testparent")
    form = {
        "submission_key": str(uuid.uuid4()),
        "relationship": "parent",
        "is_child": "adult",
        "first_name": "Grace",
        "last_name": "Testparent",
        "sex": "F",
        "ethnicity": "WBRI",
    }
    url = reverse("people:relative-create", args=[child.pk])

    blocked = worker_client.post(url, form)
    confirmed = worker_client.post(url, form | {"not_a_match_reason": "A different Grace"})

    assert [match.person for match in blocked.context["matches"]] == [mother]
    assert confirmed.status_code == 302
    assert DuplicatePair.objects.filter(person_a=mother).count() == 1


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ({"nhs_number": "9434765919"}, True),  # the same NHS number, whatever the name
        ({"first_name": "Amarah"}, True),  # a sound-alike first name and the surname
        ({"first_name": "Bea", "date_of_birth": BORN}, True),  # surname and date of birth
        ({"last_name": "Okafor", "date_of_birth": BORN, "address": True}, True),  # a new surname
        ({"last_name": "Okafor", "date_of_birth": BORN}, False),  # without the address
        ({"first_name": "Bea", "date_of_birth": date(2018, 1, 1)}, False),
    ],
)
def test_the_likely_match_rules_at_creation(db, typed, found):
    existing = _amara(nhs_number="9434765919")
    address = typed.pop("address", False)
    candidate = matching.Candidate(
        first_name=typed.get("first_name", "Amara"),
        last_name=typed.get("last_name", "Testchild"),
        date_of_birth=typed.get("date_of_birth"),
        nhs_number=typed.get("nhs_number", ""),
        postcode="N18 2AB" if address else "",
        address_line_1="12, Example  Road" if address else "",
    )

    assert (matching.likely_matches(candidate) == [existing]) is found


# Finding pairs across the whole index.


def test_the_pair_search_finds_records_sharing_a_first_name_and_two_of_the_rest(db):
    home = _household()
    same = _amara(household=home)
    again = _amara(household=_household("3 Other Street", "EN1 3XY"), last_name="Testchyld")
    moved_surname = _amara(household=home, last_name="Okafor")
    twin = _amara(household=home, first_name="Bea")  # same surname, birthday, address
    stranger = _amara(household=_household("9 Far Road", "EN3 4LL"), date_of_birth=date(2017, 1, 1))

    added = services.find_duplicate_pairs()

    pairs = set(DuplicatePair.objects.values_list("person_a_id", "person_b_id"))
    assert pairs == {
        (same.pk, again.pk),  # a sound-alike name and the date of birth
        (same.pk, moved_surname.pk),  # the first name, date of birth and address
    }
    # The same name alone is not enough (a stranger born elsewhere another year), nor a twin's
    # surname, birthday and address.
    assert stranger.pk not in {pk for pair in pairs for pk in pair}
    assert added == len(pairs)
    assert twin.pk not in {pk for pair in pairs for pk in pair}


def test_the_pair_search_is_idempotent_and_a_pair_not_the_same_never_comes_back(db, make_user):
    first, second = _amara(), _amara()
    reviewer = make_user(Role.BUSINESS_SUPPORT)
    assert services.find_duplicate_pairs() == 1
    assert services.find_duplicate_pairs() == 0
    pair = DuplicatePair.objects.get()

    services.mark_not_the_same_person(pair=pair, reason="Twins", by=reviewer)

    assert services.find_duplicate_pairs() == 0
    assert selectors.pair_list(reviewer).count() == 0
    assert DuplicatePair.objects.get().outcome == DuplicatePair.Outcome.NOT_SAME
    assert {first.pk, second.pk} == {pair.person_a_id, pair.person_b_id}


def test_the_command_lists_the_pairs(db, capsys):
    _amara(), _amara()

    call_command("find_duplicates", "--no-progress")

    assert "1 new likely duplicate pairs listed." in capsys.readouterr().out
    assert DuplicatePair.objects.count() == 1


# Reviewing pairs.


@pytest.fixture
def pair(db) -> DuplicatePair:
    _amara(), _amara(household=None)
    services.find_duplicate_pairs()
    return DuplicatePair.objects.get()


@pytest.fixture
def business_support(make_user):
    return make_user(Role.BUSINESS_SUPPORT)


def test_a_pair_is_reviewed_once_a_second_review_is_refused(pair, business_support, make_user):
    services.mark_not_the_same_person(pair=pair, reason="Twins", by=business_support)

    with pytest.raises(ValidationError, match="already been reviewed"):
        services.mark_not_the_same_person(
            pair=pair, reason="Again", by=make_user(Role.BUSINESS_SUPPORT)
        )
    with pytest.raises(ValidationError, match="already been reviewed"):
        services.merge_people(
            survivor=pair.person_a,
            duplicate=pair.person_b,
            reason="Same",
            by=business_support,
            pair=pair,
        )
    assert Person.objects.current().count() == 2


def test_business_support_merges_from_the_pair_without_opening_either_record(
    client, pair, business_support
):
    client.force_login(business_support)
    url = reverse("people:duplicate-pair", args=[pair.pk])

    shown = client.get(url)
    merged = client.post(
        url,
        {
            "submission_key": str(uuid.uuid4()),
            "outcome": "merge",
            "keep": "a",
            "reason": "Same child, recorded twice",
        },
    )

    assert shown.status_code == 200
    assert "Amara Testchild" in shown.content.decode()
    assert merged.status_code == 302
    pair.refresh_from_db()
    assert pair.outcome == DuplicatePair.Outcome.MERGED
    assert pair.reviewed_by == business_support
    assert Person.objects.get(pk=pair.person_b_id).merged_into_id == pair.person_a_id
    # The page logged a view of both records; business support still opens neither.
    assert AccessLog.objects.filter(action=Action.REVIEW_DUPLICATES, user=business_support).count()
    assert client.get(reverse("record:child", args=[pair.person_a_id])).status_code == 404


def test_the_review_form_refuses_hostile_input(client, pair, business_support):
    client.force_login(business_support)
    url = reverse("people:duplicate-pair", args=[pair.pk])
    key = str(uuid.uuid4())

    for data in (
        {"outcome": "merge", "reason": "x"},  # no record to keep
        {"outcome": "delete_both", "reason": "x"},
        {"outcome": "merge", "keep": "c", "reason": "x"},
        {"outcome": "not_same", "reason": "x" * 5000},
        {"outcome": "not_same", "reason": "   "},
        {"outcome": ["merge", "not_same"], "keep": "\x00", "reason": "<script>"},
    ):
        response = client.post(url, {"submission_key": key} | data)
        assert response.status_code == 200

    for bad in ("0", "99999999999999999999", "1' OR 1=1"):
        assert client.get(f"/people/duplicates/{bad}/").status_code == 404
    pair.refresh_from_db()
    assert not pair.is_reviewed


def test_merging_on_the_old_merge_page_records_the_pair_as_merged(client, make_user, pair):
    manager = make_user(Role.HEAD_OF_SERVICE)

    services.merge_people(
        survivor=pair.person_a, duplicate=pair.person_b, reason="Same child", by=manager
    )

    pair.refresh_from_db()
    assert pair.outcome == DuplicatePair.Outcome.MERGED
    assert pair.reviewed_by == manager


# Who sees which pairs.


def test_a_team_manager_sees_the_pairs_of_their_teams_records_the_mash_manager_all(db, make_user):
    team, other = TeamFactory(), TeamFactory()
    ours = AllocationFactory(team=team, child=_amara()).child
    _amara()
    recorded = _amara(first_name="Zed", recording_team=other)
    _amara(first_name="Zed")
    services.find_duplicate_pairs()
    manager = make_user(Role.TEAM_MANAGER, team=team)
    other_manager = make_user(Role.TEAM_MANAGER, team=other)
    worker = make_user(Role.SOCIAL_WORKER, team=team)

    mine = [{p.person_a_id, p.person_b_id} for p in selectors.pair_list(manager)]
    theirs = [{p.person_a_id, p.person_b_id} for p in selectors.pair_list(other_manager)]

    assert len(mine) == 1
    assert ours.pk in mine[0]
    assert len(theirs) == 1
    assert recorded.pk in theirs[0]
    assert selectors.pair_list(MashManagerFactory()).count() == 2
    assert selectors.pair_list(make_user(Role.BUSINESS_SUPPORT)).count() == 2
    assert selectors.pair_list(worker).count() == 0
    with pytest.raises(PermissionDenied):
        services.mark_not_the_same_person(pair=DuplicatePair.objects.first(), reason="x", by=worker)


def test_a_restricted_record_in_a_pair_is_never_named_and_only_its_named_staff_review_it(
    client, make_user, business_support
):
    team = TeamFactory()
    named = make_user(Role.TEAM_MANAGER, team=team)
    restricted = AllocationFactory(team=team, child=_amara(is_restricted=True)).child
    restricted.named_staff.add(named)
    _amara()
    services.find_duplicate_pairs()
    pair = DuplicatePair.objects.get()
    url = reverse("people:duplicate-pair", args=[pair.pk])
    client.force_login(business_support)

    listed = client.get(reverse("people:duplicates")).content.decode()
    opened = client.get(url)

    assert "Restricted record" in listed
    assert listed.count("Amara Testchild") == 1  # the other record of the pair only
    assert url not in listed
    assert "Only the staff named on the restricted record can review this pair" in listed
    assert opened.status_code == 404
    with pytest.raises(PermissionDenied):
        services.mark_not_the_same_person(pair=pair, reason="x", by=business_support)
    with pytest.raises(PermissionDenied):
        services.mark_not_the_same_person(pair=pair, reason="x", by=make_user(Role.HEAD_OF_SERVICE))
    client.force_login(named)
    assert client.get(url).status_code == 200
    services.mark_not_the_same_person(pair=pair, reason="Different children", by=named)


def test_the_pair_rule_skips_records_without_a_first_name(db):
    PersonFactory(unborn=True, first_name="", last_name="Testchild", household=_household())
    PersonFactory(unborn=True, first_name="", last_name="Testchild", household=_household())

    assert services.find_duplicate_pairs() == 0


def test_creating_over_an_address_compares_the_first_line_loosely(db, social_worker):
    _amara(last_name="Okafor")
    details = PersonDetails(
        kind="child", first_name="Amara", last_name="Testchild", date_of_birth=BORN
    )

    found = matching.likely_matches(
        services.candidate(details, AddressDetails(line_1="12 example road.", postcode="n182ab"))
    )
    not_found = matching.likely_matches(
        services.candidate(details, AddressDetails(line_1="14 Example Road", postcode="N18 2AB"))
    )

    assert len(found) == 1
    assert not_found == []
