"""The front door's read gates and scopes.

The MASH (its practitioners, and staff in a MASH team) works every contact; heads of service,
quality assurance and performance read them. A partner agency's users see only the contacts their
agency made and the checks addressed to their agency. Other staff open a contact only when they
may open the record of a child it is about. Registered with permissions in FrontdoorConfig.ready.
"""

from django.db.models import QuerySet

from opencsc import permissions
from opencsc.accounts.models import Role, User
from opencsc.frontdoor.models import AgencyCheck, Contact, ContactChild
from opencsc.people.models import Person
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


def register() -> None:
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
