"""Who may open which page: role by page, including another team's worker, a partner agency and a
restricted record. A record you may not see answers 404, the same as one that does not exist."""

import re

import pytest
from django.urls import reverse

from opencsc.accounts.models import Role, Team
from opencsc.audit.models import AccessLog
from tests.factories import AllocationFactory, PersonFactory, RelationshipFactory, TeamFactory

ALL_ROLES = list(Role)


@pytest.fixture
def teams(db):
    return {
        "assessment": TeamFactory(name="Assessment A", kind=Team.Kind.ASSESSMENT),
        "other": TeamFactory(name="Child protection B", kind=Team.Kind.CHILD_PROTECTION),
        "mash": TeamFactory(name="MASH", kind=Team.Kind.MASH),
    }


@pytest.fixture
def allocated_child(teams):
    return AllocationFactory(team=teams["assessment"]).child


def _user_for(make_user, role, teams, team_key="assessment"):
    if role in {
        Role.PARTNER_AGENCY,
        Role.ADMINISTRATOR,
        Role.HEAD_OF_SERVICE,
        Role.BUSINESS_SUPPORT,
    }:
        return make_user(role)
    if role in {Role.QUALITY_ASSURANCE, Role.PERFORMANCE_ANALYST}:
        return make_user(role)
    team = teams["mash"] if role == Role.MASH_PRACTITIONER else teams[team_key]
    return make_user(role, team=team)


# Expected status of the child's record page for a child allocated to the user's own team.
CHILD_RECORD = {
    Role.MASH_PRACTITIONER: 404,  # allocated elsewhere: the MASH sees only unallocated children
    Role.SOCIAL_WORKER: 200,
    Role.ADVANCED_PRACTITIONER: 200,
    Role.TEAM_MANAGER: 200,
    Role.HEAD_OF_SERVICE: 200,
    Role.QUALITY_ASSURANCE: 200,
    Role.PERFORMANCE_ANALYST: 200,
    Role.PARTNER_AGENCY: 404,
    Role.ADMINISTRATOR: 404,
    Role.BUSINESS_SUPPORT: 404,  # searches and reviews duplicates: opens no child's record
}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_child_record_by_role(client, make_user, teams, allocated_child, role):
    client.force_login(_user_for(make_user, role, teams))

    response = client.get(reverse("record:child", args=[allocated_child.pk]))

    assert response.status_code == CHILD_RECORD[role]


@pytest.mark.parametrize(
    "role", [Role.SOCIAL_WORKER, Role.ADVANCED_PRACTITIONER, Role.TEAM_MANAGER]
)
def test_a_worker_of_another_team_gets_404_for_the_child(
    client, make_user, teams, allocated_child, role
):
    client.force_login(_user_for(make_user, role, teams, team_key="other"))

    response = client.get(reverse("record:child", args=[allocated_child.pk]))

    assert response.status_code == 404


def _without_tokens(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def test_a_missing_record_and_a_forbidden_one_answer_alike(
    client, make_user, teams, allocated_child
):
    client.force_login(_user_for(make_user, Role.SOCIAL_WORKER, teams, team_key="other"))

    forbidden = client.get(reverse("record:child", args=[allocated_child.pk]))
    missing = client.get(reverse("record:child", args=[allocated_child.pk + 1000]))

    assert forbidden.status_code == missing.status_code == 404
    assert _without_tokens(forbidden.content) == _without_tokens(missing.content)


def test_an_unallocated_child_is_seen_by_the_recording_team_and_the_mash(client, make_user, teams):
    child = PersonFactory(recording_team=teams["assessment"])
    statuses = {}
    for key, role, team in [
        ("recorder", Role.SOCIAL_WORKER, "assessment"),
        ("other team", Role.SOCIAL_WORKER, "other"),
        ("mash", Role.MASH_PRACTITIONER, "mash"),
    ]:
        client.force_login(make_user(role, team=teams[team]))
        statuses[key] = client.get(reverse("record:child", args=[child.pk])).status_code

    assert statuses == {"recorder": 200, "other team": 404, "mash": 200}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_restricted_record_opens_only_for_named_staff(
    client, make_user, teams, allocated_child, role
):
    allocated_child.is_restricted = True
    allocated_child.save()
    named = make_user(Role.SOCIAL_WORKER, team=teams["assessment"])
    allocated_child.named_staff.add(named)
    client.force_login(_user_for(make_user, role, teams))

    response = client.get(reverse("record:child", args=[allocated_child.pk]))
    client.force_login(named)
    named_response = client.get(reverse("record:child", args=[allocated_child.pk]))

    assert response.status_code == 404
    assert named_response.status_code == 200


# Pages that are not about one record: who may use them.
PAGES = {
    "people:search": {
        Role.MASH_PRACTITIONER,
        Role.SOCIAL_WORKER,
        Role.ADVANCED_PRACTITIONER,
        Role.TEAM_MANAGER,
        Role.HEAD_OF_SERVICE,
        Role.QUALITY_ASSURANCE,
        Role.PERFORMANCE_ANALYST,
        Role.BUSINESS_SUPPORT,
    },
    "people:duplicates": {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.BUSINESS_SUPPORT},
    "people:person-create": {
        Role.MASH_PRACTITIONER,
        Role.SOCIAL_WORKER,
        Role.ADVANCED_PRACTITIONER,
        Role.TEAM_MANAGER,
        Role.HEAD_OF_SERVICE,
    },
    "audit:access-log": {Role.ADMINISTRATOR},
    "accounts:staff-list": {Role.ADMINISTRATOR},
    "accounts:staff-create": {Role.ADMINISTRATOR},
    "accounts:team-create": {Role.ADMINISTRATOR},
    "accounts:role-grants": {Role.ADMINISTRATOR},
}


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("page", list(PAGES))
def test_pages_by_role(client, make_user, teams, page, role):
    client.force_login(_user_for(make_user, role, teams))

    response = client.get(reverse(page))

    assert response.status_code == (200 if role in PAGES[page] else 403)


# Pages about one child's record that change it: who may open them for a child of their team.
CHANGE_PAGES = {
    "people:relative-find": {
        Role.SOCIAL_WORKER,
        Role.ADVANCED_PRACTITIONER,
        Role.TEAM_MANAGER,
        Role.HEAD_OF_SERVICE,
    },
    "people:relative-create": {
        Role.SOCIAL_WORKER,
        Role.ADVANCED_PRACTITIONER,
        Role.TEAM_MANAGER,
        Role.HEAD_OF_SERVICE,
    },
    "people:person-merge": {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE},
    "casework:restrict": {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE},
}


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("page", list(CHANGE_PAGES))
def test_record_changing_pages_by_role(client, make_user, teams, allocated_child, page, role):
    client.force_login(_user_for(make_user, role, teams))

    response = client.get(reverse(page, args=[allocated_child.pk]))

    if role in CHANGE_PAGES[page]:
        assert response.status_code == 200
    elif page == "casework:restrict":
        # A role that never restricts is refused whatever the id, so the answer says nothing.
        assert response.status_code == 403
    else:
        # Those who cannot see the child get 404; those who can see it but not change it get 403.
        assert response.status_code == (403 if CHILD_RECORD[role] == 200 else 404)


def test_search_never_lists_a_child_the_record_page_would_refuse(client, make_user, teams):
    named = {"first_name": "Ada", "last_name": "Okonkwo"}
    mine = AllocationFactory(team=teams["assessment"], child=PersonFactory(**named)).child
    theirs = AllocationFactory(team=teams["other"], child=PersonFactory(**named)).child
    client.force_login(make_user(Role.SOCIAL_WORKER, team=teams["assessment"]))

    response = client.get(reverse("people:search"), {"name": "Ada Okonkwo"})

    listed = list(response.context["page_obj"])
    assert listed == [mine]
    assert theirs not in listed
    assert response.context["more_elsewhere"] is True


def test_adults_are_seen_through_the_children_they_are_related_to(
    client, make_user, teams, allocated_child
):
    parent = RelationshipFactory(to_person=allocated_child).from_person
    stranger = PersonFactory(adult=True)
    client.force_login(make_user(Role.SOCIAL_WORKER, team=teams["assessment"]))

    assert client.get(reverse("record:child", args=[parent.pk])).status_code == 200
    assert client.get(reverse("record:child", args=[stranger.pk])).status_code == 404


def test_opening_a_record_writes_the_access_log(client, make_user, teams, allocated_child):
    worker = make_user(Role.SOCIAL_WORKER, team=teams["assessment"])
    client.force_login(worker)

    client.get(reverse("record:child", args=[allocated_child.pk]), REMOTE_ADDR="10.1.2.3")

    entry = AccessLog.objects.get(child=allocated_child, kind=AccessLog.Kind.VIEW)
    assert (entry.user, entry.ip_address, entry.action) == (worker, "10.1.2.3", "people.view")


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.SOCIAL_WORKER, ["Home", "Your cases", "Find a person"]),
        (Role.ADMINISTRATOR, ["Home", "Access log", "Staff and teams"]),
        (Role.PARTNER_AGENCY, ["Home", "Your contacts and checks"]),
        (Role.PERFORMANCE_ANALYST, ["Home", "MASH", "Team caseloads", "Find a person"]),
    ],
)
def test_navigation_shows_each_role_only_what_it_can_use(client, make_user, teams, role, expected):
    client.force_login(_user_for(make_user, role, teams))

    response = client.get(reverse("record:home"))

    assert [item["label"] for item in response.context["navigation"]] == expected


# A likely duplicate pair's review page: who may open it (issue 12, part 2). Business support and
# heads of service review every pair, the MASH's managers too; another team's manager only the
# pairs with a record their team holds or recorded.
PAIR_PAGE = {
    Role.MASH_PRACTITIONER: 403,
    Role.SOCIAL_WORKER: 403,
    Role.ADVANCED_PRACTITIONER: 403,
    Role.TEAM_MANAGER: 200,  # of the team holding one of the records
    Role.HEAD_OF_SERVICE: 200,
    Role.QUALITY_ASSURANCE: 403,
    Role.PERFORMANCE_ANALYST: 403,
    Role.PARTNER_AGENCY: 403,
    Role.ADMINISTRATOR: 403,
    Role.BUSINESS_SUPPORT: 200,
}


@pytest.fixture
def duplicate_pair(allocated_child):
    from opencsc.people.models import DuplicatePair

    twin = PersonFactory(
        first_name=allocated_child.first_name,
        last_name=allocated_child.last_name,
        date_of_birth=allocated_child.date_of_birth,
    )
    low, high = DuplicatePair.ordered(allocated_child.pk, twin.pk)
    return DuplicatePair.objects.create(person_a_id=low, person_b_id=high, found_on="2026-06-01")


@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_duplicate_pair_page_by_role(client, make_user, teams, duplicate_pair, role):
    client.force_login(_user_for(make_user, role, teams))

    response = client.get(reverse("people:duplicate-pair", args=[duplicate_pair.pk]))

    assert response.status_code == PAIR_PAGE[role]


def test_another_teams_manager_gets_404_for_a_pair_of_records_their_team_never_held(
    client, make_user, teams, duplicate_pair
):
    client.force_login(make_user(Role.TEAM_MANAGER, team=teams["other"]))

    response = client.get(reverse("people:duplicate-pair", args=[duplicate_pair.pk]))

    assert response.status_code == 404
