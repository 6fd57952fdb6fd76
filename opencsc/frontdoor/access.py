"""The front door's read gates and scopes.

The MASH (its practitioners, and staff in a MASH team) works every contact; heads of service,
quality assurance and performance read them. A partner agency's users see only the contacts their
agency made and the checks addressed to their agency. Other staff open a contact only when they
may open the record of a child it is about. Registered with permissions in FrontdoorConfig.ready.
"""

from collections.abc import Collection

from django.db.models import Q, QuerySet

from opencsc import permissions
from opencsc.accounts.models import Role, User
from opencsc.frontdoor.models import AgencyCheck, Contact, ContactChild
from opencsc.people.models import Person, Relationship
from opencsc.permissions import Scope

CONTACT_RELATED = ("referrer_agency", "team", "practitioner", "recorded_by", "stepped_up_from")
CHECK_RELATED = ("agency", "contact", "requested_by", "returned_by")


def _is_partner(user: User) -> bool:
    return user.role == Role.PARTNER_AGENCY and user.agency_id is not None


def visible_contacts(user: User) -> QuerySet[Contact]:
    """Contacts `user` may list: all of them for the MASH and readers, a partner agency's own."""
    if not user.is_authenticated or not user.is_active:
        return Contact.objects.none()
    if permissions.reads_front_door(user):
        return Contact.objects.all()
    if user.role == Role.PARTNER_AGENCY and user.agency_id is not None:
        return Contact.objects.filter(referrer_agency_id=user.agency_id)
    return Contact.objects.none()


def visible_checks(user: User) -> QuerySet[AgencyCheck]:
    """Agency checks `user` may list: all for the MASH and readers, their agency's for a partner."""
    if not user.is_authenticated or not user.is_active:
        return AgencyCheck.objects.none()
    if permissions.reads_front_door(user):
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
    return children.filter(permissions.visible_child_condition(user, "child__")).exists()


def can_see_check(user: User, check: AgencyCheck) -> bool:
    """Whether `user` may open `check`: the MASH and readers, or the agency it is addressed to."""
    if not user.is_authenticated or not user.is_active:
        return False
    return permissions.reads_front_door(user) or (
        _is_partner(user) and check.agency_id == user.agency_id
    )


def children_of(contact: Contact) -> list[Person]:
    """The recorded children a contact is about, whom each opening is logged against."""
    return list(Person.objects.filter(contacts__contact=contact).order_by("pk").only("pk", "kind"))


def partner_owns(user: User, record: Contact | AgencyCheck) -> bool:
    """Whether `record` is the partner agency's own: a contact it made, a check addressed to it."""
    agency_id = record.agency_id if isinstance(record, AgencyCheck) else record.referrer_agency_id
    return _is_partner(user) and agency_id == user.agency_id


OPEN_STATUSES = (Contact.Status.OPEN, Contact.Status.AWAITING_AUTHORISATION)


def _reason(contact_id: int) -> str:
    return f"Opened through contact CT{contact_id:07d}"


def open_contact_grants(user: User, ids: Collection[int]) -> dict[int, str]:
    """The contact-grants-access rule: MASH staff working an open contact (open, or awaiting a
    manager's authorisation) may open the records of the children named on it and of the adults
    linked to those children (a relationship, either way, or the same household) while it is open;
    never a restricted record. Each id it opens comes with the reason the access log records.
    Four queries, whatever the number of ids."""
    if not permissions.works_front_door(user) or user.role == Role.HEAD_OF_SERVICE:
        return {}  # a head of service reads every record already
    on_open_contacts = ContactChild.objects.filter(
        contact__status__in=OPEN_STATUSES, child__is_restricted=False
    ).order_by("contact_id")
    reasons: dict[int, str] = {}
    # Each query runs whatever it is given (an id 0 stands for none), so a page's count is fixed.
    for child_id, contact_id in on_open_contacts.filter(child_id__in=list(ids) or [0]).values_list(
        "child_id", "contact_id"
    ):
        reasons.setdefault(child_id, _reason(contact_id))
    unrestricted_adults = Person.objects.filter(
        pk__in=[pk for pk in ids if pk not in reasons] or [0],
        kind=Person.Kind.ADULT,
        is_restricted=False,
    )
    adults: dict[int, int | None] = dict(unrestricted_adults.values_list("pk", "household_id"))
    related: dict[int, set[int]] = {}
    links = Relationship.objects.filter(
        Q(from_person_id__in=list(adults) or [0]) | Q(to_person_id__in=list(adults) or [0])
    ).values_list("from_person_id", "to_person_id")
    for one, other in links:
        if one in adults:
            related.setdefault(other, set()).add(one)
        if other in adults:
            related.setdefault(one, set()).add(other)
    households = [household for household in adults.values() if household is not None]
    # The children first (by id or by household, each an index), then their contacts by the
    # (child, contact) index: an OR across the two tables would scan every contact's children.
    children = Person.objects.filter(
        Q(pk__in=list(related) or [0]) | Q(household_id__in=households or [0])
    ).values("pk")
    linked = on_open_contacts.filter(child_id__in=children).values_list(
        "child_id", "child__household_id", "contact_id"
    )
    for child_id, household_id, contact_id in linked:
        for adult in related.get(child_id, set()):
            reasons.setdefault(adult, _reason(contact_id))
        for adult, adults_household in adults.items():
            if household_id is not None and adults_household == household_id:
                reasons.setdefault(adult, _reason(contact_id))
    return reasons


def register() -> None:
    permissions.register_person_grant("open_contact", open_contact_grants)
    permissions.register_read_scope(
        Contact, may_open=can_see_contact, children=children_of, related=CONTACT_RELATED
    )
    permissions.register_read_scope(
        AgencyCheck,
        may_open=can_see_check,
        children=lambda check: children_of(check.contact),
        related=CHECK_RELATED,
    )
    permissions.register_scope(Scope.PARTNERS_OWN, partner_owns, model=Contact)
    permissions.register_scope(Scope.PARTNERS_OWN, partner_owns, model=AgencyCheck)
