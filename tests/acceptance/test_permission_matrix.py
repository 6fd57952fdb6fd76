"""Who may open which page: role by page, including another team's worker, a partner agency and a
restricted record. A record you may not see answers 404, the same as one that does not exist."""

import re
from datetime import date, timedelta
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from opencsc.accounts.models import Role, Team
from opencsc.audit.models import AccessLog
from opencsc.casework import services as casework
from opencsc.frontdoor.models import Contact, ContactNotification
from opencsc.timescales import rules
from opencsc.timescales.services import open_due_item
from tests.factories import (
    AgencyFactory,
    AllocationFactory,
    ContactChildFactory,
    PersonFactory,
    RelationshipFactory,
    TeamFactory,
)

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
        Role.RETURN_INTERVIEW_OFFICER,
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
    Role.RETURN_INTERVIEW_OFFICER: 404,  # the interview only, never the record
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
    "notes:oversight": {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE},
    # Issue 12: your own tray, and your teams' tray for a manager.
    "workforce:tray": {
        Role.MASH_PRACTITIONER,
        Role.SOCIAL_WORKER,
        Role.ADVANCED_PRACTITIONER,
        Role.TEAM_MANAGER,
        Role.HEAD_OF_SERVICE,
    },
    "workforce:team-tray": {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE},
}


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("page", list(PAGES))
def test_pages_by_role(client, make_user, teams, page, role):
    client.force_login(_user_for(make_user, role, teams))

    response = client.get(reverse(page))

    assert response.status_code == (200 if role in PAGES[page] else 403)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_marking_a_notice_read_by_role(client, make_user, teams, allocated_child, role):
    """Only the notice's owner marks it read: the owner in a role with a tray; anyone else's
    notice answers 404, as if it did not exist."""
    user = _user_for(make_user, role, teams)
    own = open_due_item(
        rules.NEW_ALLOCATION,
        child=allocated_child,
        record=allocated_child,
        start=date(2026, 1, 5),
        owner=user,
    )
    someone_else = make_user(Role.SOCIAL_WORKER, team=teams["assessment"])
    theirs = open_due_item(
        rules.NOTE_TO_READ,
        child=allocated_child,
        record=allocated_child,
        start=date(2026, 1, 5),
        owner=someone_else,
    )
    client.force_login(user)

    mine = client.post(reverse("workforce:mark-read", args=[own.pk]), {"submission_key": uuid4()})
    other = client.post(
        reverse("workforce:mark-read", args=[theirs.pk]), {"submission_key": uuid4()}
    )

    allowed = role in PAGES["workforce:tray"]
    assert mine.status_code == (302 if allowed else 403)
    assert other.status_code == (404 if allowed else 403)


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
    # A person's details and address: those who work the case (issue 12).
    "casework:person-details": {
        Role.SOCIAL_WORKER,
        Role.ADVANCED_PRACTITIONER,
        Role.TEAM_MANAGER,
        Role.HEAD_OF_SERVICE,
    },
    "people:person-move": {
        Role.SOCIAL_WORKER,
        Role.ADVANCED_PRACTITIONER,
        Role.TEAM_MANAGER,
        Role.HEAD_OF_SERVICE,
    },
    "casework:restrict": {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE},
    "notes:new": {
        Role.SOCIAL_WORKER,
        Role.ADVANCED_PRACTITIONER,
        Role.TEAM_MANAGER,
        Role.HEAD_OF_SERVICE,
    },
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


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_history_of_a_childs_details_opens_for_whoever_opens_the_record(
    client, make_user, teams, allocated_child, role
):
    client.force_login(_user_for(make_user, role, teams))

    response = client.get(reverse("people:person-history", args=[allocated_child.pk]))

    assert response.status_code == CHILD_RECORD[role]


@pytest.mark.parametrize(
    ("page", "team", "status"),
    [
        ("casework:person-details", "assessment", 200),
        ("casework:person-details", "other", 404),
        ("people:person-move", "assessment", 200),
        ("people:person-move", "other", 404),
    ],
)
def test_a_worker_changes_the_details_of_a_parent_of_a_child_they_hold(
    client, make_user, teams, allocated_child, page, team, status
):
    parent = RelationshipFactory(to_person=allocated_child).from_person
    client.force_login(make_user(Role.SOCIAL_WORKER, team=teams[team]))

    response = client.get(reverse(page, args=[parent.pk]))

    assert response.status_code == status


def test_search_never_links_a_child_the_record_page_would_refuse(client, make_user, teams):
    """Issue 12: another team's child is found (so nobody makes a duplicate) but not linked."""
    named = {"first_name": "Ada", "last_name": "Okonkwo"}
    mine = AllocationFactory(team=teams["assessment"], child=PersonFactory(**named)).child
    theirs = AllocationFactory(team=teams["other"], child=PersonFactory(**named)).child
    client.force_login(make_user(Role.SOCIAL_WORKER, team=teams["assessment"]))

    response = client.get(reverse("people:search"), {"name": "Ada Okonkwo"})

    rows = {row.person: row.may_open for row in response.context["rows"]}
    assert rows == {mine: True, theirs: False}
    html = response.content.decode()
    assert reverse("record:child", args=[mine.pk]) in html
    assert reverse("record:child", args=[theirs.pk]) not in html


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
        (Role.SOCIAL_WORKER, ["Home", "Your tray (0)", "Your cases", "Find a person"]),
        (Role.ADMINISTRATOR, ["Home", "Access log", "Staff and teams"]),
        # The demo's partner is the police: it reports children missing (issue 14).
        (
            Role.PARTNER_AGENCY,
            ["Home", "Your contacts and checks", "Children you reported missing"],
        ),
        (
            Role.PERFORMANCE_ANALYST,
            ["Home", "MASH", "Missing report", "Team caseloads", "Find a person"],
        ),
    ],
)
def test_navigation_shows_each_role_only_what_it_can_use(client, make_user, teams, role, expected):
    client.force_login(_user_for(make_user, role, teams))

    response = client.get(reverse("record:home"))

    assert [item["label"] for item in response.context["navigation"]] == expected


# Case notes (issue 12): a note's pages for each role, when the note is about a child of the
# user's team; a note about several children where the reader may see only one of them.


def _final_note(children, author):
    from opencsc.notes import services as notes
    from tests.notes.conftest import details

    return notes.record_note(children=children, details=details(), finalise=True, by=author)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_case_note_pages_by_role(client, make_user, teams, allocated_child, role):
    author = make_user(Role.SOCIAL_WORKER, team=teams["assessment"])
    note = _final_note([allocated_child], author)
    client.force_login(_user_for(make_user, role, teams))
    sees = CHILD_RECORD[role] == 200

    assert client.get(reverse("notes:child-notes", args=[allocated_child.pk])).status_code == (
        200 if sees else 404
    )
    assert client.get(reverse("notes:note", args=[note.pk])).status_code == (200 if sees else 404)
    # A correction: the author, or a manager of the case; others who see the note are refused.
    corrects = role in {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE}
    expected = 200 if corrects else (403 if sees else 404)
    assert client.get(reverse("notes:correct", args=[note.pk])).status_code == expected


def test_a_draft_opens_for_its_author_alone(client, make_user, teams, allocated_child):
    from opencsc.notes import services as notes
    from tests.notes.conftest import details

    author = make_user(Role.SOCIAL_WORKER, team=teams["assessment"])
    draft = notes.record_note(children=[allocated_child], details=details(), by=author)
    client.force_login(author)
    assert client.get(reverse("notes:edit", args=[draft.pk])).status_code == 200
    client.force_login(make_user(Role.TEAM_MANAGER, team=teams["assessment"]))
    assert client.get(reverse("notes:note", args=[draft.pk])).status_code == 404
    assert client.get(reverse("notes:edit", args=[draft.pk])).status_code == 404


def test_a_note_about_several_children_where_the_reader_may_see_only_one(
    client, make_user, teams, allocated_child
):
    """docs/permissions.md, "Case notes about several children": the note shows on the children
    the reader may open, a sibling they may not open named without a link, and the access log has
    a row for the children they may open only; a reader who may open none of them gets 404; a note
    also about a restricted child whose record does not name the reader is held back whole."""
    theirs = AllocationFactory(
        team=teams["other"], child=PersonFactory(first_name="Zainab", last_name="Quist")
    ).child
    hidden = AllocationFactory(
        team=teams["other"],
        child=PersonFactory(first_name="Xanthe", last_name="Quist", is_restricted=True),
    ).child
    head = make_user(Role.HEAD_OF_SERVICE)
    hidden.named_staff.add(head)
    note = _final_note([allocated_child, theirs], head)
    held = _final_note([allocated_child, hidden], head)
    reader = make_user(Role.SOCIAL_WORKER, team=teams["assessment"])
    client.force_login(reader)

    page = client.get(reverse("notes:note", args=[note.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Zainab Quist" in body
    assert reverse("record:child", args=[theirs.pk]) not in body
    logged = set(
        AccessLog.objects.filter(user=reader, action="notes.view").values_list("child", flat=True)
    )
    assert logged == {allocated_child.pk}
    assert client.get(reverse("notes:note", args=[held.pk])).status_code == 404
    record = client.get(reverse("record:chronology", args=[allocated_child.pk])).content.decode()
    assert note.get_absolute_url() in record
    assert held.get_absolute_url() not in record
    assert "Xanthe" not in record
    listed = client.get(reverse("notes:child-notes", args=[allocated_child.pk])).content.decode()
    assert note.get_absolute_url() in listed
    assert held.get_absolute_url() not in listed
    # The other team's worker sees the first note (on their child); a stranger gets 404.
    client.force_login(make_user(Role.SOCIAL_WORKER, team=teams["other"]))
    assert client.get(reverse("notes:note", args=[note.pk])).status_code == 200
    client.force_login(make_user(Role.SOCIAL_WORKER, team=TeamFactory(name="Elsewhere")))
    assert client.get(reverse("notes:note", args=[note.pk])).status_code == 404


# A directed action's pages: recording it done (anyone who may read the episode sees it; the
# service lets its assignee or the holding team record it) and reassigning or withdrawing it (the
# holding team's managers and heads of service only).
DIRECTED_ACTION_PAGES = {
    "casework:action-done": {
        Role.MASH_PRACTITIONER: 404,
        Role.SOCIAL_WORKER: 200,
        Role.ADVANCED_PRACTITIONER: 200,
        Role.TEAM_MANAGER: 200,
        Role.HEAD_OF_SERVICE: 200,
        Role.QUALITY_ASSURANCE: 200,
        Role.PERFORMANCE_ANALYST: 200,
        Role.PARTNER_AGENCY: 404,
        Role.ADMINISTRATOR: 404,
        Role.BUSINESS_SUPPORT: 404,
        Role.RETURN_INTERVIEW_OFFICER: 404,
    },
    "casework:action-change": {
        Role.MASH_PRACTITIONER: 404,
        Role.SOCIAL_WORKER: 403,
        Role.ADVANCED_PRACTITIONER: 403,
        Role.TEAM_MANAGER: 200,
        Role.HEAD_OF_SERVICE: 200,
        Role.QUALITY_ASSURANCE: 403,
        Role.PERFORMANCE_ANALYST: 403,
        Role.PARTNER_AGENCY: 404,
        Role.ADMINISTRATOR: 404,
        Role.BUSINESS_SUPPORT: 404,
        Role.RETURN_INTERVIEW_OFFICER: 404,
    },
}


# The warnings pages (issue 12, part 4), for a child allocated to the user's own team: those who
# read the child see the warnings; those working the case (with their managers) set, review and
# end them; the readers of every child only read.
WARNINGS_LIST = {**CHILD_RECORD}
WARNING_WRITE = {
    **CHILD_RECORD,
    Role.QUALITY_ASSURANCE: 404,
    Role.PERFORMANCE_ANALYST: 404,
}


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
    Role.RETURN_INTERVIEW_OFFICER: 403,
}


@pytest.fixture
def directed_action(teams, make_user):
    from datetime import date

    from opencsc.casework.models import DirectionAction
    from tests.factories import ReferralFactory

    allocation = AllocationFactory(team=teams["assessment"])
    allocation.referral = ReferralFactory(child=allocation.child, referred_on=date(2026, 5, 1))
    allocation.save()
    return DirectionAction.objects.create(
        allocation=allocation,
        action="See the child at home",
        assignee=make_user(Role.SOCIAL_WORKER, team=teams["assessment"]),
        due_on=date(2026, 6, 5),
    )


@pytest.mark.parametrize(
    ("page", "role"), [(page, role) for page in DIRECTED_ACTION_PAGES for role in ALL_ROLES]
)
def test_a_directed_actions_pages_by_role(client, make_user, teams, directed_action, page, role):
    client.force_login(_user_for(make_user, role, teams))

    response = client.get(reverse(page, args=[directed_action.pk]))

    assert response.status_code == DIRECTED_ACTION_PAGES[page][role]


@pytest.mark.parametrize("page", sorted(DIRECTED_ACTION_PAGES))
@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.TEAM_MANAGER])
def test_another_teams_staff_get_404_for_a_directed_action(
    client, make_user, teams, directed_action, page, role
):
    client.force_login(_user_for(make_user, role, teams, team_key="other"))

    assert client.get(reverse(page, args=[directed_action.pk])).status_code == 404


# Issue 12: the contact-grants-access rule. A child whose case the "other" team holds is on a
# contact: who may open the child's record while the contact is open, and once it is decided.
WHILE_CONTACT_OPEN = {
    Role.MASH_PRACTITIONER: 200,  # works the contact
    Role.TEAM_MANAGER: 200,  # a manager in the MASH, deciding it
    Role.SOCIAL_WORKER: 404,  # another team's worker: need to know is unchanged
    Role.HEAD_OF_SERVICE: 200,  # reads every record anyway
    Role.PARTNER_AGENCY: 404,
    Role.ADMINISTRATOR: 404,
}


def _front_door_user(make_user, role, teams):
    if role in {Role.MASH_PRACTITIONER, Role.TEAM_MANAGER}:
        return make_user(role, team=teams["mash"])
    return _user_for(make_user, role, teams)


@pytest.mark.parametrize("role", list(WHILE_CONTACT_OPEN))
def test_an_open_contact_opens_the_childs_record_for_the_mash_only(client, make_user, teams, role):
    child = AllocationFactory(team=teams["other"]).child
    contact = ContactChildFactory(child=child, contact__team=teams["mash"]).contact
    client.force_login(_front_door_user(make_user, role, teams))

    while_open = client.get(reverse("record:child", args=[child.pk])).status_code
    contact.status, contact.decided_on = Contact.Status.DECIDED, contact.received_at.date()
    contact.save()
    once_decided = client.get(reverse("record:child", args=[child.pk])).status_code

    assert while_open == WHILE_CONTACT_OPEN[role]
    assert once_decided == (200 if role == Role.HEAD_OF_SERVICE else 404)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_recording_who_was_told_is_for_the_front_door(client, make_user, teams, role):
    child = AllocationFactory(team=teams["other"]).child
    contact = ContactChildFactory(child=child, contact__team=teams["mash"]).contact
    client.force_login(_front_door_user(make_user, role, teams))

    response = client.get(reverse("frontdoor:contact-told", args=[contact.pk]))

    works_front_door = role in {Role.MASH_PRACTITIONER, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE}
    assert response.status_code == (200 if works_front_door else 403)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_person_told_marks_a_new_contact_read(client, make_user, teams, role):
    worker = make_user(Role.SOCIAL_WORKER, team=teams["other"])
    child = AllocationFactory(team=teams["other"], worker=worker).child
    contact = ContactChildFactory(child=child, contact__team=teams["mash"]).contact
    notice = ContactNotification.objects.create(
        contact=contact,
        child=child,
        told=worker,
        method="in_app",
        told_at=contact.received_at,
        recorded_by=contact.recorded_by,
    )
    client.force_login(_front_door_user(make_user, role, teams))

    response = client.post(reverse("frontdoor:notice-read", args=[notice.pk]))
    client.force_login(worker)
    told = client.post(reverse("frontdoor:notice-read", args=[notice.pk]))

    assert response.status_code == 404
    assert told.status_code == 302


@pytest.fixture
def warned_child(allocated_child, make_user, teams):
    casework.set_warning(
        person=allocated_child,
        kind="risk_to_staff",
        details="Visit in pairs.",
        review_on=timezone.localdate() + timedelta(days=30),
        by=make_user(Role.SOCIAL_WORKER, team=teams["assessment"]),
    )
    return allocated_child


@pytest.mark.parametrize("role", ALL_ROLES)
def test_warnings_pages_by_role(client, make_user, teams, warned_child, role):
    warning = warned_child.warnings.get()
    client.force_login(_user_for(make_user, role, teams))

    statuses = {
        "list": client.get(reverse("record:warnings", args=[warned_child.pk])).status_code,
        "set": client.get(reverse("record:warning-set", args=[warned_child.pk])).status_code,
        "review": client.get(reverse("record:warning-review", args=[warning.pk])).status_code,
        "end": client.get(reverse("record:warning-end", args=[warning.pk])).status_code,
    }

    assert statuses == {
        "list": WARNINGS_LIST[role],
        "set": WARNING_WRITE[role],
        "review": WARNING_WRITE[role],
        "end": WARNING_WRITE[role],
    }


@pytest.mark.parametrize(
    "role", [Role.SOCIAL_WORKER, Role.ADVANCED_PRACTITIONER, Role.TEAM_MANAGER]
)
def test_another_teams_worker_gets_404_for_the_warnings(
    client, make_user, teams, warned_child, role
):
    warning = warned_child.warnings.get()
    client.force_login(_user_for(make_user, role, teams, team_key="other"))

    for url in (
        reverse("record:warnings", args=[warned_child.pk]),
        reverse("record:warning-set", args=[warned_child.pk]),
        reverse("record:warning-review", args=[warning.pk]),
        reverse("record:warning-end", args=[warning.pk]),
    ):
        assert client.get(url).status_code == 404, url


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


# Missing episodes (issue 14, part 1): each page by role, for an episode a worker of the
# assessment team recorded on the team's child and one the police reported (not matched yet).
CASE_HOLDERS = {Role.SOCIAL_WORKER, Role.ADVANCED_PRACTITIONER, Role.TEAM_MANAGER}
STAFF_RECORDERS = CASE_HOLDERS | {Role.MASH_PRACTITIONER, Role.HEAD_OF_SERVICE}
EPISODE_READERS = STAFF_RECORDERS | {Role.QUALITY_ASSURANCE, Role.PERFORMANCE_ANALYST}
MISSING_PAGES: dict[str, dict[Role, int]] = {
    # Staff find the child; the police go to their own page.
    "missing:start": {**dict.fromkeys(STAFF_RECORDERS, 200), Role.PARTNER_AGENCY: 302},
    "missing:mash": dict.fromkeys({Role.MASH_PRACTITIONER, Role.HEAD_OF_SERVICE}, 200),
    "missing:police": {Role.PARTNER_AGENCY: 200},
    "missing:police-new": {Role.PARTNER_AGENCY: 200},
    # Issue 14, part 2: the return interview officer's list.
    "missing:interviews": {Role.RETURN_INTERVIEW_OFFICER: 200},
    # Issue 14, parts 4 and 6: the managers' tracking lists (scoped by whose children each
    # tracks) and the report of figures.
    "missing:tracking": dict.fromkeys(
        {
            Role.TEAM_MANAGER,
            Role.MASH_PRACTITIONER,
            Role.HEAD_OF_SERVICE,
            Role.QUALITY_ASSURANCE,
        },
        200,
    ),
    "missing:report": dict.fromkeys(
        {Role.PERFORMANCE_ANALYST, Role.HEAD_OF_SERVICE, Role.TEAM_MANAGER}, 200
    ),
    "missing:report-csv": dict.fromkeys(
        {Role.PERFORMANCE_ANALYST, Role.HEAD_OF_SERVICE, Role.TEAM_MANAGER}, 200
    ),
}


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("page", list(MISSING_PAGES))
def test_missing_pages_by_role(client, make_user, teams, page, role):
    client.force_login(_user_for(make_user, role, teams))

    response = client.get(reverse(page))

    assert response.status_code == MISSING_PAGES[page].get(role, 403)


def _missing_episodes(teams, allocated_child, make_user):
    from opencsc.missing import services as missing
    from tests.missing.conftest import details, named

    worker = make_user(Role.SOCIAL_WORKER, team=teams["assessment"])
    held = missing.record_episode(details=details(), child=allocated_child, by=worker)
    police = make_user(Role.PARTNER_AGENCY)
    reported = missing.record_episode(details=details(), named=named(), by=police)
    return held, reported


def _missing_status(role: Role, *, sees: set[Role], acts: set[Role]) -> int:
    if role in acts:
        return 200
    return 403 if role in sees else 404


@pytest.mark.parametrize("role", ALL_ROLES)
def test_missing_episode_pages_by_role(client, make_user, teams, allocated_child, role):
    held, reported = _missing_episodes(teams, allocated_child, make_user)
    client.force_login(_user_for(make_user, role, teams))

    episode = client.get(reverse("missing:episode", args=[held.pk])).status_code
    record_return = client.get(reverse("missing:return", args=[held.pk])).status_code
    new = client.get(reverse("missing:new", args=[allocated_child.pk])).status_code
    match = client.get(reverse("missing:match", args=[reported.pk])).status_code
    decide = client.get(reverse("missing:decide", args=[held.pk])).status_code

    assert episode == (200 if role in EPISODE_READERS else 404)
    # The child's missing history: whoever may open the child's record.
    history = client.get(reverse("missing:history", args=[allocated_child.pk])).status_code
    assert history == CHILD_RECORD[role]
    assert record_return == _missing_status(role, sees=EPISODE_READERS, acts=STAFF_RECORDERS)
    # A partner agency names the child on its own page; other staff who cannot see the child 404.
    expected_new = 200 if role in STAFF_RECORDERS else 403
    if role in {Role.ADMINISTRATOR, Role.BUSINESS_SUPPORT, Role.RETURN_INTERVIEW_OFFICER}:
        expected_new = 403
    if role in READ_ONLY:
        expected_new = 403
    assert new == expected_new
    front_door = {Role.MASH_PRACTITIONER, Role.HEAD_OF_SERVICE}
    assert match == (200 if role in front_door else 403)
    assert decide == (200 if role in front_door else 403)


READ_ONLY = {Role.QUALITY_ASSURANCE, Role.PERFORMANCE_ANALYST}


def test_the_police_open_their_own_episode_and_no_other(client, make_user, teams, allocated_child):
    held, reported = _missing_episodes(teams, allocated_child, make_user)
    other_police = make_user(Role.PARTNER_AGENCY, agency=AgencyFactory(name="South Police"))

    client.force_login(reported.recorded_by)
    assert client.get(reverse("missing:episode", args=[reported.pk])).status_code == 200
    assert client.get(reverse("missing:return", args=[reported.pk])).status_code == 200
    assert client.get(reverse("missing:episode", args=[held.pk])).status_code == 404
    client.force_login(other_police)
    assert client.get(reverse("missing:episode", args=[reported.pk])).status_code == 404
    assert client.get(reverse("missing:return", args=[reported.pk])).status_code == 404


# Return home interviews (issue 14, part 2): the interview pages of a returned episode of the
# assessment team's child. Readers of the episode read the interview; only the return interview
# officer offers, records and adds actions; nobody else opens them.
INTERVIEW_READERS = EPISODE_READERS | {Role.RETURN_INTERVIEW_OFFICER}
INTERVIEWERS = {Role.RETURN_INTERVIEW_OFFICER}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_interview_pages_by_role(client, make_user, teams, allocated_child, role):
    from opencsc.missing import services as missing
    from tests.missing.conftest import details

    worker = make_user(Role.SOCIAL_WORKER, team=teams["assessment"])
    episode = missing.record_episode(details=details(), child=allocated_child, by=worker)
    returned_at = timezone.now() - timedelta(hours=2)
    missing.record_return(episode=episode, returned_at=returned_at, found_where="Home", by=worker)
    client.force_login(_user_for(make_user, role, teams))

    page = client.get(reverse("missing:interview", args=[episode.pk])).status_code
    writes = [
        client.get(reverse(name, args=[episode.pk])).status_code
        for name in ("missing:interview-offer", "missing:interview-record")
    ]

    assert page == (200 if role in INTERVIEW_READERS else 404)
    expected = 200 if role in INTERVIEWERS else (403 if role in INTERVIEW_READERS else 404)
    assert writes == [expected, expected]
