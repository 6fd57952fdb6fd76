"""Who may open which page, role by role. A record the user may not see answers 404, exactly as one
that does not exist; a page whose action the role may not take answers 403."""

import re
import uuid
from datetime import date

import pytest
from django.urls import reverse

from opencsc import permissions
from opencsc.accounts.models import Role, Team
from opencsc.people.models import Person, Relationship
from opencsc.permissions import Action
from tests.core.html import navigation_links
from tests.factories import (
    AllocationFactory,
    PersonFactory,
    RelationshipFactory,
    TeamFactory,
    UserFactory,
)

ASSESSMENT, ELSEWHERE, MASH = "assessment", "elsewhere", "mash"


@pytest.fixture
def teams(db) -> dict[str, Team]:
    return {
        ASSESSMENT: TeamFactory(name="Assessment team 1", kind=Team.Kind.ASSESSMENT),
        ELSEWHERE: TeamFactory(name="Children in care 1", kind=Team.Kind.CHILDREN_IN_CARE),
        MASH: TeamFactory(name="MASH", kind=Team.Kind.MASH),
    }


@pytest.fixture
def user_with_role(make_user, teams):
    """A user of `role`: MASH practitioners in the MASH, other case holders in the assessment
    team, everyone else in no team."""

    def make(role: Role):
        if role == Role.MASH_PRACTITIONER:
            return make_user(role, team=teams[MASH])
        if role in {Role.SOCIAL_WORKER, Role.ADVANCED_PRACTITIONER, Role.TEAM_MANAGER}:
            return make_user(role, team=teams[ASSESSMENT])
        return make_user(role)

    return make


def _child_in(situation: str, teams: dict[str, Team], *, user, last_name: str = "Okonkwo"):
    """A child in one of the situations the matrix covers, seen from the assessment team."""
    named = {"child__first_name": "Ada", "child__last_name": last_name}
    if situation == "allocated to the assessment team":
        return AllocationFactory(team=teams[ASSESSMENT], **named).child
    if situation == "allocated to another team":
        return AllocationFactory(team=teams[ELSEWHERE], **named).child
    if situation == "unallocated, recorded by the assessment team":
        return PersonFactory(
            recording_team=teams[ASSESSMENT], first_name="Ada", last_name=last_name
        )
    if situation == "unallocated, recorded by another team":
        return PersonFactory(recording_team=teams[ELSEWHERE], first_name="Ada", last_name=last_name)
    child = AllocationFactory(team=teams[ASSESSMENT], child__is_restricted=True, **named).child
    if situation == "restricted, naming someone else":
        child.named_staff.add(UserFactory(role=Role.SOCIAL_WORKER, team=teams[ASSESSMENT]))
    else:  # "restricted, naming the user"
        child.named_staff.add(user)
    return child


SITUATIONS = [
    "allocated to the assessment team",
    "allocated to another team",
    "unallocated, recorded by the assessment team",
    "unallocated, recorded by another team",
    "restricted, naming someone else",
    "restricted, naming the user",
]
# The child's record page, by role (rows) and situation (columns, in the order of SITUATIONS).
CHILD_RECORD = {
    Role.MASH_PRACTITIONER: (404, 404, 200, 200, 404, 200),
    Role.SOCIAL_WORKER: (200, 404, 200, 404, 404, 200),
    Role.ADVANCED_PRACTITIONER: (200, 404, 200, 404, 404, 200),
    Role.TEAM_MANAGER: (200, 404, 200, 404, 404, 200),
    Role.HEAD_OF_SERVICE: (200, 200, 200, 200, 404, 200),
    Role.QUALITY_ASSURANCE: (200, 200, 200, 200, 404, 200),
    Role.PERFORMANCE_ANALYST: (200, 200, 200, 200, 404, 200),
    Role.PARTNER_AGENCY: (404, 404, 404, 404, 404, 404),
    Role.ADMINISTRATOR: (404, 404, 404, 404, 404, 404),
    Role.BUSINESS_SUPPORT: (404, 404, 404, 404, 404, 404),
    Role.RETURN_INTERVIEW_OFFICER: (404, 404, 404, 404, 404, 404),
}


@pytest.mark.parametrize(
    ("role", "situation", "status"),
    [
        pytest.param(role, situation, status, id=f"{role.value}: {situation}")
        for role, statuses in CHILD_RECORD.items()
        for situation, status in zip(SITUATIONS, statuses, strict=True)
    ],
)
def test_the_childs_record_opens_only_for_those_who_need_to_know(
    client, user_with_role, teams, role, situation, status
):
    user = user_with_role(role)
    child = _child_in(situation, teams, user=user)
    client.force_login(user)

    response = client.get(reverse("record:child", args=[child.pk]))

    assert response.status_code == status


def test_a_refused_record_and_a_missing_one_look_the_same(client, user_with_role, teams):
    worker = user_with_role(Role.SOCIAL_WORKER)
    elsewhere = _child_in("allocated to another team", teams, user=worker)
    missing_pk = Person.objects.order_by("-pk").values_list("pk", flat=True).first() + 100
    client.force_login(worker)

    refused = client.get(reverse("record:child", args=[elsewhere.pk]))
    missing = client.get(reverse("record:child", args=[missing_pk]))

    assert refused.status_code == missing.status_code == 404
    assert _without_csrf_tokens(refused.content) == _without_csrf_tokens(missing.content)


def _without_csrf_tokens(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def test_a_child_moved_to_another_team_closes_to_the_team_that_held_it(
    client, user_with_role, teams
):
    worker = user_with_role(Role.SOCIAL_WORKER)
    allocation = AllocationFactory(team=teams[ASSESSMENT], started_on=date(2026, 1, 5))
    allocation.ended_on = date(2026, 3, 2)
    allocation.save()
    AllocationFactory(child=allocation.child, team=teams[ELSEWHERE], started_on=date(2026, 3, 2))
    client.force_login(worker)

    response = client.get(reverse("record:child", args=[allocation.child.pk]))

    assert response.status_code == 404


def test_a_closed_team_no_longer_opens_its_childrens_records(client, user_with_role, teams):
    worker = user_with_role(Role.SOCIAL_WORKER)
    child = _child_in("allocated to the assessment team", teams, user=worker)
    Team.objects.filter(pk=teams[ASSESSMENT].pk).update(is_active=False)
    client.force_login(worker)

    response = client.get(reverse("record:child", args=[child.pk]))

    assert response.status_code == 404


def test_a_deactivated_account_sees_no_child(user_with_role, teams):
    worker = user_with_role(Role.SOCIAL_WORKER)
    _child_in("allocated to the assessment team", teams, user=worker)
    worker.is_active = False

    assert list(permissions.visible_people(worker)) == []


def test_an_adult_is_seen_through_the_child_they_are_related_to(client, user_with_role, teams):
    worker = user_with_role(Role.SOCIAL_WORKER)
    mine = _child_in("allocated to the assessment team", teams, user=worker)
    theirs = _child_in("allocated to another team", teams, user=worker)
    my_childs_mother = RelationshipFactory(to_person=mine).from_person
    their_childs_mother = RelationshipFactory(to_person=theirs).from_person
    client.force_login(worker)

    statuses = [
        client.get(reverse("record:child", args=[adult.pk])).status_code
        for adult in (my_childs_mother, their_childs_mother)
    ]

    assert statuses == [200, 404]


# Pages, opened for a child every reading role may see: unallocated, recorded by the assessment
# team. Columns in the order of PAGES.
PAGES = [
    "record:child",
    "people:search",
    "people:relative-find",
    "people:relative-create",
    "people:person-merge",
    "casework:restrict",
    "people:person-create",
    "audit:access-log",
    "accounts:staff-list",
    "accounts:staff-create",
    "accounts:staff-edit",
    "accounts:team-create",
]
PAGE_STATUS = {
    Role.MASH_PRACTITIONER: (200, 200, 200, 200, 200, 403, 200, 403, 403, 403, 403, 403),
    Role.SOCIAL_WORKER: (200, 200, 200, 200, 403, 403, 200, 403, 403, 403, 403, 403),
    Role.ADVANCED_PRACTITIONER: (200, 200, 200, 200, 403, 403, 200, 403, 403, 403, 403, 403),
    # The assessment team's manager does not hold an unallocated child: the MASH's managers do.
    Role.TEAM_MANAGER: (200, 200, 200, 200, 200, 404, 200, 403, 403, 403, 403, 403),
    Role.HEAD_OF_SERVICE: (200, 200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 403),
    Role.QUALITY_ASSURANCE: (200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    Role.PERFORMANCE_ANALYST: (200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    Role.PARTNER_AGENCY: (404, 403, 404, 404, 404, 403, 403, 403, 403, 403, 403, 403),
    Role.ADMINISTRATOR: (404, 403, 404, 404, 404, 403, 403, 200, 200, 200, 200, 200),
}


def _page_url(page: str, *, child: Person, colleague) -> str:
    if page == "people:search":
        return f"{reverse(page)}?name={child.first_name}+{child.last_name}"
    if page in ("record:child", "casework:restrict") or (
        page.startswith("people:") and page != "people:person-create"
    ):
        return reverse(page, args=[child.pk])
    if page == "accounts:staff-edit":
        return reverse(page, args=[colleague.pk])
    return reverse(page)


@pytest.mark.parametrize(
    ("role", "page", "status"),
    [
        pytest.param(role, page, status, id=f"{role.value}: {page}")
        for role, statuses in PAGE_STATUS.items()
        for page, status in zip(PAGES, statuses, strict=True)
    ],
)
def test_each_role_opens_only_the_pages_it_can_use(
    client, user_with_role, teams, role, page, status
):
    user = user_with_role(role)
    child = _child_in("unallocated, recorded by the assessment team", teams, user=user)
    colleague = user_with_role(Role.SOCIAL_WORKER)
    client.force_login(user)

    response = client.get(_page_url(page, child=child, colleague=colleague))

    assert response.status_code == status


@pytest.mark.parametrize("role", [Role.QUALITY_ASSURANCE, Role.PERFORMANCE_ANALYST])
def test_reading_roles_cannot_add_a_new_family_member(client, user_with_role, teams, role):
    user = user_with_role(role)
    child = _child_in("allocated to the assessment team", teams, user=user)
    client.force_login(user)
    people_before = Person.objects.count()

    response = client.post(
        reverse("people:relative-create", args=[child.pk]),
        {
            "submission_key": str(uuid.uuid4()),
            "relationship": "parent",
            "is_child": "adult",
            "last_name": "Okonkwo",
            "sex": "F",
            "ethnicity": "BAFR",
        },
    )

    assert response.status_code == 403
    assert Person.objects.count() == people_before


@pytest.mark.parametrize("role", [Role.QUALITY_ASSURANCE, Role.PERFORMANCE_ANALYST])
def test_reading_roles_cannot_link_an_existing_relative(client, user_with_role, teams, role):
    user = user_with_role(role)
    child = _child_in("allocated to the assessment team", teams, user=user)
    adult = PersonFactory(adult=True)
    client.force_login(user)

    response = client.post(
        reverse("people:relative-link", args=[child.pk]),
        {"submission_key": str(uuid.uuid4()), "relative": adult.pk, "relationship": "parent"},
    )

    assert response.status_code == 403
    assert Relationship.objects.count() == 0


def test_a_social_worker_cannot_merge_records_by_posting_the_form(client, user_with_role, teams):
    worker = user_with_role(Role.SOCIAL_WORKER)
    survivor = _child_in("allocated to the assessment team", teams, user=worker)
    duplicate = PersonFactory(nhs_number="", recording_team=teams[ASSESSMENT])
    client.force_login(worker)

    response = client.post(
        reverse("people:person-merge", args=[survivor.pk]),
        {"submission_key": str(uuid.uuid4()), "duplicate": duplicate.pk, "reason": "Same child"},
    )

    duplicate.refresh_from_db()
    assert response.status_code == 403
    assert duplicate.merged_into is None


@pytest.mark.parametrize(
    "role",
    [
        Role.MASH_PRACTITIONER,
        Role.SOCIAL_WORKER,
        Role.ADVANCED_PRACTITIONER,
        Role.TEAM_MANAGER,
        Role.HEAD_OF_SERVICE,
        Role.QUALITY_ASSURANCE,
        Role.PERFORMANCE_ANALYST,
    ],
)
def test_search_lists_every_record_and_links_exactly_those_the_page_would_open(
    client, user_with_role, teams, role
):
    """Issue 12: staff find every matching child and adult (a restricted one only when it names
    them); the name links to the record only when the record page would open."""
    user = user_with_role(role)
    children = [_child_in(situation, teams, user=user) for situation in SITUATIONS]
    adults = [
        RelationshipFactory(
            to_person=child, from_person__first_name="Ada", from_person__last_name="Okonkwo"
        ).from_person
        for child in children[:2]
    ]
    client.force_login(user)

    response = client.get(reverse("people:search"), {"name": "Ada Okonkwo"})
    everyone = [*children, *adults]
    opens = {
        person
        for person in everyone
        if client.get(reverse("record:child", args=[person.pk])).status_code == 200
    }

    rows = response.context["rows"]
    findable = {p for p in everyone if not p.is_restricted or user in p.named_staff.all()}
    assert {row.person for row in rows} == findable
    assert {row.person for row in rows if row.may_open} == opens


def test_a_social_worker_finds_another_teams_child_without_a_link(client, user_with_role, teams):
    worker = user_with_role(Role.SOCIAL_WORKER)
    child = _child_in("allocated to another team", teams, user=worker, last_name="Zielinska")
    client.force_login(worker)

    response = client.get(reverse("people:search"), {"name": "Ada Zielinska"})

    html = response.content.decode()
    assert [row.person for row in response.context["rows"]] == [child]
    assert reverse("record:child", args=[child.pk]) not in html
    assert "To open this record, ask" in html


TRAY = ("Your tray (0)", "/tray/")
CASE_HOLDING = [("Home", "/"), TRAY, ("Your cases", "/caseload/"), ("Find a person", "/people/")]
TRACKING = ("Missing tracking", "/missing/tracking/")
REPORT = ("Missing report", "/missing/report/")
MANAGING = [
    ("Home", "/"),
    TRAY,
    TRACKING,
    REPORT,
    ("Your cases", "/caseload/"),
    ("Team caseloads", "/caseloads/"),
    ("Alerts", "/alerts/"),
    ("Team tray", "/team-tray/"),
    ("Find a person", "/people/"),
    ("Likely duplicates", "/people/duplicates/"),
]
FRONT_DOOR = [
    ("Home", "/"),
    TRAY,
    ("MASH", "/front-door/"),
    ("Missing children", "/missing/mash/"),
    TRACKING,
    ("Find a person", "/people/"),
]


def _reading(missing_page: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        ("Home", "/"),
        ("MASH", "/front-door/"),
        missing_page,
        ("Team caseloads", "/caseloads/"),
        ("Find a person", "/people/"),
    ]


AUTHORISING = [
    ("Home", "/"),
    TRAY,
    ("MASH", "/front-door/"),
    ("Decisions to authorise", "/decisions/"),
    ("Missing children", "/missing/mash/"),
    TRACKING,
    REPORT,
    ("Team caseloads", "/caseloads/"),
    ("Alerts", "/alerts/"),
    ("Team tray", "/team-tray/"),
    ("Find a person", "/people/"),
    ("Likely duplicates", "/people/duplicates/"),
]
# The partner in these tests is the police: it reports children missing (issue 14).
PARTNER = [
    ("Home", "/"),
    ("Your contacts and checks", "/partner/"),
    ("Children you reported missing", "/missing/police/"),
]
ADMINISTERING = [
    ("Home", "/"),
    ("Access log", "/audit/access-log/"),
    ("Staff and teams", "/staff/"),
]
NAVIGATION = {
    Role.MASH_PRACTITIONER: FRONT_DOOR,
    Role.SOCIAL_WORKER: CASE_HOLDING,
    Role.ADVANCED_PRACTITIONER: CASE_HOLDING,
    Role.TEAM_MANAGER: MANAGING,  # outside the MASH
    Role.HEAD_OF_SERVICE: AUTHORISING,
    Role.QUALITY_ASSURANCE: _reading(TRACKING),
    Role.PERFORMANCE_ANALYST: _reading(REPORT),
    Role.PARTNER_AGENCY: PARTNER,
    Role.ADMINISTRATOR: ADMINISTERING,
    Role.BUSINESS_SUPPORT: [
        ("Home", "/"),
        ("Find a person", "/people/"),
        ("Likely duplicates", "/people/duplicates/"),
    ],
    Role.RETURN_INTERVIEW_OFFICER: [
        ("Home", "/"),
        ("Return home interviews", "/missing/interviews/"),
    ],
}


@pytest.mark.parametrize(("role", "links"), list(NAVIGATION.items()))
def test_the_navigation_shows_each_role_only_what_it_can_use(client, user_with_role, role, links):
    client.force_login(user_with_role(role))

    response = client.get(reverse("record:home"))

    assert navigation_links(response.content) == links


@pytest.mark.parametrize("role", list(Role))
def test_every_navigation_link_opens(client, user_with_role, role):
    client.force_login(user_with_role(role))
    links = navigation_links(client.get(reverse("record:home")).content)

    statuses = {address: client.get(address).status_code for _, address in links}

    assert set(statuses.values()) == {200}


def test_the_sign_in_page_shows_no_navigation(client, db):
    response = client.get(reverse("accounts:login"))

    assert navigation_links(response.content) == []


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.TEAM_MANAGER, True),
        (Role.HEAD_OF_SERVICE, True),
        (Role.SOCIAL_WORKER, False),
        (Role.QUALITY_ASSURANCE, False),
    ],
)
def test_only_managers_may_restrict_a_record_they_can_see(user_with_role, teams, role, expected):
    user = user_with_role(role)
    child = _child_in("allocated to the assessment team", teams, user=user)

    assert permissions.can(user, Action.RESTRICT_RECORD, child) is expected


def test_a_closed_case_stays_readable_by_the_teams_that_held_it(client, user_with_role, teams):
    from datetime import date

    worker = user_with_role(Role.SOCIAL_WORKER)
    closed = AllocationFactory(
        team=teams[ASSESSMENT], started_on=date(2026, 1, 5), ended_on=date(2026, 3, 2)
    ).child
    elsewhere = AllocationFactory(
        team=teams[ELSEWHERE], started_on=date(2026, 1, 5), ended_on=date(2026, 3, 2)
    ).child
    now_held_elsewhere = AllocationFactory(
        team=teams[ASSESSMENT], started_on=date(2026, 1, 5), ended_on=date(2026, 3, 2)
    ).child
    AllocationFactory(child=now_held_elsewhere, team=teams[ELSEWHERE], started_on=date(2026, 3, 2))

    visible = set(permissions.visible_children(worker))

    assert closed in visible
    assert permissions.can_see(worker, closed)
    assert elsewhere not in visible
    assert not permissions.can_see(worker, elsewhere)
    assert now_held_elsewhere not in visible
    assert not permissions.can_see(worker, now_held_elsewhere)


@pytest.mark.parametrize(
    "role", [Role.MASH_PRACTITIONER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE]
)
def test_a_page_of_people_is_checked_as_the_whole_rule_would(user_with_role, teams, role):
    """`openable_among` (the search page's per-page check) agrees with `visible_people` for
    children in every situation and adults related either way, recorded by the team, or
    restricted (named or not)."""
    user = user_with_role(role)
    children = [_child_in(situation, teams, user=user) for situation in SITUATIONS]
    parents = [RelationshipFactory(to_person=child).from_person for child in children]
    grown_children = [RelationshipFactory(from_person=child).to_person for child in children[:2]]
    Person.objects.filter(pk__in=[p.pk for p in [*parents, *grown_children]]).update(
        kind=Person.Kind.ADULT
    )
    recorded = PersonFactory(kind=Person.Kind.ADULT, recording_team=teams[ASSESSMENT])
    restricted = RelationshipFactory(to_person=children[0], from_person__is_restricted=True)
    restricted.from_person.kind = Person.Kind.ADULT
    restricted.from_person.save()
    named = RelationshipFactory(to_person=children[1], from_person__is_restricted=True).from_person
    Person.objects.filter(pk=named.pk).update(kind=Person.Kind.ADULT)
    named.named_staff.add(user)
    page = [p.pk for p in [*children, *parents, *grown_children, recorded, named]]
    page.append(restricted.from_person.pk)

    expected = set(
        permissions.visible_people(user).filter(pk__in=page).values_list("pk", flat=True)
    )

    assert permissions.openable_among(user, page) == expected
    assert expected  # every role here opens someone on the page
