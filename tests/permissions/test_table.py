"""The action table: each action's roles and scope, the scopes against real records, the four-eyes
rule, docs/permissions.md generated from it, and the package's place below casework and the front
door."""

import ast
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from opencsc import permissions
from opencsc.accounts.models import Membership, Role, Team
from opencsc.assessments.models import Assessment
from opencsc.casework.models import Closure, TeamTransfer
from opencsc.frontdoor.models import ContactDecision
from opencsc.permissions import RULES, Action, Scope
from opencsc.permissions.actions import (
    ADMINISTRATOR,
    MANAGER_ROLES,
    PANEL,
    READERS,
    RECORDING_ROLES,
)
from opencsc.permissions.doc import with_doing_table
from opencsc.protection.models import MedicalNotHeld, ProtectiveDecision
from tests.casework.factories import TeamTransferFactory
from tests.factories import (
    AgencyCheckFactory,
    AgencyFactory,
    AllocationFactory,
    MashTeamFactory,
    PersonFactory,
    ReferralFactory,
    TeamFactory,
    UserFactory,
)

PARTNER = frozenset({Role.PARTNER_AGENCY})
INTERVIEWERS = frozenset({Role.RETURN_INTERVIEW_OFFICER})
ROLE, FRONT_DOOR, WORKS, MANAGES = (
    Scope.ROLE,
    Scope.FRONT_DOOR,
    Scope.WORKS_CASE,
    Scope.MANAGES_CASE,
)

# Written out again on purpose: changing who may do what is a decision, made here and in the table.
EXPECTED = {
    Action.SEARCH_PEOPLE: [(READERS | {Role.BUSINESS_SUPPORT}, ROLE)],
    Action.VIEW_PERSON: [(READERS, ROLE)],
    Action.CREATE_PERSON: [(RECORDING_ROLES, ROLE)],
    Action.EDIT_PERSON: [(RECORDING_ROLES, WORKS)],
    Action.SET_DISABILITIES: [(RECORDING_ROLES, ROLE)],
    Action.ADD_RELATIONSHIP: [(RECORDING_ROLES, ROLE)],
    Action.MERGE_PEOPLE: [(MANAGER_ROLES | {Role.MASH_PRACTITIONER}, ROLE)],
    Action.REVIEW_DUPLICATES: [
        (frozenset({Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.BUSINESS_SUPPORT}), ROLE)
    ],
    Action.RESTRICT_RECORD: [(MANAGER_ROLES, Scope.HOLDS_RECORD)],
    Action.VIEW_WARNINGS: [(READERS, ROLE)],
    Action.SET_WARNING: [(RECORDING_ROLES, WORKS)],
    Action.REVIEW_WARNING: [(RECORDING_ROLES, WORKS)],
    Action.END_WARNING: [(RECORDING_ROLES, WORKS)],
    Action.MANAGE_STAFF: [(ADMINISTRATOR, ROLE)],
    Action.CREATE_STAFF: [(ADMINISTRATOR, ROLE)],
    Action.UPDATE_STAFF: [(ADMINISTRATOR, ROLE)],
    Action.ACTIVATE_STAFF: [(ADMINISTRATOR, ROLE)],
    Action.DEACTIVATE_STAFF: [(ADMINISTRATOR, ROLE)],
    Action.CREATE_TEAM: [(ADMINISTRATOR, ROLE)],
    Action.PROPOSE_ROLE_GRANT: [(ADMINISTRATOR, ROLE)],
    Action.AUTHORISE_ROLE_GRANT: [(ADMINISTRATOR, ROLE)],
    Action.RETURN_ROLE_GRANT: [(ADMINISTRATOR, ROLE)],
    Action.VIEW_ACCESS_LOG: [(ADMINISTRATOR, ROLE)],
    Action.SIGN_IN: [(frozenset(Role), ROLE)],
    Action.REFUSE_SIGN_IN_CODE: [(frozenset(Role), ROLE)],
    Action.SET_UP_MFA: [(frozenset(Role), ROLE)],
    Action.RESET_MFA: [(ADMINISTRATOR, ROLE)],
    Action.CHANGE_OWN_PASSWORD: [(frozenset(Role), ROLE)],
    Action.STAY_SIGNED_IN: [(frozenset(Role), ROLE)],
    Action.RECORD_CONTACT: [(RECORDING_ROLES, FRONT_DOOR), (PARTNER, Scope.PARTNERS_OWN)],
    Action.VIEW_CONTACT: [(READERS, ROLE), (PARTNER, Scope.PARTNERS_OWN)],
    Action.TRIAGE_CONTACT: [(RECORDING_ROLES, FRONT_DOOR)],
    Action.REQUEST_CHECK: [(RECORDING_ROLES, FRONT_DOOR)],
    Action.VIEW_CHECK: [(READERS, ROLE), (PARTNER, Scope.PARTNERS_OWN)],
    Action.RETURN_CHECK: [(RECORDING_ROLES, FRONT_DOOR), (PARTNER, Scope.PARTNERS_OWN)],
    Action.RECORD_WHO_WAS_TOLD: [(RECORDING_ROLES, FRONT_DOOR)],
    Action.READ_CONTACT_NOTICE: [(RECORDING_ROLES, ROLE)],
    Action.PLAN_MEETING: [(MANAGER_ROLES, FRONT_DOOR)],
    Action.RECORD_MEETING: [(RECORDING_ROLES, FRONT_DOOR)],
    Action.PROPOSE_DECISION: [(RECORDING_ROLES, FRONT_DOOR)],
    Action.AUTHORISE_DECISION: [(MANAGER_ROLES, FRONT_DOOR)],
    Action.RETURN_DECISION: [(MANAGER_ROLES, FRONT_DOOR)],
    Action.RECORD_CONSENT: [(RECORDING_ROLES, FRONT_DOOR)],
    Action.PROPOSE_CONSENT_OVERRIDE: [(RECORDING_ROLES, FRONT_DOOR)],
    Action.AUTHORISE_CONSENT_OVERRIDE: [(MANAGER_ROLES, FRONT_DOOR)],
    Action.RETURN_CONSENT_OVERRIDE: [(MANAGER_ROLES, FRONT_DOOR)],
    Action.VIEW_FRONT_DOOR_SAFEGUARDS: [
        (MANAGER_ROLES, FRONT_DOOR),
        (frozenset({Role.QUALITY_ASSURANCE, Role.PERFORMANCE_ANALYST}), ROLE),
    ],
    Action.OPEN_REFERRAL: [(MANAGER_ROLES, FRONT_DOOR)],
    Action.RECORD_EARLY_HELP_TRANSFER: [(MANAGER_ROLES, FRONT_DOOR)],
    Action.VIEW_EPISODE: [(READERS, ROLE)],
    Action.ALLOCATE: [(MANAGER_ROLES, ROLE)],
    Action.GIVE_DIRECTION: [(MANAGER_ROLES, ROLE)],
    Action.COMPLETE_DIRECTION_ACTION: [(RECORDING_ROLES, WORKS)],
    Action.REASSIGN_DIRECTION_ACTION: [(MANAGER_ROLES, Scope.MANAGES_CASE)],
    Action.WITHDRAW_DIRECTION_ACTION: [(MANAGER_ROLES, Scope.MANAGES_CASE)],
    Action.REQUEST_TRANSFER: [(RECORDING_ROLES, WORKS)],
    Action.ACCEPT_TRANSFER: [(MANAGER_ROLES, Scope.MANAGES_TEAM)],
    Action.DECLINE_TRANSFER: [(MANAGER_ROLES, Scope.MANAGES_TEAM)],
    Action.PROPOSE_CLOSURE: [(RECORDING_ROLES, WORKS)],
    Action.AUTHORISE_CLOSURE: [(MANAGER_ROLES, MANAGES)],
    Action.RETURN_CLOSURE: [(MANAGER_ROLES, MANAGES)],
    Action.VIEW_ASSESSMENT: [(READERS, ROLE)],
    Action.START_ASSESSMENT: [(RECORDING_ROLES, WORKS)],
    Action.UPDATE_ASSESSMENT: [(RECORDING_ROLES, WORKS)],
    Action.SUBMIT_ASSESSMENT: [(RECORDING_ROLES, WORKS)],
    Action.AUTHORISE_ASSESSMENT: [(MANAGER_ROLES, MANAGES)],
    Action.RETURN_ASSESSMENT: [(MANAGER_ROLES, MANAGES)],
    Action.VIEW_STRATEGY_DISCUSSION: [(READERS, ROLE)],
    Action.VIEW_ENQUIRY: [(READERS, ROLE)],
    Action.VIEW_PROTECTION_PLAN: [(READERS, ROLE)],
    Action.RECORD_STRATEGY_DISCUSSION: [(RECORDING_ROLES, WORKS)],
    Action.START_ENQUIRY: [(RECORDING_ROLES, WORKS)],
    Action.RECORD_ENQUIRY_SEEN: [(RECORDING_ROLES, WORKS)],
    Action.COMPLETE_ENQUIRY: [(RECORDING_ROLES, WORKS)],
    Action.HOLD_INITIAL_CONFERENCE: [(RECORDING_ROLES, WORKS)],
    Action.START_PROTECTION_PLAN: [(RECORDING_ROLES, WORKS)],
    Action.RECORD_CORE_GROUP: [(RECORDING_ROLES, WORKS)],
    Action.WRITE_PROTECTION_PLAN: [(RECORDING_ROLES, WORKS)],
    Action.HOLD_REVIEW_CONFERENCE: [(RECORDING_ROLES, WORKS)],
    Action.END_PROTECTION_PLAN: [(RECORDING_ROLES, WORKS)],
    Action.RECORD_PROTECTION_MEDICAL: [(RECORDING_ROLES, WORKS)],
    Action.PROPOSE_MEDICAL_NOT_HELD: [(RECORDING_ROLES, WORKS)],
    Action.AUTHORISE_MEDICAL_NOT_HELD: [(MANAGER_ROLES, MANAGES)],
    Action.RETURN_MEDICAL_NOT_HELD: [(MANAGER_ROLES, MANAGES)],
    Action.VIEW_PROTECTIVE_DECISION: [(READERS, ROLE)],
    Action.PROPOSE_PLAN_END: [(RECORDING_ROLES, WORKS)],
    Action.AUTHORISE_PROTECTIVE_DECISION: [(MANAGER_ROLES, MANAGES)],
    Action.RETURN_PROTECTIVE_DECISION: [(MANAGER_ROLES, MANAGES)],
    Action.VIEW_CIN_PLAN: [(READERS, ROLE)],
    Action.VIEW_VISIT: [(READERS, ROLE)],
    Action.START_CIN_PLAN: [(RECORDING_ROLES, WORKS)],
    Action.REVIEW_CIN_PLAN: [(RECORDING_ROLES, WORKS)],
    Action.END_CIN_PLAN: [(RECORDING_ROLES, WORKS)],
    Action.END_STEP_DOWN_PLAN_EARLY: [(frozenset({Role.HEAD_OF_SERVICE}), ROLE)],
    Action.RECORD_VISIT: [(RECORDING_ROLES, WORKS)],
    Action.VIEW_CASE_NOTE: [(READERS, ROLE)],
    Action.RECORD_CASE_NOTE: [(RECORDING_ROLES, WORKS)],
    Action.RECORD_OVERSIGHT_NOTE: [(MANAGER_ROLES, MANAGES)],
    Action.FINALISE_CASE_NOTE: [(RECORDING_ROLES, WORKS)],
    Action.CORRECT_CASE_NOTE: [(RECORDING_ROLES, WORKS)],
    Action.MARK_NOTE_READ: [(READERS, ROLE)],
    Action.VIEW_MISSING_EPISODE: [
        (READERS | INTERVIEWERS, ROLE),
        (PARTNER, Scope.PARTNERS_OWN),
    ],
    Action.RECORD_MISSING_EPISODE: [(RECORDING_ROLES, ROLE), (PARTNER, Scope.PARTNERS_OWN)],
    Action.RECORD_MISSING_RETURN: [(RECORDING_ROLES, ROLE), (PARTNER, Scope.PARTNERS_OWN)],
    Action.MATCH_MISSING_CHILD: [(RECORDING_ROLES, FRONT_DOOR)],
    Action.DECIDE_MISSING_FOLLOW_UP: [(RECORDING_ROLES, FRONT_DOOR)],
    # Issue 14, part 2: return home interviews, offered and recorded by the officer only.
    Action.VIEW_RETURN_INTERVIEW: [(READERS | INTERVIEWERS, ROLE)],
    Action.OFFER_RETURN_INTERVIEW: [(INTERVIEWERS, ROLE)],
    Action.RECORD_RETURN_INTERVIEW: [(INTERVIEWERS, ROLE)],
    # Issue 14, part 3: exploitation screenings, NRM referrals and the panel; part 6: its figures.
    Action.VIEW_EXPLOITATION: [(READERS, ROLE)],
    Action.RECORD_SCREENING: [(RECORDING_ROLES, ROLE)],
    Action.RECORD_NRM_REFERRAL: [(RECORDING_ROLES, ROLE)],
    Action.VIEW_PANEL: [(PANEL, ROLE)],
    Action.RECORD_PANEL_MEETING: [(MANAGER_ROLES, ROLE)],
    Action.COMPLETE_PANEL_ACTION: [(PANEL, ROLE)],
    Action.VIEW_EXPLOITATION_REPORT: [
        ({Role.PERFORMANCE_ANALYST, Role.HEAD_OF_SERVICE, Role.TEAM_MANAGER}, ROLE)
    ],
    # Issue 14, part 5: private fostering, recorded by the fostering team holding it and
    # authorised by its manager.
    Action.VIEW_PRIVATE_FOSTERING: [(READERS, ROLE)],
    Action.RECORD_PRIVATE_FOSTERING: [(RECORDING_ROLES, Scope.HOLDING_TEAM)],
    Action.PROPOSE_PF_SUITABILITY: [(RECORDING_ROLES, Scope.HOLDING_TEAM)],
    Action.AUTHORISE_PF_SUITABILITY: [(MANAGER_ROLES, Scope.MANAGES_TEAM)],
    Action.RETURN_PF_SUITABILITY: [(MANAGER_ROLES, Scope.MANAGES_TEAM)],
    Action.VIEW_PF_REPORT: [
        (MANAGER_ROLES | {Role.QUALITY_ASSURANCE, Role.PERFORMANCE_ANALYST}, ROLE)
    ],
    # Issue 14, parts 4 and 6: the tracking lists and the missing report.
    Action.VIEW_MISSING_TRACKING: [
        (
            {
                Role.TEAM_MANAGER,
                Role.MASH_PRACTITIONER,
                Role.HEAD_OF_SERVICE,
                Role.QUALITY_ASSURANCE,
            },
            ROLE,
        )
    ],
    Action.VIEW_MISSING_REPORT: [
        ({Role.PERFORMANCE_ANALYST, Role.HEAD_OF_SERVICE, Role.TEAM_MANAGER}, ROLE)
    ],
    Action.VIEW_CASELOADS: [
        (MANAGER_ROLES | {Role.QUALITY_ASSURANCE, Role.PERFORMANCE_ANALYST}, ROLE)
    ],
    Action.ACKNOWLEDGE_ALERT: [(MANAGER_ROLES, Scope.MANAGES_TEAM)],
    Action.VIEW_TRAY: [(RECORDING_ROLES, ROLE)],
    Action.MARK_AS_READ: [(RECORDING_ROLES, ROLE)],
    Action.VIEW_TEAM_TRAY: [(MANAGER_ROLES, ROLE)],
}
FOUR_EYES = {
    Action.AUTHORISE_CONSENT_OVERRIDE,
    Action.AUTHORISE_DECISION,
    Action.ACCEPT_TRANSFER,
    Action.AUTHORISE_CLOSURE,
    Action.AUTHORISE_ASSESSMENT,
    Action.AUTHORISE_ROLE_GRANT,
    Action.AUTHORISE_MEDICAL_NOT_HELD,
    Action.AUTHORISE_PROTECTIVE_DECISION,
    Action.AUTHORISE_PF_SUITABILITY,
}


def test_the_table_has_one_row_for_every_action():
    assert list(RULES) == list(Action)


@pytest.mark.parametrize("action", list(Action), ids=lambda action: action.value)
def test_each_action_has_its_roles_scope_and_four_eyes_flag(action):
    rule = RULES[action]

    assert [(grant.roles, grant.scope) for grant in rule.grants] == EXPECTED[action]
    assert rule.four_eyes is (action in FOUR_EYES)


def test_action_values_are_namespaced_by_app_and_unique():
    values = [action.value for action in Action]

    assert len(values) == len(set(values))
    assert all(value.count(".") == 1 for value in values)


@pytest.mark.parametrize("role", list(Role))
def test_a_role_without_a_grant_may_not_do_the_action(db, role):
    user = UserFactory(role=role, team=MashTeamFactory())

    for action in Action:
        if role not in RULES[action].roles:
            assert not permissions.can(user, action), action


def test_a_deactivated_head_of_service_may_do_nothing(db):
    user = UserFactory(role=Role.HEAD_OF_SERVICE, is_active=False)

    assert [action for action in Action if permissions.can(user, action)] == []


# Scopes, against records.


@pytest.fixture
def held_child(db):
    """A child whose case the assessment team holds, with its worker and manager."""
    team = TeamFactory(kind=Team.Kind.ASSESSMENT)
    child = AllocationFactory(team=team).child
    return {
        "child": child,
        "team": team,
        "worker": UserFactory(role=Role.SOCIAL_WORKER, team=team),
        "manager": UserFactory(role=Role.TEAM_MANAGER, team=team),
        "other_worker": UserFactory(role=Role.SOCIAL_WORKER, team=TeamFactory()),
        "other_manager": UserFactory(role=Role.TEAM_MANAGER, team=TeamFactory()),
        "head": UserFactory(role=Role.HEAD_OF_SERVICE),
        "mash": UserFactory(role=Role.MASH_PRACTITIONER, team=MashTeamFactory()),
    }


@pytest.mark.parametrize(
    ("who", "records", "manages"),
    [
        ("worker", True, False),
        ("manager", True, True),
        ("head", True, True),
        ("other_worker", False, False),
        ("other_manager", False, False),
        ("mash", False, False),
    ],
)
def test_works_and_manages_the_case_follow_the_team_holding_it(held_child, who, records, manages):
    user, child = held_child[who], held_child["child"]

    assert permissions.can(user, Action.RECORD_VISIT, child) is records
    assert permissions.can(user, Action.RETURN_ASSESSMENT, child) is manages


def test_while_no_team_holds_the_case_the_mash_works_it(db):
    child = PersonFactory()
    mash = UserFactory(role=Role.MASH_PRACTITIONER, team=MashTeamFactory())
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=TeamFactory())

    assert permissions.can(mash, Action.RECORD_STRATEGY_DISCUSSION, child)
    assert not permissions.can(worker, Action.RECORD_STRATEGY_DISCUSSION, child)


def test_the_front_door_is_the_mash_and_heads_of_service(db):
    mash_manager = UserFactory(role=Role.TEAM_MANAGER, team=MashTeamFactory())
    other_manager = UserFactory(role=Role.TEAM_MANAGER, team=TeamFactory())
    head = UserFactory(role=Role.HEAD_OF_SERVICE)

    assert permissions.can(mash_manager, Action.AUTHORISE_DECISION)
    assert permissions.can(head, Action.AUTHORISE_DECISION)
    assert not permissions.can(other_manager, Action.AUTHORISE_DECISION)
    assert not permissions.can(other_manager, Action.TRIAGE_CONTACT)


def test_a_transfer_is_answered_by_a_manager_of_the_receiving_team(held_child):
    receiving = TeamFactory(kind=Team.Kind.CHILD_PROTECTION)
    receiving_manager = UserFactory(role=Role.TEAM_MANAGER, team=receiving)
    transfer = TeamTransferFactory(
        referral=ReferralFactory(child=held_child["child"], referred_on=date(2026, 5, 1)),
        from_team=held_child["team"],
        to_team=receiving,
        proposed_by=held_child["worker"],
    )

    assert permissions.can(receiving_manager, Action.ACCEPT_TRANSFER, transfer)
    assert permissions.can(held_child["head"], Action.DECLINE_TRANSFER, transfer)
    assert not permissions.can(held_child["manager"], Action.ACCEPT_TRANSFER, transfer)


def test_a_partner_agency_acts_only_on_its_own_checks(db):
    police, health = AgencyFactory(), AgencyFactory()
    partner = UserFactory(role=Role.PARTNER_AGENCY, agency=police)

    assert permissions.can(partner, Action.RETURN_CHECK, AgencyCheckFactory(agency=police))
    assert not permissions.can(partner, Action.RETURN_CHECK, AgencyCheckFactory(agency=health))


# Four eyes: never the person who proposed it.


def _manager_of_two_teams(held_child) -> tuple:
    receiving = TeamFactory(kind=Team.Kind.CHILD_PROTECTION)
    Membership.objects.create(user=held_child["manager"], team=receiving)
    return held_child["manager"], receiving


@pytest.mark.parametrize(
    "kind",
    ["decision", "closure", "assessment", "transfer", "medical_not_held", "protective_decision"],
)
def test_the_proposer_may_not_authorise_but_another_manager_may(held_child, kind):
    proposer, receiving = _manager_of_two_teams(held_child)
    another = UserFactory(role=Role.TEAM_MANAGER, team=held_child["team"])
    Membership.objects.create(user=another, team=receiving)
    MashTeamFactory().memberships.create(user=proposer)
    Membership.objects.create(user=another, team=Team.objects.get(kind=Team.Kind.MASH))
    child = held_child["child"]
    referral = ReferralFactory(child=child, referred_on=date(2026, 5, 1))
    record, action = {
        "decision": (ContactDecision(proposed_by=proposer), Action.AUTHORISE_DECISION),
        "closure": (Closure(referral=referral, proposed_by=proposer), Action.AUTHORISE_CLOSURE),
        "assessment": (
            Assessment(child=child, referral=referral, proposed_by=proposer),
            Action.AUTHORISE_ASSESSMENT,
        ),
        "transfer": (
            TeamTransfer(
                child=child, from_team=held_child["team"], to_team=receiving, proposed_by=proposer
            ),
            Action.ACCEPT_TRANSFER,
        ),
        "medical_not_held": (
            MedicalNotHeld(child=child, proposed_by=proposer),
            Action.AUTHORISE_MEDICAL_NOT_HELD,
        ),
        "protective_decision": (
            ProtectiveDecision(child=child, referral=referral, proposed_by=proposer),
            Action.AUTHORISE_PROTECTIVE_DECISION,
        ),
    }[kind]

    assert not permissions.can(proposer, action, record)
    assert permissions.can(another, action, record)
    assert permissions.can(proposer, action)  # the role alone still allows it


def test_the_refusal_says_who_must_authorise(held_child):
    decision = ContactDecision(proposed_by=held_child["head"])

    with pytest.raises(Exception, match="You proposed this decision: another manager must"):
        permissions.require(held_child["head"], Action.AUTHORISE_DECISION, decision)


def test_the_proposer_may_return_their_own_proposal_for_more_work(held_child):
    referral = ReferralFactory(child=held_child["child"], referred_on=date(2026, 5, 1))
    closure = Closure(referral=referral, proposed_by=held_child["manager"])

    assert permissions.can(held_child["manager"], Action.RETURN_CLOSURE, closure)


def test_the_proposer_of_every_approval_is_its_proposed_by(held_child):
    worker = held_child["worker"]

    assert permissions.proposer_id(ContactDecision(proposed_by=worker)) == worker.pk
    assert permissions.proposer_id(Assessment(proposed_by=worker)) == worker.pk
    assert permissions.proposer_id(TeamTransfer(proposed_by=worker)) == worker.pk
    assert permissions.proposer_id(held_child["child"]) is None


# The page and the layers.

ROOT = Path(__file__).resolve().parents[2]


def test_the_doing_tables_of_docs_permissions_are_generated_from_the_action_table():
    page = (ROOT / "docs" / "permissions.md").read_text(encoding="utf-8")

    assert page == with_doing_table(page), "run `opencsc permissions_doc`"


def test_the_permissions_package_imports_nothing_above_people():
    above = ("opencsc.casework", "opencsc.frontdoor", "opencsc.assessments", "opencsc.protection")
    above += ("opencsc.plans", "opencsc.workforce", "opencsc.record", "opencsc.demo")
    imported = set()
    for path in (ROOT / "opencsc" / "permissions").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)

    assert sorted(name for name in imported if name.startswith(above)) == []


def test_the_page_command_fails_when_the_page_and_the_table_differ(settings, tmp_path):
    (tmp_path / "docs").mkdir()
    page = (ROOT / "docs" / "permissions.md").read_text(encoding="utf-8")
    stale = page.replace("| Record a visit |", "| Record a home visit |")
    (tmp_path / "docs" / "permissions.md").write_text(stale, encoding="utf-8")
    settings.BASE_DIR = tmp_path

    with pytest.raises(CommandError, match="differs from the action table"):
        call_command("permissions_doc", "--check")
    call_command("permissions_doc")

    assert (tmp_path / "docs" / "permissions.md").read_text(encoding="utf-8") == page
