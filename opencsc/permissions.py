"""Who may see and do what. Every page, list, export and KPI gets its records through this module.

Seeing a child's record (need to know):
- the team the case is allocated to (every member: workers, practitioners, the team manager);
- while no team holds the case: the teams that held it before (a closed case stays readable);
- while no team holds the case: the MASH, and the team that recorded the child;
- head of service, quality assurance officers and performance analysts: every child, to read only;
- a restricted record: only the staff named on it, whatever their role;
- partner-agency users and administrators: no child's record (the front door gives partner agencies
  their own submissions and checks, never the record).
Adults are seen through the children they are related to, or by the team that recorded them.

A record the user may not see answers 404, exactly as one that does not exist.
"""

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest

from opencsc.accounts.models import Role, Team, User
from opencsc.casework.models import Allocation, Referral, TeamTransfer
from opencsc.frontdoor.models import AgencyCheck, Contact, ContactChild
from opencsc.people.models import Person, PersonQuerySet, Relationship

CASE_HOLDING_ROLES = frozenset(
    {Role.MASH_PRACTITIONER, Role.SOCIAL_WORKER, Role.ADVANCED_PRACTITIONER, Role.TEAM_MANAGER}
)
READ_EVERY_CHILD_ROLES = frozenset(
    {Role.HEAD_OF_SERVICE, Role.QUALITY_ASSURANCE, Role.PERFORMANCE_ANALYST}
)
RECORDING_ROLES = CASE_HOLDING_ROLES | {Role.HEAD_OF_SERVICE}
MANAGER_ROLES = frozenset({Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE})


class Action(StrEnum):
    """Things a user does, namespaced by app; the same names appear in the access log."""

    SEARCH_PEOPLE = "people.search"
    VIEW_PERSON = "people.view"
    CREATE_PERSON = "people.create"
    EDIT_PERSON = "people.edit"
    ADD_RELATIONSHIP = "people.add_relationship"
    MERGE_PEOPLE = "people.merge"
    RESTRICT_RECORD = "people.restrict"
    ALLOCATE = "casework.allocate"
    RECORD_CONTACT = "frontdoor.record_contact"
    VIEW_CONTACT = "frontdoor.view_contact"
    TRIAGE_CONTACT = "frontdoor.triage_contact"
    REQUEST_CHECK = "frontdoor.request_check"
    RETURN_CHECK = "frontdoor.return_check"
    PROPOSE_DECISION = "frontdoor.propose_decision"
    AUTHORISE_DECISION = "frontdoor.authorise_decision"
    PLAN_MEETING = "frontdoor.plan_meeting"
    RECORD_MEETING = "frontdoor.record_meeting"
    RECORD_CASEWORK = "casework.record"
    AUTHORISE_CASEWORK = "casework.authorise"
    END_STEP_DOWN_PLAN_EARLY = "plans.end_step_down_early"
    ACKNOWLEDGE_ALERT = "workforce.acknowledge_alert"
    VIEW_CASELOADS = "workforce.view_caseloads"
    VIEW_ACCESS_LOG = "audit.view_access_log"
    MANAGE_STAFF = "accounts.manage_staff"


RULES: dict[Action, frozenset[str]] = {
    Action.SEARCH_PEOPLE: CASE_HOLDING_ROLES | READ_EVERY_CHILD_ROLES,
    Action.VIEW_PERSON: CASE_HOLDING_ROLES | READ_EVERY_CHILD_ROLES,
    Action.CREATE_PERSON: RECORDING_ROLES,
    Action.EDIT_PERSON: RECORDING_ROLES,
    Action.ADD_RELATIONSHIP: RECORDING_ROLES,
    Action.MERGE_PEOPLE: MANAGER_ROLES | {Role.MASH_PRACTITIONER},
    Action.ALLOCATE: MANAGER_ROLES,
    Action.RESTRICT_RECORD: MANAGER_ROLES,
    Action.RECORD_CONTACT: CASE_HOLDING_ROLES | {Role.HEAD_OF_SERVICE, Role.PARTNER_AGENCY},
    Action.VIEW_CONTACT: CASE_HOLDING_ROLES | READ_EVERY_CHILD_ROLES | {Role.PARTNER_AGENCY},
    Action.TRIAGE_CONTACT: CASE_HOLDING_ROLES | {Role.HEAD_OF_SERVICE},
    Action.REQUEST_CHECK: CASE_HOLDING_ROLES | {Role.HEAD_OF_SERVICE},
    Action.RETURN_CHECK: CASE_HOLDING_ROLES | {Role.HEAD_OF_SERVICE, Role.PARTNER_AGENCY},
    Action.PROPOSE_DECISION: CASE_HOLDING_ROLES | {Role.HEAD_OF_SERVICE},
    Action.AUTHORISE_DECISION: MANAGER_ROLES,
    Action.PLAN_MEETING: MANAGER_ROLES,
    Action.RECORD_MEETING: CASE_HOLDING_ROLES | {Role.HEAD_OF_SERVICE},
    Action.RECORD_CASEWORK: CASE_HOLDING_ROLES | {Role.HEAD_OF_SERVICE},
    Action.AUTHORISE_CASEWORK: MANAGER_ROLES,
    Action.END_STEP_DOWN_PLAN_EARLY: frozenset({Role.HEAD_OF_SERVICE}),
    Action.ACKNOWLEDGE_ALERT: MANAGER_ROLES,
    Action.VIEW_CASELOADS: MANAGER_ROLES | {Role.QUALITY_ASSURANCE, Role.PERFORMANCE_ANALYST},
    Action.VIEW_ACCESS_LOG: frozenset({Role.ADMINISTRATOR}),
    Action.MANAGE_STAFF: frozenset({Role.ADMINISTRATOR}),
}

# Actions about no particular record: the role alone decides.
UNSCOPED_ACTIONS = frozenset(
    {
        Action.SEARCH_PEOPLE,
        Action.CREATE_PERSON,
        Action.VIEW_ACCESS_LOG,
        Action.MANAGE_STAFF,
        Action.RECORD_CONTACT,
        Action.VIEW_CONTACT,
        Action.TRIAGE_CONTACT,
        Action.REQUEST_CHECK,
        Action.RETURN_CHECK,
        Action.PROPOSE_DECISION,
        Action.AUTHORISE_DECISION,
        Action.PLAN_MEETING,
        Action.RECORD_MEETING,
    }
)


def _team_ids(user: User) -> list[int]:
    # Evaluate once: the list goes into every scope query as literals.
    cached: list[int] | None = getattr(user, "_opencsc_team_ids", None)
    if cached is None:
        cached = list(
            user.memberships.filter(team__is_active=True).values_list("team_id", flat=True)
        )
        user._opencsc_team_ids = cached  # type: ignore[attr-defined]
    return cached


def _is_in_mash(user: User) -> bool:
    cached: bool | None = getattr(user, "_opencsc_in_mash", None)
    if cached is None:
        cached = (
            user.role == Role.MASH_PRACTITIONER
            or Team.objects.filter(pk__in=_team_ids(user), kind=Team.Kind.MASH).exists()
        )
        user._opencsc_in_mash = cached  # type: ignore[attr-defined]
    return cached


def _visible_child_condition(user: User, prefix: str = "", *, per_row: bool = False) -> Q:
    """The condition a Person row (reached through `prefix`, e.g. "to_person__") must meet to be a
    child `user` may open: in scope and unrestricted, or restricted and naming `user`."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.role not in CASE_HOLDING_ROLES | READ_EVERY_CHILD_ROLES:
        return Q(pk__in=[])

    def on(lookup: str, value: object) -> Q:
        return Q(**{f"{prefix}{lookup}": value})

    open_allocations = Allocation.objects.filter(ended_on=None)
    named = Person.named_staff.through.objects.filter(user_id=user.pk)
    if prefix or per_row:
        # One row, or reached from another row (a relationship): look the child up by its key.
        child_id = OuterRef(f"{prefix}id") if prefix else OuterRef("pk")
        allocated = Q(Exists(open_allocations.filter(child_id=child_id)))
        held_by_my_team = Q(
            Exists(open_allocations.filter(child_id=child_id, team_id__in=_team_ids(user)))
        )
        is_named = Q(Exists(named.filter(person_id=child_id)))
    else:
        # Uncorrelated IN sets: the database hashes them once per query, where a correlated
        # EXISTS per row is many times slower over a large borough's whole index.
        allocated = Q(pk__in=open_allocations.values("child_id"))
        held_by_my_team = Q(
            pk__in=open_allocations.filter(team_id__in=_team_ids(user)).values("child_id")
        )
        is_named = Q(pk__in=named.values("person_id"))
    if user.role in READ_EVERY_CHILD_ROLES:
        scope = Q()
    else:
        unallocated = ~allocated
        # A closed case stays readable by the team that last held it (and any team that held
        # it before): they answer questions about it and see a re-referral's history.
        past = Allocation.objects.filter(team_id__in=_team_ids(user), ended_on__isnull=False)
        if prefix or per_row:
            held_before = Q(Exists(past.filter(child_id=child_id)))
        else:
            held_before = Q(pk__in=past.values("child_id"))
        scope = held_by_my_team | (
            unallocated & (on("recording_team_id__in", _team_ids(user)) | held_before)
        )
        if _is_in_mash(user):
            scope |= unallocated
        elif user.role == Role.TEAM_MANAGER:
            # A referral waiting for a team: every team manager may read it to take it on.
            open_referrals = Referral.objects.filter(status=Referral.Status.OPEN)
            if prefix or per_row:
                awaiting = Q(Exists(open_referrals.filter(child_id=child_id)))
            else:
                awaiting = Q(pk__in=open_referrals.values("child_id"))
            scope |= unallocated & awaiting
            # A case offered to the manager's team: they read it before accepting the transfer.
            offered = TeamTransfer.objects.filter(
                status=TeamTransfer.Status.PROPOSED, to_team_id__in=_team_ids(user)
            )
            if prefix or per_row:
                scope |= Q(Exists(offered.filter(child_id=child_id)))
            else:
                scope |= Q(pk__in=offered.values("child_id"))
    unrestricted_in_scope = on("is_restricted", False) & scope
    restricted_and_named = on("is_restricted", True) & is_named
    return on("kind__in", [Person.Kind.CHILD, Person.Kind.UNBORN]) & (
        unrestricted_in_scope | restricted_and_named
    )


def _visible_adult_condition(user: User) -> Q:
    """Adults `user` may open: related to a child they may open, or recorded by their team."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.role not in CASE_HOLDING_ROLES | READ_EVERY_CHILD_ROLES:
        return Q(pk__in=[])
    named = Person.named_staff.through.objects.filter(user_id=user.pk).values("person_id")
    restricted_and_named = Q(is_restricted=True, pk__in=named)
    if user.role in READ_EVERY_CHILD_ROLES:
        return Q(kind=Person.Kind.ADULT) & (Q(is_restricted=False) | restricted_and_named)
    # Correlated: checked only for the rows a search or a lookup has already narrowed down.
    parent_of_visible_child = Exists(
        Relationship.objects.filter(from_person_id=OuterRef("pk")).filter(
            _visible_child_condition(user, prefix="to_person__")
        )
    )
    child_of_visible_child = Exists(
        Relationship.objects.filter(to_person_id=OuterRef("pk")).filter(
            _visible_child_condition(user, prefix="from_person__")
        )
    )
    in_scope = (
        Q(parent_of_visible_child)
        | Q(child_of_visible_child)
        | Q(recording_team_id__in=_team_ids(user))
    )
    return Q(kind=Person.Kind.ADULT) & ((Q(is_restricted=False) & in_scope) | restricted_and_named)


def visible_children(user: User) -> PersonQuerySet:
    """Children whose records `user` may open. Every list, page, export and KPI starts here."""
    return Person.objects.filter(_visible_child_condition(user))


def visible_people(user: User) -> PersonQuerySet:
    """Every person record `user` may open: visible children and the adults linked to them."""
    return Person.objects.filter(_visible_child_condition(user) | _visible_adult_condition(user))


def _one_person_condition(user: User, kind: str) -> Q:
    """The visibility condition for one record of a known kind: only its branch, checked per row."""
    if kind == Person.Kind.ADULT:
        return _visible_adult_condition(user)
    return _visible_child_condition(user, per_row=True)


def can_see(user: User, person: Person) -> bool:
    """Whether `user` may open `person`'s record."""
    if getattr(person, "_opencsc_passed_gate_for", None) == user.pk:
        return True  # fetched through get_person_or_404 for this user in this request
    return Person.objects.filter(_one_person_condition(user, person.kind), pk=person.pk).exists()


def can(user: User, action: Action, person: Person | None = None) -> bool:
    """Whether `user`'s role allows `action` and, for a person's record, it is in their scope."""
    if not user.is_authenticated or not user.is_active or user.role not in RULES[action]:
        return False
    if action in UNSCOPED_ACTIONS or person is None:
        return True
    # Reading roles may look at everything but change nothing.
    changes = {
        Action.EDIT_PERSON,
        Action.ADD_RELATIONSHIP,
        Action.MERGE_PEOPLE,
        Action.ALLOCATE,
        Action.RESTRICT_RECORD,
    }
    if action in changes and user.role in READ_EVERY_CHILD_ROLES - {Role.HEAD_OF_SERVICE}:
        return False
    return can_see(user, person)


def require(user: User, action: Action, person: Person | None = None) -> None:
    """Raise PermissionDenied unless `user` may do `action` (to `person`)."""
    if not can(user, action, person):
        raise PermissionDenied(f"You do not have permission to {action.value}.")


def get_person_or_404(request: HttpRequest, pk: Any, *, log: bool = True) -> Person:
    """The person record `request.user` may open, or 404; writes the access-log row for the view."""
    user = request.user
    if not isinstance(user, User):
        raise Http404("No such record.")
    if user.role not in RULES[Action.VIEW_PERSON]:
        raise Http404("No such record.")
    try:
        # Read the kind first, so the gate checks only that branch of the rule for this one row.
        kind = Person.objects.filter(pk=pk).values_list("kind", flat=True).first()
        if kind is None:
            raise Person.DoesNotExist
        person = (
            Person.objects.filter(_one_person_condition(user, kind))
            .select_related("household__address", "merged_into")
            .get(pk=pk)
        )
    except (Person.DoesNotExist, ValueError, TypeError) as error:
        raise Http404("No such record.") from error
    person._opencsc_passed_gate_for = user.pk  # type: ignore[attr-defined]
    if log:
        from opencsc.audit import services as audit

        audit.log_view(by=user, child=person, record=person, action=Action.VIEW_PERSON.value)
    return person


# Front door.
#
# The MASH (its practitioners, and staff in a MASH team) works every contact; heads of service,
# quality assurance and performance read them. A partner agency's users see only the contacts their
# agency made and the checks addressed to their agency. Other staff open a contact only when they
# may open the record of a child it is about.


def works_front_door(user: User) -> bool:
    """Whether `user` works the MASH: triage, checks, proposing decisions."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.HEAD_OF_SERVICE:
        return True
    return user.role in CASE_HOLDING_ROLES and _is_in_mash(user)


def authorises_front_door(user: User) -> bool:
    """Whether `user` authorises threshold decisions: the MASH's managers and heads of service."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.role == Role.HEAD_OF_SERVICE or (
        user.role == Role.TEAM_MANAGER and _is_in_mash(user)
    )


def reads_front_door(user: User) -> bool:
    """Whether `user` may read the MASH's worklists: the MASH itself and the reading roles."""
    return works_front_door(user) or (user.is_active and user.role in READ_EVERY_CHILD_ROLES)


def visible_contacts(user: User) -> QuerySet[Contact]:
    """Contacts `user` may list: all of them for the MASH and readers, a partner agency's own."""
    if not user.is_authenticated or not user.is_active:
        return Contact.objects.none()
    if reads_front_door(user):
        return Contact.objects.all()
    if user.role == Role.PARTNER_AGENCY and user.agency_id is not None:
        return Contact.objects.filter(referrer_agency_id=user.agency_id)
    return Contact.objects.none()


def visible_checks(user: User) -> QuerySet[AgencyCheck]:
    """Agency checks `user` may list: all for the MASH and readers, their agency's for a partner."""
    if not user.is_authenticated or not user.is_active:
        return AgencyCheck.objects.none()
    if reads_front_door(user):
        return AgencyCheck.objects.all()
    if user.role == Role.PARTNER_AGENCY and user.agency_id is not None:
        return AgencyCheck.objects.filter(agency_id=user.agency_id)
    return AgencyCheck.objects.none()


def can_see_contact(user: User, contact: Contact) -> bool:
    """Whether `user` may open `contact`: in their list, or about a child whose record they see."""
    if visible_contacts(user).filter(pk=contact.pk).exists():
        return True
    if user.role == Role.PARTNER_AGENCY:
        return False
    children = ContactChild.objects.filter(contact=contact, child__isnull=False)
    return children.filter(_visible_child_condition(user, prefix="child__")).exists()


def _log_contact_view(user: User, contact: Contact, action: Action) -> None:
    from opencsc.audit import services as audit

    children = list(
        Person.objects.filter(contacts__contact=contact).order_by("pk").only("pk", "kind")
    )
    if children:
        audit.log_views(by=user, children=children, record=contact, action=action.value)
    else:
        audit.log_view(by=user, child=None, record=contact, action=action.value)


def get_contact_or_404(request: HttpRequest, pk: Any, *, log: bool = True) -> Contact:
    """The contact `request.user` may open, or 404; logs the view against each child it names."""
    user = request.user
    if not isinstance(user, User) or user.role not in RULES[Action.VIEW_CONTACT]:
        raise Http404("No such contact.")
    try:
        contact = Contact.objects.select_related(
            "referrer_agency", "team", "practitioner", "recorded_by", "stepped_up_from"
        ).get(pk=pk)
    except (Contact.DoesNotExist, ValueError, TypeError) as error:
        raise Http404("No such contact.") from error
    if not can_see_contact(user, contact):
        raise Http404("No such contact.")
    if log:
        _log_contact_view(user, contact, Action.VIEW_CONTACT)
    return contact


def get_check_or_404(request: HttpRequest, pk: Any) -> AgencyCheck:
    """The agency check `request.user` may open, or 404; logs the view."""
    user = request.user
    if not isinstance(user, User) or user.role not in RULES[Action.RETURN_CHECK] | {
        *READ_EVERY_CHILD_ROLES
    }:
        raise Http404("No such check.")
    try:
        check = (
            visible_checks(user)
            .select_related("agency", "contact", "requested_by", "returned_by")
            .get(pk=pk)
        )
    except (AgencyCheck.DoesNotExist, ValueError, TypeError) as error:
        raise Http404("No such check.") from error
    _log_contact_view(user, check.contact, Action.RETURN_CHECK)
    return check


def can_front_door(user: User, action: Action) -> bool:
    """Whether `user` may do a front-door `action`: managers authorise and plan the meeting, the
    MASH does the rest, and a partner agency records its own contacts and answers its checks."""
    if not can(user, action):
        return False
    if action in {Action.AUTHORISE_DECISION, Action.PLAN_MEETING}:
        return authorises_front_door(user)
    if user.role == Role.PARTNER_AGENCY:
        return action in {Action.RECORD_CONTACT, Action.RETURN_CHECK, Action.VIEW_CONTACT}
    return works_front_door(user)


def require_front_door(user: User, action: Action) -> None:
    """Raise PermissionDenied unless `user` may do the front-door `action`."""
    if not can_front_door(user, action):
        raise PermissionDenied(f"You do not have permission to {action.value}.")


# The pathway: a child's episode from allocation to closure.
#
# The team holding the case records its work (and, while no team holds it, the MASH: a strategy
# discussion can come before any allocation); the team's managers authorise it; heads of service do
# both for any child. Reading follows `can_see`.


def _holding_team_id(child: Person) -> int | None:
    cached: dict[int, int | None] = getattr(child, "_opencsc_holding_team", {})
    if child.pk not in cached:
        team_id = (
            Allocation.objects.filter(child_id=child.pk, ended_on=None)
            .values_list("team_id", flat=True)
            .first()
        )
        cached = {child.pk: team_id}
        child._opencsc_holding_team = cached  # type: ignore[attr-defined]
    return cached[child.pk]


def works_case(user: User, child: Person) -> bool:
    """Whether `user` may record work on `child`'s episode: a member of the team holding the case
    (the MASH while no team does), or a head of service."""
    if not can(user, Action.RECORD_CASEWORK) or not can_see(user, child):
        return False
    if user.role == Role.HEAD_OF_SERVICE:
        return True
    team_id = _holding_team_id(child)
    if team_id is None:
        return _is_in_mash(user)
    return team_id in _team_ids(user)


def manages_case(user: User, child: Person) -> bool:
    """Whether `user` may authorise work on `child`'s episode: a manager of the holding team (of
    the MASH while no team holds it), or a head of service."""
    return can(user, Action.AUTHORISE_CASEWORK) and works_case(user, child)


def require_works_case(user: User, child: Person) -> None:
    if not works_case(user, child):
        raise PermissionDenied("You do not have permission to record work for this child.")


def require_manages_case(user: User, child: Person) -> None:
    if not manages_case(user, child):
        raise PermissionDenied("Only a manager of the team holding this case may do this.")


def allocates_referrals(user: User) -> bool:
    """Whether `user` takes referrals waiting for a team: team managers and heads of service."""
    return can(user, Action.ALLOCATE)


def manages_team(user: User, team: Team) -> bool:
    """Whether `user` manages `team` (or is a head of service, who manages every team)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.HEAD_OF_SERVICE:
        return True
    return user.role == Role.TEAM_MANAGER and team.pk in _team_ids(user)


def managed_team_ids(user: User) -> list[int] | None:
    """The teams whose caseloads and alerts `user` oversees; None means every team."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.role in {Role.HEAD_OF_SERVICE, Role.QUALITY_ASSURANCE, Role.PERFORMANCE_ANALYST}:
        return None
    if user.role == Role.TEAM_MANAGER:
        return list(_team_ids(user))
    return []


def open_to_team_managers(user: User, child_field: str = "child") -> Q:
    """For rows a manager sees because they belong to the manager's own teams (due items, alerts):
    the rows about no child, an unrestricted child, or a restricted child naming `user`. Cheaper
    than the whole `visible_children` rule, which the team filter already implies."""
    named = Person.named_staff.through.objects.filter(user_id=user.pk).values("person_id")
    return (
        Q(**{f"{child_field}__isnull": True})
        | Q(**{f"{child_field}__is_restricted": False})
        | Q(**{f"{child_field}_id__in": named})
    )


def get_child_record_or_404(
    request: HttpRequest, queryset: QuerySet[Any], pk: Any, *, action: str
) -> Any:
    """A pathway record (anything with a `child`) `request.user` may open, or 404; logs the view
    against the child."""
    user = request.user
    if not isinstance(user, User) or user.role not in RULES[Action.VIEW_PERSON]:
        raise Http404("No such record.")
    try:
        record = queryset.select_related("child").get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404("No such record.") from error
    if not can_see(user, record.child):
        raise Http404("No such record.")
    record.child._opencsc_passed_gate_for = user.pk
    from opencsc.audit import services as audit

    audit.log_view(by=user, child=record.child, record=record, action=action)
    return record


def holds_cases(user: User) -> bool:
    """Whether `user` holds children's cases (a caseload): social workers, advanced practitioners
    and team managers outside the MASH."""
    if not user.is_authenticated or not user.is_active:
        return False
    holders = {Role.SOCIAL_WORKER, Role.ADVANCED_PRACTITIONER, Role.TEAM_MANAGER}
    return user.role in holders and not _is_in_mash(user)


def navigation(user: User) -> list[tuple[str, str, str]]:
    """The service navigation a user sees: (key, label, url name), only what their role can use."""
    items: list[tuple[str, str, str]] = [("home", "Home", "core:home")]
    if reads_front_door(user):
        items.append(("frontdoor", "MASH", "frontdoor:queue"))
    if authorises_front_door(user):
        items.append(("decisions", "Decisions to authorise", "frontdoor:awaiting-authorisation"))
    if user.is_authenticated and user.role == Role.PARTNER_AGENCY:
        items.append(("partner", "Your contacts and checks", "frontdoor:partner-home"))
    if holds_cases(user):
        items.append(("caseload", "Your cases", "workforce:my-caseload"))
    if can(user, Action.VIEW_CASELOADS):
        items.append(("caseloads", "Team caseloads", "workforce:team-caseloads"))
    if can(user, Action.ACKNOWLEDGE_ALERT):
        items.append(("alerts", "Alerts", "workforce:alerts"))
    if can(user, Action.SEARCH_PEOPLE):
        items.append(("people", "Find a person", "people:search"))
    if can(user, Action.VIEW_ACCESS_LOG):
        items.append(("audit", "Access log", "audit:access-log"))
    if can(user, Action.MANAGE_STAFF):
        items.append(("staff", "Staff and teams", "accounts:staff-list"))
    return items
