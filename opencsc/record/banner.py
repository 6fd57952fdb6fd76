"""The record's banner: what a worker must know first, at the top of every page about a child.

The read gate notes the people a page opened (`permissions.subjects_of`); `banner_for` reads, for
them, the open child protection plan and its category, the open child in need plan, the open
episode and who holds it (team and worker), the restriction, and the open warnings on each person
or, for a child, on an adult in the child's household. It runs the same queries whatever the data:
one for the people (with everything but the warnings as subqueries) and one for the warnings; the
viewer's restricted records are read once a request by `people.display`. A person is shown only
through `people.display` (a restricted adult with a warning: "Restricted record", and the
warning's details are left on their record)."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, Subquery

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.casework.models import Allocation, Referral
from opencsc.core.codes import cin_choices
from opencsc.people import display
from opencsc.people.models import Person, PersonWarning, WarningReview
from opencsc.plans.models import CINPlan
from opencsc.protection.models import ProtectionPlan

CATEGORIES = dict(cin_choices("category_of_abuse"))
READERS = permissions.CASE_HOLDING_ROLES | permissions.READ_EVERY_CHILD_ROLES


@dataclass(frozen=True)
class BannerWarning:
    """An open warning as the banner shows it."""

    kind: str
    details: str
    on: display.ShownPerson
    on_adult: bool
    set_by: str
    set_on: date
    review_on: date
    review_due: bool


@dataclass
class BannerPerson:
    """What the banner says about one person the page is about."""

    shown: display.ShownPerson
    is_child: bool
    is_restricted: bool
    protection_category: str = ""
    has_protection_plan: bool = False
    has_cin_plan: bool = False
    has_open_episode: bool = False
    team: str = ""
    worker: str = ""
    warnings: list[BannerWarning] = field(default_factory=list)

    @property
    def has_news(self) -> bool:
        return self.is_child or self.is_restricted or bool(self.warnings)


def _open(model: Any, **conditions: Any) -> Any:
    return model.objects.filter(child_id=OuterRef("pk"), **conditions)


def _people(user: User, subjects: list[Person]) -> list[Person]:
    ids = [person.pk for person in subjects]
    opened = [person.pk for person in subjects if permissions.was_opened(person, user)]
    # A record about several children (a contact) may name a child the viewer may not open: the
    # banner speaks only of those they may.
    adult = Q(kind=Person.Kind.ADULT)
    may_see = Q(pk__in=opened or [0])
    if len(opened) < len(ids):
        may_see |= (adult & permissions.one_person_condition(user, Person.Kind.ADULT)) | (
            ~adult & permissions.one_person_condition(user, Person.Kind.CHILD)
        )
    else:
        # What building the rule reads (the viewer's teams, once a request), read anyway: the
        # page runs the same queries whether or not every subject passed the gate, and the query
        # below stays a look-up by key when they all did.
        permissions.team_ids(user)
    allocation = _open(Allocation, ended_on=None)
    rows = (
        Person.objects.filter(pk__in=ids or [0])
        .filter(may_see)
        .annotate(
            banner_category=Subquery(
                _open(ProtectionPlan, ended_on=None).values("latest_category")[:1]
            ),
            banner_cin_plan=Exists(_open(CINPlan, ended_on=None)),
            banner_episode=Exists(_open(Referral, status=Referral.Status.OPEN)),
            banner_team=Subquery(allocation.values("team__name")[:1]),
            banner_worker_first=Subquery(allocation.values("worker__first_name")[:1]),
            banner_worker_last=Subquery(allocation.values("worker__last_name")[:1]),
        )
    )
    found = {person.pk: person for person in rows}
    return [found[pk] for pk in ids if pk in found]


def _warnings(people: list[Person]) -> list[PersonWarning]:
    households = [person.household_id for person in people if person.is_child]
    in_household = Q(
        person__household_id__in=[pk for pk in households if pk is not None] or [0],
        person__kind=Person.Kind.ADULT,
        person__merged_into=None,
    )
    return list(
        PersonWarning.objects.filter(ended_on=None)
        .filter(Q(person_id__in=[person.pk for person in people] or [0]) | in_household)
        .select_related("person", "set_by")
        .order_by("review_on", "pk")
    )


def _shown_warning(viewer: User, warning: PersonWarning, today: date) -> BannerWarning:
    shown = display.shown_person(viewer, warning.person, link=False)
    set_by = warning.set_by
    return BannerWarning(
        kind=warning.get_kind_display(),
        details="" if shown.is_hidden else warning.details,
        on=shown,
        on_adult=not warning.person.is_child,
        set_by=set_by.get_full_name() or set_by.username,
        set_on=warning.set_on,
        review_on=warning.review_on,
        review_due=warning.review_on <= today,
    )


def banner_for(user: User, subjects: list[Person], *, today: date) -> list[BannerPerson]:
    """The banner for the people a page is about, in a fixed number of queries: the same with
    none (a contact naming only children the MASH has not matched yet) as with several."""
    if user.role not in READERS:
        return []
    people = _people(user, subjects)
    warnings = _warnings(people)
    # Who the viewer is named on (how a restricted person is shown), read once a request.
    display.named_restricted_ids(user)
    banner = []
    for person in people:
        category = getattr(person, "banner_category", None) or ""
        worker = " ".join(
            part
            for part in (
                getattr(person, "banner_worker_first", None),
                getattr(person, "banner_worker_last", None),
            )
            if part
        )
        own = [
            warning
            for warning in warnings
            if warning.person_id == person.pk
            or (
                person.is_child
                and person.household_id is not None
                and warning.person.household_id == person.household_id
                and not warning.person.is_child
            )
        ]
        banner.append(
            BannerPerson(
                shown=display.shown_person(user, person, link=False),
                is_child=person.is_child,
                is_restricted=person.is_restricted,
                protection_category=CATEGORIES.get(category, category),
                has_protection_plan=bool(category),
                has_cin_plan=bool(getattr(person, "banner_cin_plan", False)),
                has_open_episode=bool(getattr(person, "banner_episode", False)),
                team=getattr(person, "banner_team", None) or "",
                worker=worker,
                warnings=[_shown_warning(user, warning, today) for warning in own],
            )
        )
    return [entry for entry in banner if entry.has_news]


def warnings_of(person: Person) -> list[PersonWarning]:
    """Every warning on `person`, open ones first, each with its reviews (`history`), in two
    queries whatever the number of warnings (none skipped, so the page's count is fixed)."""
    warnings = list(
        PersonWarning.objects.filter(person=person)
        .select_related("set_by", "ended_by")
        .order_by(F("ended_on").desc(nulls_first=True), "-set_on", "-pk")
    )
    reviews = WarningReview.objects.filter(warning__person=person).select_related("reviewed_by")
    history: dict[int, list[WarningReview]] = {}
    for review in reviews.order_by("reviewed_on", "pk"):
        history.setdefault(review.warning_id, []).append(review)
    for warning in warnings:
        warning.history = history.get(warning.pk, [])  # type: ignore[attr-defined]
    return warnings
