"""Which records a user may open (need to know).

- the team the case is allocated to (every member: workers, practitioners, the team manager);
- while no team holds the case: the teams that held it before (a closed case stays readable);
- while no team holds the case: the MASH, and the team that recorded the child;
- head of service, quality assurance officers and performance analysts: every child, to read only;
- a restricted record: only the staff named on it, whatever their role;
- partner-agency users and administrators: no child's record (the front door gives partner agencies
  their own submissions and checks, never the record).
Adults are seen through the children they are related to, or by the team that recorded them.

The episode's tables (allocations, referrals, transfers between teams) are reached through the
person's reverse relations by name, so this module imports nothing from the apps above it. Apps
whose records are not about one child (the front door's contacts and checks) register how to open
them with `register_read_scope`.
"""

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from opencsc.accounts.models import Role, User
from opencsc.people.models import Person, PersonQuerySet, Relationship
from opencsc.permissions.actions import CASE_HOLDING_ROLES, READ_EVERY_CHILD_ROLES
from opencsc.permissions.staff import is_in_mash, team_ids


def _episode_rows(relation: str) -> QuerySet[Any]:
    """Every row of the model behind the person's reverse `relation` (e.g. "allocations")."""
    model = Person._meta.get_field(relation).related_model
    if not (isinstance(model, type) and issubclass(model, Model)):
        raise LookupError(f"Person has no relation named {relation!r}.")
    return model._default_manager.all()


def _cached(user: User, key: tuple[Any, ...], build: Callable[[], Q]) -> Q:
    """A condition built once for the request's user object (as `staff.team_ids` caches the
    teams it depends on): building the nested subqueries costs more than running them. Keyed
    by what else it depends on (role, active), so a changed role builds it again."""
    conditions: dict[tuple[Any, ...], Q] | None = getattr(user, "_opencsc_conditions", None)
    if conditions is None:
        conditions = {}
        user._opencsc_conditions = conditions  # type: ignore[attr-defined]
    full_key = (*key, user.pk, user.role, user.is_active, user.is_authenticated)
    if full_key not in conditions:
        conditions[full_key] = build()
    return conditions[full_key]


def _visible_child_condition(user: User, prefix: str = "", *, per_row: bool = False) -> Q:
    """The condition a Person row (reached through `prefix`, e.g. "to_person__") must meet to be a
    child `user` may open: in scope and unrestricted, or restricted and naming `user`."""
    return _cached(
        user,
        ("child", prefix, per_row),
        lambda: _build_visible_child_condition(user, prefix, per_row=per_row),
    )


def _build_visible_child_condition(user: User, prefix: str, *, per_row: bool) -> Q:
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.role not in CASE_HOLDING_ROLES | READ_EVERY_CHILD_ROLES:
        return Q(pk__in=[])

    def on(lookup: str, value: object) -> Q:
        return Q(**{f"{prefix}{lookup}": value})

    open_allocations = _episode_rows("allocations").filter(ended_on=None)
    named = Person.named_staff.through.objects.filter(user_id=user.pk)
    if prefix or per_row:
        # One row, or reached from another row (a relationship): look the child up by its key.
        child_id = OuterRef(f"{prefix}id") if prefix else OuterRef("pk")
        allocated = Q(Exists(open_allocations.filter(child_id=child_id)))
        held_by_my_team = Q(
            Exists(open_allocations.filter(child_id=child_id, team_id__in=team_ids(user)))
        )
        is_named = Q(Exists(named.filter(person_id=child_id)))
    else:
        # Uncorrelated IN sets: the database hashes them once per query, where a correlated
        # EXISTS per row is many times slower over a large borough's whole index.
        allocated = Q(pk__in=open_allocations.values("child_id"))
        held_by_my_team = Q(
            pk__in=open_allocations.filter(team_id__in=team_ids(user)).values("child_id")
        )
        is_named = Q(pk__in=named.values("person_id"))
    if user.role in READ_EVERY_CHILD_ROLES:
        scope = Q()
    else:
        unallocated = ~allocated
        # A closed case stays readable by the team that last held it (and any team that held
        # it before): they answer questions about it and see a re-referral's history.
        past = _episode_rows("allocations").filter(
            team_id__in=team_ids(user), ended_on__isnull=False
        )
        if prefix or per_row:
            held_before = Q(Exists(past.filter(child_id=child_id)))
        else:
            held_before = Q(pk__in=past.values("child_id"))
        scope = held_by_my_team | (
            unallocated & (on("recording_team_id__in", team_ids(user)) | held_before)
        )
        if is_in_mash(user):
            scope |= unallocated
        elif user.role == Role.TEAM_MANAGER:
            # A referral waiting for a team: every team manager may read it to take it on.
            open_referrals = _episode_rows("referrals").filter(status="open")
            if prefix or per_row:
                awaiting = Q(Exists(open_referrals.filter(child_id=child_id)))
            else:
                awaiting = Q(pk__in=open_referrals.values("child_id"))
            scope |= unallocated & awaiting
            # A case offered to the manager's team: they read it before accepting the transfer.
            offered = _episode_rows("team_transfers").filter(
                status="proposed", to_team_id__in=team_ids(user)
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


def visible_child_condition(user: User, prefix: str) -> Q:
    """For rows that name a child through `prefix` (e.g. "child__"): the child is one `user` may
    open, checked per row."""
    return _visible_child_condition(user, prefix=prefix)


def _visible_adult_condition(user: User, *, related_to_visible_child: Q | None = None) -> Q:
    """Adults `user` may open: related to a child they may open, or recorded by their team.
    `related_to_visible_child`: that first condition when the caller has already found the
    adults it holds for (`openable_among`); by default a correlated check of each row."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.role not in CASE_HOLDING_ROLES | READ_EVERY_CHILD_ROLES:
        return Q(pk__in=[])
    named = Person.named_staff.through.objects.filter(user_id=user.pk).values("person_id")
    restricted_and_named = Q(is_restricted=True, pk__in=named)
    if user.role in READ_EVERY_CHILD_ROLES:
        return Q(kind=Person.Kind.ADULT) & (Q(is_restricted=False) | restricted_and_named)
    if related_to_visible_child is None:
        related_to_visible_child = _cached(
            user, ("adult-related",), lambda: _related_to_visible_child(user)
        )
    in_scope = related_to_visible_child | Q(recording_team_id__in=team_ids(user))
    return Q(kind=Person.Kind.ADULT) & ((Q(is_restricted=False) & in_scope) | restricted_and_named)


def _related_to_visible_child(user: User) -> Q:
    """Adults related (either way) to a child `user` may open. Correlated: checked only for the
    rows a search or a lookup has already narrowed down."""
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
    return Q(parent_of_visible_child) | Q(child_of_visible_child)


def holding_condition(user: User) -> Q:
    """People whose restriction `user` answers for, whether or not the record names them: the
    managers of the team holding the child's case (the MASH's managers while no team holds it) and
    every head of service. They always see that such a record exists, and may lift or change its
    restriction; they open it only when it names them."""
    if not answers_for_restrictions(user):
        return Q(pk__in=[])
    if user.role == Role.HEAD_OF_SERVICE:
        return Q()
    open_allocations = _episode_rows("allocations").filter(ended_on=None)
    held = Q(pk__in=open_allocations.filter(team_id__in=team_ids(user)).values("child_id"))
    if is_in_mash(user):
        held |= ~Q(pk__in=open_allocations.values("child_id"))
    return held


def answers_for_restrictions(user: User) -> bool:
    """Whether `user`'s role answers for restricted records at all (`holding_condition`): team
    managers and heads of service. Nobody else needs to be asked which ones."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role in (Role.HEAD_OF_SERVICE, Role.TEAM_MANAGER)
    )


def holds_record(user: User, person: Person) -> bool:
    """Whether `user` answers for `person`'s restriction (see `holding_condition`)."""
    return Person.objects.filter(holding_condition(user), pk=person.pk).exists()


def held_restricted(user: User) -> PersonQuerySet:
    """Restricted records `user` answers for but may not open: shown to them as "Restricted
    record", with no name, date of birth or number, and a link to manage the restriction."""
    named = Person.named_staff.through.objects.filter(user_id=user.pk).values("person_id")
    return (
        Person.objects.current()
        .filter(holding_condition(user), is_restricted=True)
        .exclude(pk__in=named)
    )


def visible_children(user: User) -> PersonQuerySet:
    """Children whose records `user` may open. Every list, page, export and KPI starts here."""
    return Person.objects.filter(_visible_child_condition(user))


def visible_people(user: User) -> PersonQuerySet:
    """Every person record `user` may open: visible children and the adults linked to them."""
    return Person.objects.filter(_visible_child_condition(user) | _visible_adult_condition(user))


def openable_among(user: User, ids: Collection[int]) -> set[int]:
    """Of these people (a page of search results), those `user` may open by need to know, in
    three queries whatever the page holds: the page's relationships, which of the page's children
    and the adults' related children `user` may open (each checked per row by its keys), then
    the page's adults. The borough-wide conditions of `visible_people` would have PostgreSQL hash
    every relationship and allocation of a large borough for 25 rows."""
    page = list(ids) or [0]
    related: dict[int, set[int]] = {}
    links = Relationship.objects.filter(
        Q(from_person_id__in=page) | Q(to_person_id__in=page)
    ).values_list("from_person_id", "to_person_id")
    for one, other in links:
        related.setdefault(one, set()).add(other)
        related.setdefault(other, set()).add(one)
    candidates = set(page).union(*related.values())
    children = set(
        Person.objects.filter(
            _visible_child_condition(user, per_row=True), pk__in=candidates
        ).values_list("pk", flat=True)
    )
    with_child = [pk for pk in page if related.get(pk, set()) & children]
    adults = Person.objects.filter(
        _visible_adult_condition(user, related_to_visible_child=Q(pk__in=with_child or [0])),
        pk__in=page,
    ).values_list("pk", flat=True)
    return (children & set(page)) | set(adults)


def one_person_condition(user: User, kind: str) -> Q:
    """The visibility condition for one record of a known kind: only its branch, checked per row."""
    if kind == Person.Kind.ADULT:
        return _visible_adult_condition(user)
    return _visible_child_condition(user, per_row=True)


def mark_opened(person: Person, user: User) -> None:
    """Remember that `user` passed the gate for `person` in this request."""
    person._opencsc_passed_gate_for = user.pk  # type: ignore[attr-defined]


def was_opened(person: Person, user: User) -> bool:
    """Whether `person` passed the read gate for `user` in this request (`mark_opened`)."""
    return getattr(person, "_opencsc_passed_gate_for", None) == user.pk


def remember_visibility(user: User, people: Sequence[Person]) -> None:
    """Whether `user` may open each of `people` (the children a note is about, a family), read
    in a fixed number of queries whatever their number and kept on each person, so that
    `can_see`, and every permission asked of them, asks the database no more."""
    ids = {person.pk for person in people}
    openable = openable_among(user, ids)
    granted = granted_reasons(user, sorted(ids - openable) or [0])
    for person in people:
        if person.pk in granted and person.pk not in openable:
            mark_granted(person, user, granted[person.pk])
        if person.pk in openable or person.pk in granted:
            mark_opened(person, user)
        else:
            person._opencsc_hidden_from = user.pk  # type: ignore[attr-defined]


def can_see(user: User, person: Person) -> bool:
    """Whether `user` may open `person`'s record: need to know, or a grant for a reason (the
    front door's open contact), which is kept on the person for the access log."""
    if was_opened(person, user):
        return True  # fetched through the read gate for this user in this request
    if getattr(person, "_opencsc_hidden_from", None) == user.pk:
        return False  # read with others by `remember_visibility`
    if Person.objects.filter(one_person_condition(user, person.kind), pk=person.pk).exists():
        return True
    return opens_by_grant(user, person)


def opens_by_grant(user: User, person: Person) -> bool:
    """Whether a registered grant lets `user` open `person` (beyond need to know); if so, the
    person is marked opened with the grant's reason, for the access log."""
    reason = granted_reasons(user, [person.pk]).get(person.pk)
    if reason is None:
        return False
    mark_granted(person, user, reason)
    return True


# Why a user may open some people's records beyond need to know: given the user and some person
# ids, the reason for each id it opens ("Opened through contact CT0000012"). A grant never opens
# a restricted record (only the staff named on it open that).
PersonGrant = Callable[[User, Collection[int]], dict[int, str]]

_person_grants: dict[str, PersonGrant] = {}


def register_person_grant(name: str, grant: PersonGrant) -> None:
    """Let an app open people's records for a reason it answers for (called from its
    AppConfig.ready: the front door's "a contact the MASH is working", `frontdoor/access.py`).
    The gate writes the reason into the access-log row of each opening."""
    _person_grants[name] = grant


def granted_reasons(user: User, ids: Collection[int]) -> dict[int, str]:
    """The people of `ids` that a registered grant lets `user` open, each with its reason."""
    reasons: dict[int, str] = {}
    if not ids or not user.is_authenticated or not user.is_active:
        return reasons
    for grant in _person_grants.values():
        for pk, reason in grant(user, ids).items():
            reasons.setdefault(pk, reason)
    return reasons


def mark_granted(person: Person, user: User, reason: str) -> None:
    """Remember that `user` opens `person` through a grant, and why (the access log says so)."""
    mark_opened(person, user)
    person._opencsc_grant_reason = reason  # type: ignore[attr-defined]


def grant_reason(person: Person | None) -> str:
    """Why the record was opened through a grant in this request ('' when by need to know)."""
    return getattr(person, "_opencsc_grant_reason", "") if person is not None else ""


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


def child_of(record: Model) -> Person | None:
    """The child a record is about: the person itself, its `child`, or its episode's child."""
    if isinstance(record, Person):
        return record
    child = getattr(record, "child", None)
    if isinstance(child, Person):
        return child
    referral = getattr(record, "referral", None)
    child = getattr(referral, "child", None)
    return child if isinstance(child, Person) else None


@dataclass(frozen=True)
class ReadScope:
    """How to open records that are not about one child: whether `user` may open one, and the
    children each opening is logged against."""

    may_open: Callable[[User, Any], bool]
    children: Callable[[Any], list[Person]]
    related: tuple[str, ...]


_read_scopes: dict[type[Model], ReadScope] = {}


def register_read_scope(
    model: type[Model],
    *,
    may_open: Callable[[User, Any], bool],
    children: Callable[[Any], list[Person]],
    related: tuple[str, ...] = (),
) -> None:
    """Let the read gate open `model`'s records (called from the owning app's AppConfig.ready);
    `related` names what every page of the record shows."""
    _read_scopes[model] = ReadScope(may_open=may_open, children=children, related=related)


def read_scope(model: type[Model]) -> ReadScope | None:
    return _read_scopes.get(model)


def may_open(user: User, record: Model) -> bool:
    """Whether `user` may open `record`: a person, a record about a child, or a registered kind."""
    registered = _read_scopes.get(type(record))
    if registered is not None:
        return registered.may_open(user, record)
    child = child_of(record)
    if child is None:
        return True
    return can_see(user, child)
