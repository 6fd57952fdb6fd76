"""Reads for the front door: the MASH queue, worklists, the meeting agenda and one contact's page.

Each list starts from `access.visible_contacts` / `visible_checks`, is ordered by an index and
runs the same number of queries whatever the number of rows (the page is sliced, its children and
decisions prefetched).
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth

from opencsc import permissions
from opencsc.accounts.models import Role, Team, User
from opencsc.casework.models import Referral, Transfer
from opencsc.frontdoor import access
from opencsc.frontdoor.codes import STATUTORY_OUTCOMES, ChecksAtProposal, Consent, Outcome, Rating
from opencsc.frontdoor.models import (
    AgencyCheck,
    ConsentOverride,
    ConsentRecord,
    Contact,
    ContactChild,
    ContactDecision,
    ContactNotification,
    MeetingItem,
)
from opencsc.people import display
from opencsc.people.involvement import Involvement, involvements
from opencsc.people.models import Person
from opencsc.permissions import Action


def _overdue_check_condition(*, now: datetime, today: date) -> Q:
    """A requested check past its time: its hour deadline passed, or its due day."""
    return Q(status=AgencyCheck.Status.REQUESTED) & (
        Q(due_at__lt=now) | Q(due_at__isnull=True, due_on__lt=today)
    )


def _children_prefetch() -> Prefetch:
    return Prefetch(
        "children", queryset=ContactChild.objects.select_related("child").order_by("pk")
    )


def _with_queue_columns(contacts: QuerySet[Contact], *, now: datetime, today: date) -> QuerySet:
    checks = AgencyCheck.objects.filter(contact_id=OuterRef("pk"))
    open_checks = (
        checks.filter(status=AgencyCheck.Status.REQUESTED)
        .order_by()
        .values("contact_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    overdue_checks = (
        checks.filter(_overdue_check_condition(now=now, today=today))
        .order_by()
        .values("contact_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        contacts.select_related("practitioner", "referrer_agency")
        .prefetch_related(_children_prefetch())
        .annotate(
            due_status=Case(
                When(decision_due_on__lt=today, then=Value("overdue")),
                When(decision_due_on=today, then=Value("due_today")),
                default=Value("due"),
                output_field=CharField(),
            ),
            open_checks=Coalesce(Subquery(open_checks, output_field=IntegerField()), 0),
            overdue_checks=Coalesce(Subquery(overdue_checks, output_field=IntegerField()), 0),
        )
    )


@dataclass(frozen=True)
class QueueFilters:
    """The MASH queue's filters; empty values mean all."""

    rating: str = ""
    status: str = ""
    overdue_only: bool = False
    practitioner: User | None = None


def mash_queue(
    *, user: User, now: datetime, today: date, filters: QueueFilters | None = None
) -> QuerySet[Contact]:
    """Contacts awaiting a decision, contacts not yet rated first, then red, amber and green, each
    soonest deadline first, tagged due, due today or overdue, with their open and overdue checks."""
    filters = filters or QueueFilters()
    contacts = access.visible_contacts(user).exclude(status=Contact.Status.DECIDED)
    if filters.rating == "unrated":
        contacts = contacts.filter(rating="")
    elif filters.rating in Rating.values:
        contacts = contacts.filter(rating=filters.rating)
    if filters.status in Contact.Status.values:
        contacts = contacts.filter(status=filters.status)
    if filters.overdue_only:
        contacts = contacts.filter(decision_due_on__lt=today)
    if filters.practitioner is not None:
        contacts = contacts.filter(practitioner=filters.practitioner)
    return _with_queue_columns(contacts, now=now, today=today).order_by(
        "rating_order", "decision_due_on", "id"
    )


def decisions_awaiting_authorisation(*, user: User, today: date) -> QuerySet[ContactDecision]:
    """Proposed threshold decisions a manager may authorise: a red contact or a proposed strategy
    discussion (section 47) first, then the longest waiting."""
    if not permissions.can(user, Action.AUTHORISE_DECISION):
        return ContactDecision.objects.none()
    return (
        ContactDecision.objects.filter(status=ContactDecision.Status.PROPOSED)
        .select_related("contact", "proposed_by", "amends")
        .prefetch_related(
            Prefetch(
                "contact__children",
                queryset=ContactChild.objects.select_related("child").order_by("pk"),
            )
        )
        .annotate(
            due_status=Case(
                When(contact__decision_due_on__lt=today, then=Value("overdue")),
                When(contact__decision_due_on=today, then=Value("due_today")),
                default=Value("due"),
                output_field=CharField(),
            ),
            risk=Case(
                When(Q(contact__rating=Rating.RED) | Q(outcome=Outcome.SECTION_47), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("risk", "proposed_at", "id")
    )


def overdue_checks(*, user: User, now: datetime, today: date) -> QuerySet[AgencyCheck]:
    """Agency checks past their time and still unanswered, most overdue first."""
    return (
        access.visible_checks(user)
        .filter(_overdue_check_condition(now=now, today=today))
        .select_related("agency", "contact", "requested_by")
        .order_by("due_on", "id")
    )


def partner_contacts(*, user: User) -> QuerySet[Contact]:
    """The contacts a partner agency made, newest first."""
    return (
        access.visible_contacts(user)
        .select_related("recorded_by")
        .prefetch_related(
            Prefetch("children", queryset=ContactChild.objects.order_by("pk")),
            Prefetch(
                "decisions",
                queryset=ContactDecision.objects.filter(status=ContactDecision.Status.AUTHORISED),
                to_attr="authorised_decisions",
            ),
        )
        .order_by("-received_at", "-id")
    )


def in_agency_words(
    contact: Contact, links: list[ContactChild], *, user: User
) -> list[ContactChild]:
    """The children of `contact` a partner agency user may see, in their agency's own words: on
    a contact their agency made, the children it named (the name, date of birth and address it
    gave, never the record the MASH matched them to); on anyone else's contact, none. Templates
    show a partner only `given_name`, `given_date_of_birth` and `given_address` of these."""
    if user.agency_id is None or contact.referrer_agency_id != user.agency_id:
        return []
    return [link for link in links if link.given_name]


def partner_checks(*, user: User, waiting: bool) -> QuerySet[AgencyCheck]:
    """Checks addressed to the user's agency: those waiting for an answer, soonest due first, or
    those answered, newest first."""
    checks = access.visible_checks(user).select_related("contact", "requested_by")
    if waiting:
        return checks.filter(status=AgencyCheck.Status.REQUESTED).order_by("due_on", "id")
    return checks.exclude(status=AgencyCheck.Status.REQUESTED).order_by("-requested_at", "-id")


# A contact not yet decided: the open queue (the contact_queue index's condition).
OPEN_STATUSES = [status for status in Contact.Status if status != Contact.Status.DECIDED]


def meeting_agenda(*, user: User, meeting_on: date, now: datetime) -> QuerySet[Contact]:
    """The contacts for a day's MASH meeting: those the manager chose for it, and by rule every
    undecided red contact and every contact with a check past its time."""
    # Three indexed reads joined by UNION (the day's items; the open queue's red contacts; the
    # checks waiting past their time), where one OR across them read every contact (issue 15).
    todays = MeetingItem.objects.filter(meeting_on=meeting_on)
    undecided = ~Q(status=Contact.Status.DECIDED)
    red = Contact.objects.filter(undecided, rating=Rating.RED).values("pk")
    late = AgencyCheck.objects.filter(
        _overdue_check_condition(now=now, today=meeting_on), contact__status__in=OPEN_STATUSES
    ).values("contact_id")
    on_agenda = todays.values("contact_id").union(red, late)
    contacts = access.visible_contacts(user).filter(pk__in=on_agenda)
    return (
        _with_queue_columns(contacts, now=now, today=meeting_on)
        .annotate(is_chosen=Exists(todays.filter(contact_id=OuterRef("pk"))))
        .prefetch_related(
            Prefetch(
                "meeting_items",
                queryset=MeetingItem.objects.filter(meeting_on=meeting_on).select_related(
                    "agreed_by", "added_by"
                ),
                to_attr="todays_items",
            )
        )
        .order_by("rating_order", "decision_due_on", "id")
    )


@dataclass
class ContactPage:
    """Everything a contact's page shows, read in a fixed number of queries."""

    children: list[ContactChild]
    ratings: list
    checks: list[AgencyCheck]
    decisions: list[ContactDecision]
    meeting_items: list[MeetingItem]
    referrals: list[Referral]
    transfers: list[Transfer]
    consent_records: list[ConsentRecord] = field(default_factory=list)
    consent_overrides: list[ConsentOverride] = field(default_factory=list)
    # Known children (issue 12): each matched child's open involvement, which of them the viewer
    # may open, and who was told of the contact. Empty for a partner agency.
    known: "KnownChildren | None" = None

    @property
    def involvement(self) -> dict[int, Involvement]:
        return self.known.involvement if self.known else {}

    @property
    def openable_ids(self) -> set[int]:
        return self.known.openable_ids if self.known else set()

    @property
    def notifications(self) -> list[ContactNotification]:
        return self.known.notifications if self.known else []

    @property
    def known_children(self) -> list[tuple[ContactChild, Involvement]]:
        """The matched children with an open involvement, and what it is."""
        return [
            (link, self.involvement[link.child_id])
            for link in self.children
            if link.child_id in self.involvement and self.involvement[link.child_id].is_open
        ]

    @property
    def current_decision(self) -> ContactDecision | None:
        for decision in self.decisions:
            if decision.status == ContactDecision.Status.AUTHORISED:
                return decision
        return None

    @property
    def proposed_decision(self) -> ContactDecision | None:
        for decision in self.decisions:
            if decision.status == ContactDecision.Status.PROPOSED:
                return decision
        return None

    @property
    def unmatched_children(self) -> list[ContactChild]:
        return [link for link in self.children if link.child_id is None]

    @property
    def open_checks(self) -> list[AgencyCheck]:
        return [check for check in self.checks if check.status == AgencyCheck.Status.REQUESTED]

    @property
    def waiting_override(self) -> ConsentOverride | None:
        for override in self.consent_overrides:
            if override.status == ConsentOverride.Status.PROPOSED:
                return override
        return None


def contact_page(contact: Contact, *, user: User) -> ContactPage:
    """A contact's children, ratings, checks (only their own agency's for a partner), decisions,
    meeting notes, referrals and transfers."""
    checks = contact.checks.select_related("agency", "requested_by", "returned_by").order_by(
        "requested_at", "id"
    )
    if not permissions.reads_front_door(user):
        checks = checks.filter(agency_id=user.agency_id) if user.agency_id else checks.none()
    children = list(contact.children.select_related("child").order_by("pk"))
    return ContactPage(
        children=children,
        ratings=list(contact.ratings.select_related("rated_by")),
        checks=list(checks),
        decisions=list(
            contact.decisions.select_related(
                "proposed_by", "reviewed_by", "early_help_team", "amends"
            ).order_by("-version")
        ),
        meeting_items=list(
            contact.meeting_items.select_related("agreed_by", "added_by").order_by("-meeting_on")
        ),
        referrals=list(contact.referrals.select_related("child", "previous_referral")),
        transfers=list(contact.transfers.select_related("child", "from_team", "to_team")),
        consent_records=list(contact.consent_records.select_related("asked_by")),
        consent_overrides=list(
            contact.consent_overrides.select_related("proposed_by", "reviewed_by")
        ),
        known=_known_children(contact, children, user=user),
    )


@dataclass
class KnownChildren:
    """What a contact's page shows of its children already known to children's services."""

    involvement: dict[int, Involvement]
    openable_ids: set[int]
    notifications: list[ContactNotification]


def _known_children(contact: Contact, children: list[ContactChild], *, user: User) -> KnownChildren:
    """The involvement of each matched child, which the viewer may open, and who was told: a
    fixed number of queries. Nothing for a partner agency, who sees only its own words."""
    if user.role == Role.PARTNER_AGENCY:
        return KnownChildren({}, set(), [])
    # A restricted child the viewer is not named on shows no involvement either.
    ids = [
        link.child.pk
        for link in children
        if link.child is not None and not display.is_hidden(user, link.child)
    ]
    openable = set(
        permissions.visible_people(user).filter(pk__in=ids or [0]).values_list("pk", flat=True)
    )
    others = [pk for pk in ids if pk not in openable] or [0]  # 0: none, the same queries
    openable |= set(permissions.granted_reasons(user, others))
    notifications = contact.notifications.select_related("child", "told", "recorded_by")
    return KnownChildren(
        involvement=involvements(ids),
        openable_ids=openable,
        notifications=list(notifications.order_by("told_at", "pk")),
    )


def contacts_for_child(child: Person, *, limit: int = 10) -> list[Contact]:
    """A child's most recent contacts, each with its authorised decision and the child's referral
    from it, for the child's record."""
    return list(
        Contact.objects.filter(children__child=child)
        .select_related("referrer_agency")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=ContactDecision.objects.filter(
                    status__in=[ContactDecision.Status.AUTHORISED, ContactDecision.Status.PROPOSED]
                ).order_by("-version"),
                to_attr="live_decisions",
            ),
            Prefetch(
                "referrals",
                queryset=Referral.objects.filter(child=child),
                to_attr="child_referrals",
            ),
            # Checks the authorising manager let come back after the decision (issue 13).
            Prefetch(
                "checks",
                queryset=AgencyCheck.objects.filter(kept_open_at_decision=True)
                .select_related("agency")
                .order_by("requested_at", "pk"),
                to_attr="late_checks",
            ),
        )
        .order_by("-received_at", "-id")[:limit]
    )


def early_help_transfers_by_month(*, since: date) -> list[dict]:
    """Step-downs to and step-ups from early help, counted by month since `since`."""
    rows = (
        Transfer.objects.filter(transferred_on__gte=since)
        .annotate(month=TruncMonth("transferred_on"))
        .values("month")
        .annotate(
            step_downs=Count("pk", filter=Q(kind=Transfer.Kind.STEP_DOWN)),
            step_ups=Count("pk", filter=Q(kind=Transfer.Kind.STEP_UP)),
        )
        .order_by("month")
    )
    return list(rows)


def recent_transfers(*, kind: str = "") -> QuerySet[Transfer]:
    """Early help transfers, newest first, optionally of one direction."""
    transfers = Transfer.objects.select_related("child", "from_team", "to_team", "recorded_by")
    if kind in Transfer.Kind.values:
        transfers = transfers.filter(kind=kind)
    return transfers.order_by("-transferred_on", "-id")


def episodes_joined(decision: ContactDecision) -> list[Referral]:
    """The open episodes an authorised decision's contact joined rather than opened: its children
    already had one, opened earlier or by another decision authorised at the same moment."""
    if decision.outcome not in STATUTORY_OUTCOMES:
        return []
    return list(
        Referral.objects.filter(
            child__contacts__contact_id=decision.contact_id, status=Referral.Status.OPEN
        )
        .exclude(decision=decision)
        .select_related("child", "contact")
        .order_by("child__pk")
    )


def contact_of_decision(pk: int) -> int | None:
    """The contact a threshold decision belongs to (None when there is no such decision)."""
    return ContactDecision.objects.filter(pk=pk).values_list("contact_id", flat=True).first()


def staff_to_tell(team: Team | None) -> list[User]:
    """The staff the MASH may record it told of a contact: active case-holding staff of `team`
    (one team, never the authority's staff) and the heads of service (never a partner agency or
    an administrator), by name."""
    of_team = Q(memberships__team=team, role__in=permissions.CASE_HOLDING_ROLES) if team else Q()
    heads = Q(role=Role.HEAD_OF_SERVICE)
    return list(
        User.objects.filter(of_team | heads if team else heads, is_active=True)
        .distinct()
        .order_by("last_name", "pk")
    )


def holding_team(contact: Contact, teams: QuerySet[Team]) -> Team | None:
    """The team holding the case of the contact's children, among `teams`, when it is one team."""
    holding = list(
        teams.filter(
            allocations__child__contacts__contact=contact, allocations__ended_on=None
        ).distinct()[:2]
    )
    return holding[0] if len(holding) == 1 else None


def notice_of(pk: int, *, user: User) -> ContactNotification | None:
    """`user`'s own notice of a new contact (told in OpenCSC), or None."""
    return (
        ContactNotification.objects.filter(
            pk=pk, told=user, method=ContactNotification.Method.IN_APP
        )
        .select_related("contact", "child")
        .first()
    )


# Safeguards at the front door (issue 13): consent, overrides and decisions made without checks.


@dataclass(frozen=True)
class ConsentOutcomes:
    """How consent stood on the contacts received in a period."""

    given: int
    refused: int
    not_sought: int
    overridden_by_manager: int
    overridden_typed: int
    checks_without_consent: int


def consent_outcomes(*, user: User, since: date) -> ConsentOutcomes:
    """Contacts received since `since` by consent, overrides (by a manager's login, or typed
    before issue 13) and checks sent with neither consent nor an override: one query."""
    contacts = access.visible_contacts(user).filter(received_at__date__gte=since)
    unshared = AgencyCheck.objects.filter(contact_id=OuterRef("pk"))
    counts = contacts.aggregate(
        given=Count("pk", filter=Q(consent=Consent.GIVEN)),
        refused=Count("pk", filter=Q(consent=Consent.REFUSED)),
        not_sought=Count("pk", filter=Q(consent=Consent.NOT_SOUGHT)),
        overridden_by_manager=Count(
            "pk", filter=Q(is_consent_overridden=True, consent_override_authorised_by__isnull=False)
        ),
        overridden_typed=Count(
            "pk", filter=Q(is_consent_overridden=True, consent_override_authorised_by__isnull=True)
        ),
        checks_without_consent=Count(
            "pk",
            filter=Q(Exists(unshared)) & ~Q(consent=Consent.GIVEN) & Q(is_consent_overridden=False),
        ),
    )
    return ConsentOutcomes(**counts)


def consent_overrides(*, user: User, since: date) -> QuerySet[Contact]:
    """Contacts received since `since` whose consent was overridden, newest first, with who
    authorised it (a manager's login, or the name typed before issue 13)."""
    return (
        access.visible_contacts(user)
        .filter(received_at__date__gte=since, is_consent_overridden=True)
        .select_related("consent_override_authorised_by")
        .order_by("-received_at", "-id")
    )


def decisions_without_checks(*, user: User, since: date) -> QuerySet[ContactDecision]:
    """Authorised decisions since `since` proposed with no agency check returned (none requested,
    or some still outstanding), newest first, with the reason the manager read."""
    if not permissions.can(user, Action.VIEW_FRONT_DOOR_SAFEGUARDS):
        return ContactDecision.objects.none()
    return (
        ContactDecision.objects.filter(
            contact__in=access.visible_contacts(user),
            status__in=[ContactDecision.Status.AUTHORISED, ContactDecision.Status.SUPERSEDED],
            reviewed_at__date__gte=since,
            checks_at_proposal__in=[ChecksAtProposal.NONE, ChecksAtProposal.OUTSTANDING],
        )
        .select_related("contact", "proposed_by", "reviewed_by")
        .order_by("-reviewed_at", "-id")
    )


def count_decisions_without_checks(*, user: User, since: date) -> dict[str, int]:
    """How many decisions authorised since `since` had no check requested, or checks still out."""
    decisions = decisions_without_checks(user=user, since=since)
    return decisions.aggregate(
        none_requested=Count("pk", filter=Q(checks_at_proposal=ChecksAtProposal.NONE)),
        outstanding=Count("pk", filter=Q(checks_at_proposal=ChecksAtProposal.OUTSTANDING)),
    )


def override_of(pk: int) -> int | None:
    """The contact a consent override belongs to (None when there is no such override)."""
    return ConsentOverride.objects.filter(pk=pk).values_list("contact_id", flat=True).first()
