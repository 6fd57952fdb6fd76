"""Every action a service checks or logs, and the one table of who may do it.

A row of `RULES` says which roles may do an action, in which scope (whose records), and whether the
four-eyes rule applies (never the person who proposed the record). `engine.can` answers from it,
docs/permissions.md is generated from it (`opencsc permissions_doc`), and the access log records
the same values.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models

from opencsc.accounts.models import Role


class Action(StrEnum):
    """Things a user does, namespaced by app; the same values appear in the access log.

    Each member is (value, label); the label names the action on the access-log page and in
    docs/permissions.md."""

    _value_: str
    label: str

    def __new__(cls, value: str, label: str) -> "Action":
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def of(cls, value: str) -> "Action":
        """The member whose value is `value`; ValueError when there is none."""
        for member in cls:
            if member.value == value:
                return member
        raise ValueError(f"{value!r} is not an action.")

    # The person index.
    SEARCH_PEOPLE = "people.search", "Search the person index"
    VIEW_PERSON = "people.view", "Open a person's record"
    CREATE_PERSON = "people.create", "Create a person's record"
    EDIT_PERSON = "people.edit", "Change a person's details or address"
    SET_DISABILITIES = "people.set_disabilities", "Record a child's disabilities"
    ADD_RELATIONSHIP = "people.add_relationship", "Add a family member"
    MERGE_PEOPLE = "people.merge", "Merge duplicate records"
    REVIEW_DUPLICATES = "people.review_duplicates", "See and review likely duplicate pairs"
    RESTRICT_RECORD = "people.restrict", "Restrict a record to named staff, or lift it"
    VIEW_WARNINGS = "people.view_warnings", "See a person's warnings and their history"
    SET_WARNING = "people.set_warning", "Set a warning on a person"
    REVIEW_WARNING = "people.review_warning", "Review a warning"
    END_WARNING = "people.end_warning", "End a warning"
    # Staff and teams.
    MANAGE_STAFF = "accounts.manage_staff", "See staff and teams"
    CREATE_STAFF = "accounts.create_staff", "Add a member of staff"
    UPDATE_STAFF = "accounts.update_staff", "Change a member of staff's details"
    ACTIVATE_STAFF = "accounts.activate", "Reactivate a member of staff"
    DEACTIVATE_STAFF = "accounts.deactivate", "Deactivate a member of staff"
    CREATE_TEAM = "accounts.create_team", "Add a team"
    PROPOSE_ROLE_GRANT = "accounts.propose_role", "Ask for a role that reads every child"
    AUTHORISE_ROLE_GRANT = "accounts.authorise_role", "Approve a role that reads every child"
    RETURN_ROLE_GRANT = "accounts.return_role", "Turn down a role that reads every child"
    VIEW_ACCESS_LOG = "audit.view_access_log", "See the access log"
    # Signing in (issue 11, part 10): each is a row in the access log about the user's own account.
    SIGN_IN = "accounts.sign_in", "Sign in"
    REFUSE_SIGN_IN_CODE = "accounts.refuse_code", "Enter a wrong or throttled sign-in code"
    SET_UP_MFA = "accounts.set_up_mfa", "Set up multi-factor sign-in"
    RESET_MFA = "accounts.reset_mfa", "Reset a member of staff's multi-factor sign-in"
    CHANGE_OWN_PASSWORD = "accounts.change_password", "Change your own password"
    STAY_SIGNED_IN = "accounts.stay_signed_in", "Stay signed in before the idle sign-out"
    # The front door.
    RECORD_CONTACT = "frontdoor.record_contact", "Record a contact"
    VIEW_CONTACT = "frontdoor.view_contact", "Open a contact"
    TRIAGE_CONTACT = "frontdoor.triage_contact", "Rate a contact, add its children"
    REQUEST_CHECK = "frontdoor.request_check", "Request or chase an agency check"
    VIEW_CHECK = "frontdoor.view_check", "Open an agency check"
    RETURN_CHECK = "frontdoor.return_check", "Answer an agency check"
    PLAN_MEETING = "frontdoor.plan_meeting", "Choose contacts for the MASH meeting"
    RECORD_MEETING = "frontdoor.record_meeting", "Record what the MASH meeting agreed"
    PROPOSE_DECISION = "frontdoor.propose_decision", "Propose a threshold decision"
    AUTHORISE_DECISION = "frontdoor.authorise_decision", "Authorise a threshold decision"
    RETURN_DECISION = "frontdoor.return_decision", "Return a threshold decision for more work"
    RECORD_CONSENT = "frontdoor.record_consent", "Record who was asked for consent, and the answer"
    PROPOSE_CONSENT_OVERRIDE = (
        "frontdoor.propose_consent_override",
        "Ask a manager to override consent to share information",
    )
    AUTHORISE_CONSENT_OVERRIDE = (
        "frontdoor.authorise_consent_override",
        "Authorise overriding consent to share information",
    )
    RETURN_CONSENT_OVERRIDE = (
        "frontdoor.return_consent_override",
        "Turn down a request to override consent",
    )
    VIEW_FRONT_DOOR_SAFEGUARDS = (
        "frontdoor.view_safeguards",
        "See consent, overrides and decisions made without checks",
    )
    RECORD_WHO_WAS_TOLD = (
        "frontdoor.record_told",
        "Record who was told of a contact about a child a team holds",
    )
    READ_CONTACT_NOTICE = "frontdoor.read_notice", "Mark a new contact on your child as read"
    OPEN_REFERRAL = "casework.open_referral", "Open a referral from an authorised decision"
    RECORD_EARLY_HELP_TRANSFER = "casework.record_transfer", "Step a child down to early help"
    # The episode: allocation, direction, transfers and closure.
    VIEW_EPISODE = "casework.view_episode", "Open a child's episode"
    ALLOCATE = "casework.allocate", "Allocate a case"
    GIVE_DIRECTION = "casework.direct", "Give management direction on an allocation"
    COMPLETE_DIRECTION_ACTION = "casework.complete_action", "Mark a directed action done"
    REASSIGN_DIRECTION_ACTION = "casework.reassign_action", "Reassign a directed action"
    WITHDRAW_DIRECTION_ACTION = "casework.withdraw_action", "Withdraw a directed action"
    REQUEST_TRANSFER = "casework.request_transfer", "Ask another team to take a case"
    ACCEPT_TRANSFER = "casework.accept_transfer", "Accept a transfer"
    DECLINE_TRANSFER = "casework.decline_transfer", "Decline a transfer"
    PROPOSE_CLOSURE = "casework.propose_closure", "Propose closing an episode"
    AUTHORISE_CLOSURE = "casework.authorise_closure", "Authorise a closure"
    RETURN_CLOSURE = "casework.return_closure", "Return a closure for more work"
    # Assessments.
    VIEW_ASSESSMENT = "assessments.view", "Open an assessment"
    START_ASSESSMENT = "assessments.start", "Start an assessment"
    UPDATE_ASSESSMENT = "assessments.update", "Record an assessment"
    SUBMIT_ASSESSMENT = "assessments.submit", "Send an assessment to a manager"
    AUTHORISE_ASSESSMENT = "assessments.authorise", "Authorise an assessment"
    RETURN_ASSESSMENT = "assessments.return", "Return an assessment for more work"
    # Child protection.
    VIEW_STRATEGY_DISCUSSION = "protection.view_strategy", "Open a strategy discussion"
    VIEW_ENQUIRY = "protection.view_enquiry", "Open a section 47 enquiry"
    VIEW_PROTECTION_PLAN = "protection.view_plan", "Open a child protection plan"
    RECORD_STRATEGY_DISCUSSION = (
        "protection.record_strategy_discussion",
        "Record a strategy discussion",
    )
    START_ENQUIRY = "protection.start_enquiry", "Start a section 47 enquiry"
    RECORD_ENQUIRY_SEEN = "protection.record_enquiry_seen", "Record the child seen in an enquiry"
    COMPLETE_ENQUIRY = "protection.complete_enquiry", "Complete a section 47 enquiry"
    HOLD_INITIAL_CONFERENCE = (
        "protection.hold_initial_conference",
        "Record an initial child protection conference",
    )
    START_PROTECTION_PLAN = "protection.start_plan", "Start a child protection plan"
    RECORD_CORE_GROUP = "protection.record_core_group", "Record a core group"
    WRITE_PROTECTION_PLAN = (
        "protection.write_plan",
        "Write or revise a child protection plan's content",
    )
    HOLD_REVIEW_CONFERENCE = (
        "protection.hold_review_conference",
        "Record a review child protection conference",
    )
    END_PROTECTION_PLAN = "protection.end_plan", "End a child protection plan"
    # Child protection medicals (issue 13, part 3: disclosures carried through).
    RECORD_PROTECTION_MEDICAL = "protection.record_medical", "Record a child protection medical"
    PROPOSE_MEDICAL_NOT_HELD = (
        "protection.propose_medical_not_held",
        "Give the reason a child protection medical is not held",
    )
    AUTHORISE_MEDICAL_NOT_HELD = (
        "protection.authorise_medical_not_held",
        "Authorise the reason a child protection medical is not held",
    )
    RETURN_MEDICAL_NOT_HELD = (
        "protection.return_medical_not_held",
        "Return the reason a child protection medical is not held",
    )
    # Managers sign off the protective decisions (issue 13, part 4).
    VIEW_PROTECTIVE_DECISION = (
        "protection.view_protective_decision",
        "Open a protective decision (no section 47, a section 47 outcome, a plan ending)",
    )
    PROPOSE_PLAN_END = (
        "protection.propose_plan_end",
        "Propose ending a child protection plan outside a review conference",
    )
    AUTHORISE_PROTECTIVE_DECISION = (
        "protection.authorise_protective_decision",
        "Authorise no section 47 enquiry, a section 47 outcome with no conference, or a plan "
        "ending outside a review conference",
    )
    RETURN_PROTECTIVE_DECISION = (
        "protection.return_protective_decision",
        "Return a protective decision to the worker",
    )
    # Children in need plans and visits.
    VIEW_CIN_PLAN = "plans.view_cin_plan", "Open a child in need plan"
    VIEW_VISIT = "plans.view_visit", "Open a visit"
    START_CIN_PLAN = "plans.start_cin_plan", "Start a child in need plan"
    REVIEW_CIN_PLAN = "plans.review_cin_plan", "Review a child in need plan"
    END_CIN_PLAN = "plans.end_cin_plan", "End a child in need plan"
    END_STEP_DOWN_PLAN_EARLY = (
        "plans.end_step_down_early",
        "End a step-down child in need plan before its minimum",
    )
    RECORD_VISIT = "plans.record_visit", "Record a visit"
    # Case notes.
    VIEW_CASE_NOTE = "notes.view", "Open a case note"
    RECORD_CASE_NOTE = "notes.record", "Write a case note"
    RECORD_OVERSIGHT_NOTE = "notes.record_oversight", "Write a management oversight note"
    FINALISE_CASE_NOTE = "notes.finalise", "Finalise a case note"
    CORRECT_CASE_NOTE = "notes.correct", "Correct a finalised case note (a new version)"
    MARK_NOTE_READ = "notes.mark_read", "Mark a case note you were asked to read as read"
    # Missing episodes (issue 14, part 1).
    VIEW_MISSING_EPISODE = "missing.view", "Open a missing episode"
    RECORD_MISSING_EPISODE = "missing.record", "Record a child missing"
    RECORD_MISSING_RETURN = "missing.record_return", "Record a missing child found or returned"
    MATCH_MISSING_CHILD = (
        "missing.match_child",
        "Match a child the police reported missing to their record",
    )
    DECIDE_MISSING_FOLLOW_UP = (
        "missing.decide_follow_up",
        "Decide whether a contact follows a missing episode of a child no team holds",
    )
    # Return home interviews (issue 14, part 2).
    VIEW_RETURN_INTERVIEW = "missing.view_interview", "Open a return home interview"
    OFFER_RETURN_INTERVIEW = (
        "missing.offer_interview",
        "Record a return home interview offered, or an attempt to reach the child",
    )
    RECORD_RETURN_INTERVIEW = (
        "missing.record_interview",
        "Record a return home interview held, and its actions",
    )
    # Exploitation (issue 14, part 3).
    VIEW_EXPLOITATION = (
        "exploitation.view",
        "Open a child's exploitation screening or National Referral Mechanism referral",
    )
    RECORD_SCREENING = "exploitation.record_screening", "Record an exploitation screening"
    RECORD_NRM_REFERRAL = (
        "exploitation.record_nrm",
        "Record a National Referral Mechanism referral, or its decisions",
    )
    VIEW_PANEL = (
        "exploitation.view_panel",
        "See the exploitation panel's list and its meetings",
    )
    RECORD_PANEL_MEETING = (
        "exploitation.record_meeting",
        "Record an exploitation panel meeting and the actions it agreed",
    )
    COMPLETE_PANEL_ACTION = (
        "exploitation.complete_action",
        "Mark an exploitation panel action done (its owner, or a manager)",
    )
    VIEW_EXPLOITATION_REPORT = (
        "exploitation.view_report",
        "See and download the exploitation figures (screenings by risk, NRM referrals, the panel)",
    )
    # Private fostering (issue 14, part 5).
    VIEW_PRIVATE_FOSTERING = (
        "privatefostering.view",
        "Open a private fostering arrangement",
    )
    RECORD_PRIVATE_FOSTERING = (
        "privatefostering.record",
        "Record a private fostering notification, household, visit, check or ending",
    )
    PROPOSE_PF_SUITABILITY = (
        "privatefostering.propose_suitability",
        "Propose a private fostering suitability decision",
    )
    AUTHORISE_PF_SUITABILITY = (
        "privatefostering.authorise_suitability",
        "Authorise a private fostering suitability decision",
    )
    RETURN_PF_SUITABILITY = (
        "privatefostering.return_suitability",
        "Return a private fostering suitability decision to the worker",
    )
    VIEW_PF_REPORT = (
        "privatefostering.view_report",
        "See the annual private fostering report (figures, no child named)",
    )
    # Missing tracking and the missing report (issue 14, parts 4 and 6).
    VIEW_MISSING_TRACKING = (
        "missing.view_tracking",
        "See the missing children tracking lists (missing now, awaiting an interview, overdue)",
    )
    VIEW_MISSING_REPORT = "missing.view_report", "See and download the missing children report"
    # Caseloads and alerts.
    VIEW_CASELOADS = "workforce.view_caseloads", "See team caseloads"
    ACKNOWLEDGE_ALERT = "workforce.acknowledge_alert", "See and acknowledge a manager alert"
    # The worker's tray and the manager's team tray (issue 12, part 6).
    VIEW_TRAY = "workforce.view_tray", "See your tray: the work waiting on you"
    MARK_AS_READ = "workforce.mark_as_read", "Mark a notice in your tray as read"
    VIEW_TEAM_TRAY = "workforce.view_team_tray", "See your team's tray"


class Scope(models.TextChoices):
    """Whose records a role may act on (docs/permissions.md says each in full)."""

    ROLE = "role", "anyone with the role"
    FRONT_DOOR = "front_door", "the front door"
    WORKS_CASE = "works_case", "works the case"
    MANAGES_CASE = "manages_case", "manages the case"
    MANAGES_TEAM = "manages_team", "manages the team"
    PARTNERS_OWN = "partners_own", "the partner's own records"
    HOLDS_RECORD = "holds_record", "holds the record, restricted or not"
    HOLDING_TEAM = "holding_team", "in the team holding it"


@dataclass(frozen=True)
class Grant:
    """Some roles, and the records they may act on."""

    roles: frozenset[str]
    scope: Scope


@dataclass(frozen=True)
class Rule:
    """Who may do an action: one or more grants, and whether the proposer is refused."""

    grants: tuple[Grant, ...]
    four_eyes: bool = False

    @property
    def roles(self) -> frozenset[str]:
        return frozenset().union(*(grant.roles for grant in self.grants))

    def scope_for(self, role: str) -> Scope | None:
        """The scope `role` acts in, or None when the rule does not grant it the action."""
        return next((grant.scope for grant in self.grants if role in grant.roles), None)


CASE_HOLDING_ROLES = frozenset(
    {Role.MASH_PRACTITIONER, Role.SOCIAL_WORKER, Role.ADVANCED_PRACTITIONER, Role.TEAM_MANAGER}
)
READ_EVERY_CHILD_ROLES = frozenset(
    {Role.HEAD_OF_SERVICE, Role.QUALITY_ASSURANCE, Role.PERFORMANCE_ANALYST}
)
READERS = CASE_HOLDING_ROLES | READ_EVERY_CHILD_ROLES
RECORDING_ROLES = CASE_HOLDING_ROLES | {Role.HEAD_OF_SERVICE}
MANAGER_ROLES = frozenset({Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE})
ADMINISTRATOR = frozenset({Role.ADMINISTRATOR})
# Business support searches the index and reviews likely duplicates (docs/duplicates.md); it opens
# no child's record beyond what the pair's review page shows.
SEARCHERS = READERS | {Role.BUSINESS_SUPPORT}
DUPLICATE_REVIEWERS = frozenset({Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.BUSINESS_SUPPORT})
PARTNER = frozenset({Role.PARTNER_AGENCY})
# Return interview officers (the council's or a commissioned provider's) open returned missing
# episodes and their interviews only, never a child's record (docs/missing.md).
INTERVIEWERS = frozenset({Role.RETURN_INTERVIEW_OFFICER})
EVERY_ROLE = frozenset(Role)
# The multi-agency exploitation panel's council members: case holders and heads of service.
PANEL = CASE_HOLDING_ROLES | {Role.HEAD_OF_SERVICE}


def _rule(roles: frozenset[str], scope: Scope = Scope.ROLE, *, four_eyes: bool = False) -> Rule:
    return Rule(grants=(Grant(roles, scope),), four_eyes=four_eyes)


def _front_door_and_partner(roles: frozenset[str]) -> Rule:
    return Rule(grants=(Grant(roles, Scope.FRONT_DOOR), Grant(PARTNER, Scope.PARTNERS_OWN)))


_works = _rule(RECORDING_ROLES, Scope.WORKS_CASE)
_reads = _rule(READERS)

RULES: dict[Action, Rule] = {
    Action.SEARCH_PEOPLE: _rule(SEARCHERS),
    Action.VIEW_PERSON: _reads,
    Action.CREATE_PERSON: _rule(RECORDING_ROLES),
    # Those who work the case: the holding team, the MASH while no team holds it (issue 12).
    Action.EDIT_PERSON: _works,
    Action.SET_DISABILITIES: _rule(RECORDING_ROLES),
    Action.ADD_RELATIONSHIP: _rule(RECORDING_ROLES),
    Action.MERGE_PEOPLE: _rule(MANAGER_ROLES | {Role.MASH_PRACTITIONER}),
    Action.REVIEW_DUPLICATES: _rule(DUPLICATE_REVIEWERS),
    Action.RESTRICT_RECORD: _rule(MANAGER_ROLES, Scope.HOLDS_RECORD),
    # Those working the case, their managers, and the MASH while no team holds it (for an adult:
    # the case of a child in their family or household; casework.services.warnings).
    Action.VIEW_WARNINGS: _reads,
    Action.SET_WARNING: _works,
    Action.REVIEW_WARNING: _works,
    Action.END_WARNING: _works,
    Action.MANAGE_STAFF: _rule(ADMINISTRATOR),
    Action.CREATE_STAFF: _rule(ADMINISTRATOR),
    Action.UPDATE_STAFF: _rule(ADMINISTRATOR),
    Action.ACTIVATE_STAFF: _rule(ADMINISTRATOR),
    Action.DEACTIVATE_STAFF: _rule(ADMINISTRATOR),
    Action.CREATE_TEAM: _rule(ADMINISTRATOR),
    Action.PROPOSE_ROLE_GRANT: _rule(ADMINISTRATOR),
    # Four eyes, and more: never the account itself nor anyone sharing its or the proposer's
    # email address (accounts.services.approval_refusal).
    Action.AUTHORISE_ROLE_GRANT: _rule(ADMINISTRATOR, four_eyes=True),
    Action.RETURN_ROLE_GRANT: _rule(ADMINISTRATOR),
    Action.VIEW_ACCESS_LOG: _rule(ADMINISTRATOR),
    Action.SIGN_IN: _rule(EVERY_ROLE),
    Action.REFUSE_SIGN_IN_CODE: _rule(EVERY_ROLE),
    Action.SET_UP_MFA: _rule(EVERY_ROLE),
    Action.RESET_MFA: _rule(ADMINISTRATOR),
    Action.CHANGE_OWN_PASSWORD: _rule(EVERY_ROLE),
    Action.STAY_SIGNED_IN: _rule(EVERY_ROLE),
    Action.RECORD_CONTACT: _front_door_and_partner(RECORDING_ROLES),
    Action.VIEW_CONTACT: Rule(
        grants=(Grant(READERS, Scope.ROLE), Grant(PARTNER, Scope.PARTNERS_OWN))
    ),
    Action.TRIAGE_CONTACT: _rule(RECORDING_ROLES, Scope.FRONT_DOOR),
    Action.REQUEST_CHECK: _rule(RECORDING_ROLES, Scope.FRONT_DOOR),
    Action.VIEW_CHECK: Rule(
        grants=(Grant(READERS, Scope.ROLE), Grant(PARTNER, Scope.PARTNERS_OWN))
    ),
    Action.RETURN_CHECK: _front_door_and_partner(RECORDING_ROLES),
    Action.PLAN_MEETING: _rule(MANAGER_ROLES, Scope.FRONT_DOOR),
    Action.RECORD_MEETING: _rule(RECORDING_ROLES, Scope.FRONT_DOOR),
    Action.PROPOSE_DECISION: _rule(RECORDING_ROLES, Scope.FRONT_DOOR),
    Action.AUTHORISE_DECISION: _rule(MANAGER_ROLES, Scope.FRONT_DOOR, four_eyes=True),
    Action.RETURN_DECISION: _rule(MANAGER_ROLES, Scope.FRONT_DOOR),
    # Consent (issue 13): the MASH records who was asked; overriding it is a manager's, signed
    # in as themselves, never the person who asked for it.
    Action.RECORD_CONSENT: _rule(RECORDING_ROLES, Scope.FRONT_DOOR),
    Action.PROPOSE_CONSENT_OVERRIDE: _rule(RECORDING_ROLES, Scope.FRONT_DOOR),
    Action.AUTHORISE_CONSENT_OVERRIDE: _rule(MANAGER_ROLES, Scope.FRONT_DOOR, four_eyes=True),
    Action.RETURN_CONSENT_OVERRIDE: _rule(MANAGER_ROLES, Scope.FRONT_DOOR),
    Action.VIEW_FRONT_DOOR_SAFEGUARDS: Rule(
        grants=(
            Grant(MANAGER_ROLES, Scope.FRONT_DOOR),
            Grant(frozenset({Role.QUALITY_ASSURANCE, Role.PERFORMANCE_ANALYST}), Scope.ROLE),
        )
    ),
    Action.RECORD_WHO_WAS_TOLD: _rule(RECORDING_ROLES, Scope.FRONT_DOOR),
    # The person told (the service checks it is them) marks their own notice read.
    Action.READ_CONTACT_NOTICE: _rule(RECORDING_ROLES),
    Action.OPEN_REFERRAL: _rule(MANAGER_ROLES, Scope.FRONT_DOOR),
    Action.RECORD_EARLY_HELP_TRANSFER: _rule(MANAGER_ROLES, Scope.FRONT_DOOR),
    Action.VIEW_EPISODE: _reads,
    Action.ALLOCATE: _rule(MANAGER_ROLES),
    Action.GIVE_DIRECTION: _rule(MANAGER_ROLES),
    Action.COMPLETE_DIRECTION_ACTION: _works,
    Action.REASSIGN_DIRECTION_ACTION: _rule(MANAGER_ROLES, Scope.MANAGES_CASE),
    Action.WITHDRAW_DIRECTION_ACTION: _rule(MANAGER_ROLES, Scope.MANAGES_CASE),
    Action.REQUEST_TRANSFER: _works,
    Action.ACCEPT_TRANSFER: _rule(MANAGER_ROLES, Scope.MANAGES_TEAM, four_eyes=True),
    Action.DECLINE_TRANSFER: _rule(MANAGER_ROLES, Scope.MANAGES_TEAM),
    Action.PROPOSE_CLOSURE: _works,
    Action.AUTHORISE_CLOSURE: _rule(MANAGER_ROLES, Scope.MANAGES_CASE, four_eyes=True),
    Action.RETURN_CLOSURE: _rule(MANAGER_ROLES, Scope.MANAGES_CASE),
    Action.VIEW_ASSESSMENT: _reads,
    Action.START_ASSESSMENT: _works,
    Action.UPDATE_ASSESSMENT: _works,
    Action.SUBMIT_ASSESSMENT: _works,
    Action.AUTHORISE_ASSESSMENT: _rule(MANAGER_ROLES, Scope.MANAGES_CASE, four_eyes=True),
    Action.RETURN_ASSESSMENT: _rule(MANAGER_ROLES, Scope.MANAGES_CASE),
    Action.VIEW_STRATEGY_DISCUSSION: _reads,
    Action.VIEW_ENQUIRY: _reads,
    Action.VIEW_PROTECTION_PLAN: _reads,
    Action.RECORD_STRATEGY_DISCUSSION: _works,
    Action.START_ENQUIRY: _works,
    Action.RECORD_ENQUIRY_SEEN: _works,
    Action.COMPLETE_ENQUIRY: _works,
    Action.HOLD_INITIAL_CONFERENCE: _works,
    Action.START_PROTECTION_PLAN: _works,
    Action.RECORD_CORE_GROUP: _works,
    Action.WRITE_PROTECTION_PLAN: _works,
    Action.HOLD_REVIEW_CONFERENCE: _works,
    Action.END_PROTECTION_PLAN: _works,
    Action.RECORD_PROTECTION_MEDICAL: _works,
    Action.PROPOSE_MEDICAL_NOT_HELD: _works,
    Action.AUTHORISE_MEDICAL_NOT_HELD: _rule(MANAGER_ROLES, Scope.MANAGES_CASE, four_eyes=True),
    Action.RETURN_MEDICAL_NOT_HELD: _rule(MANAGER_ROLES, Scope.MANAGES_CASE),
    # A worker proposes (recording the discussion or the enquiry's outcome, or asking to end a
    # plan); a manager of the team holding the case, never the proposer, authorises.
    Action.VIEW_PROTECTIVE_DECISION: _reads,
    Action.PROPOSE_PLAN_END: _works,
    Action.AUTHORISE_PROTECTIVE_DECISION: _rule(MANAGER_ROLES, Scope.MANAGES_CASE, four_eyes=True),
    Action.RETURN_PROTECTIVE_DECISION: _rule(MANAGER_ROLES, Scope.MANAGES_CASE),
    Action.VIEW_CIN_PLAN: _reads,
    Action.VIEW_VISIT: _reads,
    Action.START_CIN_PLAN: _works,
    Action.REVIEW_CIN_PLAN: _works,
    Action.END_CIN_PLAN: _works,
    Action.END_STEP_DOWN_PLAN_EARLY: _rule(frozenset({Role.HEAD_OF_SERVICE})),
    Action.RECORD_VISIT: _works,
    Action.VIEW_CASE_NOTE: _reads,
    Action.RECORD_CASE_NOTE: _works,
    Action.RECORD_OVERSIGHT_NOTE: _rule(MANAGER_ROLES, Scope.MANAGES_CASE),
    Action.FINALISE_CASE_NOTE: _works,
    Action.CORRECT_CASE_NOTE: _works,
    Action.MARK_NOTE_READ: _reads,
    # Missing episodes: the police (a partner agency of the police) record their own and read
    # only those; staff record for a child they may open (the MASH: any child it finds); the
    # MASH matches a child the police named and decides whether a contact follows.
    Action.VIEW_MISSING_EPISODE: Rule(
        grants=(
            Grant(READERS | INTERVIEWERS, Scope.ROLE),
            Grant(PARTNER, Scope.PARTNERS_OWN),
        )
    ),
    Action.RECORD_MISSING_EPISODE: Rule(
        grants=(Grant(RECORDING_ROLES, Scope.ROLE), Grant(PARTNER, Scope.PARTNERS_OWN))
    ),
    Action.RECORD_MISSING_RETURN: Rule(
        grants=(Grant(RECORDING_ROLES, Scope.ROLE), Grant(PARTNER, Scope.PARTNERS_OWN))
    ),
    Action.MATCH_MISSING_CHILD: _rule(RECORDING_ROLES, Scope.FRONT_DOOR),
    Action.DECIDE_MISSING_FOLLOW_UP: _rule(RECORDING_ROLES, Scope.FRONT_DOOR),
    # Return home interviews: offered and held by someone independent of the child's care (never
    # the allocated worker: missing.services.interviews); read by the readers of every episode.
    Action.VIEW_RETURN_INTERVIEW: _rule(READERS | INTERVIEWERS),
    Action.OFFER_RETURN_INTERVIEW: _rule(INTERVIEWERS),
    Action.RECORD_RETURN_INTERVIEW: _rule(INTERVIEWERS),
    # Exploitation: screenings and NRM referrals by staff who may open the child's record (the
    # services check the child); the multi-agency panel's list and meetings for the MASH, social
    # workers and managers, its meetings recorded by managers; an action marked done by its owner
    # or a manager (exploitation.services.panel). Partners and return interview officers: none.
    Action.VIEW_EXPLOITATION: _reads,
    Action.RECORD_SCREENING: _rule(RECORDING_ROLES),
    Action.RECORD_NRM_REFERRAL: _rule(RECORDING_ROLES),
    Action.VIEW_PANEL: _rule(PANEL),
    Action.RECORD_PANEL_MEETING: _rule(MANAGER_ROLES),
    Action.COMPLETE_PANEL_ACTION: _rule(PANEL),
    # Figures only, no child named: the missing children report's readers.
    Action.VIEW_EXPLOITATION_REPORT: _rule(
        frozenset({Role.PERFORMANCE_ANALYST, Role.HEAD_OF_SERVICE, Role.TEAM_MANAGER})
    ),
    # Private fostering: the fostering team holding the arrangement records (a new notification:
    # a member of a fostering team, privatefostering.services); its managers authorise.
    Action.VIEW_PRIVATE_FOSTERING: _reads,
    Action.RECORD_PRIVATE_FOSTERING: _rule(RECORDING_ROLES, Scope.HOLDING_TEAM),
    Action.PROPOSE_PF_SUITABILITY: _rule(RECORDING_ROLES, Scope.HOLDING_TEAM),
    Action.AUTHORISE_PF_SUITABILITY: _rule(MANAGER_ROLES, Scope.MANAGES_TEAM, four_eyes=True),
    Action.RETURN_PF_SUITABILITY: _rule(MANAGER_ROLES, Scope.MANAGES_TEAM),
    Action.VIEW_PF_REPORT: _rule(
        MANAGER_ROLES | {Role.QUALITY_ASSURANCE, Role.PERFORMANCE_ANALYST}
    ),
    # The tracking lists: a team manager sees the children their team holds, the MASH (its
    # practitioners and managers) the children no team holds, heads of service and quality
    # assurance every child (missing.selectors.tracked_episodes).
    Action.VIEW_MISSING_TRACKING: _rule(
        frozenset(
            {
                Role.TEAM_MANAGER,
                Role.MASH_PRACTITIONER,
                Role.HEAD_OF_SERVICE,
                Role.QUALITY_ASSURANCE,
            }
        )
    ),
    # Figures only, no child named: for the partnership's and senior managers' reporting.
    Action.VIEW_MISSING_REPORT: _rule(
        frozenset({Role.PERFORMANCE_ANALYST, Role.HEAD_OF_SERVICE, Role.TEAM_MANAGER})
    ),
    Action.VIEW_CASELOADS: _rule(
        MANAGER_ROLES | {Role.QUALITY_ASSURANCE, Role.PERFORMANCE_ANALYST}
    ),
    Action.ACKNOWLEDGE_ALERT: _rule(MANAGER_ROLES, Scope.MANAGES_TEAM),
    # Your own tray: the due items you own (workforce.services.mark_as_read checks the owner).
    Action.VIEW_TRAY: _rule(RECORDING_ROLES),
    Action.MARK_AS_READ: _rule(RECORDING_ROLES),
    Action.VIEW_TEAM_TRAY: _rule(MANAGER_ROLES),
}
