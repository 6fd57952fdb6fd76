"""Pages of the person index: find, create, the person's record, family and merge."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.accounts.requests import signed_in_user
from opencsc.audit import services as audit
from opencsc.core.requests import id_or_404, page_of, query_without_page
from opencsc.core.submissions import save_once, sent_before
from opencsc.people import display, matching, selectors, services
from opencsc.people.forms import (
    DisabilityForm,
    LinkRelativeForm,
    MergeConfirmForm,
    MergeFindForm,
    MoveForm,
    NewRelativeForm,
    PairReviewForm,
    PersonForm,
    SearchForm,
)
from opencsc.people.models import DuplicatePair, Person
from opencsc.permissions import Action


def _user(request: HttpRequest) -> User:
    return signed_in_user(request)


@require_http_methods(["GET"])
def search(request: HttpRequest) -> HttpResponse:
    """Every member of staff finds every matching child and adult, with the involvement flag;
    the name links to the record only when they may open it (docs/permissions.md, "Known
    children at the front door")."""
    permissions.require(_user(request), Action.SEARCH_PEOPLE)
    form = SearchForm(request.GET or None)
    context: dict[str, object] = {"form": form, "searched": False}
    if form.is_valid():
        user = _user(request)
        terms = form.terms()
        found = selectors.find_people(user=user, terms=terms)
        page = page_of(request, found, count_up_to=selectors.SEARCH_LIMIT, stops_there=True)
        services.record_search_page(terms=terms, page=page, by=user)
        context |= {
            "searched": True,
            "page_obj": page,
            "rows": selectors.found_rows(list(page.object_list), user=user),
            "restricted_matches": selectors.restricted_matches(user=user, terms=terms),
            "query_prefix": query_without_page(request),
            "create_url": f"{reverse('people:person-create')}?{urlencode(_split_name(terms.name))}",
        }
    return render(request, "people/person_search.html", context)


def _split_name(name: str) -> dict[str, str]:
    parts = name.split()
    if len(parts) >= 2:
        return {"first_name": " ".join(parts[:-1]), "last_name": parts[-1]}
    return {"last_name": name.strip()}


MATCHES_FOUND = "These records may be the same person: open one instead, or say why none of them is"


def _likely_matches(
    request: HttpRequest, form: PersonForm | NewRelativeForm, details: services.PersonDetails
) -> list[selectors.LikelyMatch]:
    """The likely matches of the whole index for what was typed, as the user may see them; when
    there are some and no reason was given, the form says so on the reason's field."""
    address = form.address() if isinstance(form, PersonForm) else None
    typed = services.candidate(details, address)
    found = matching.likely_matches(typed)
    # One holding the same NHS number or UPN: the service refuses the number itself.
    held = any(
        (typed.nhs_number and match.nhs_number == typed.nhs_number)
        or (typed.upn and match.upn == typed.upn)
        for match in found
    )
    if found and not held and not form.cleaned_data["not_a_match_reason"].strip():
        form.add_error("not_a_match_reason", MATCHES_FOUND)
    return selectors.shown_matches(_user(request), found)


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    permissions.require(user, Action.CREATE_PERSON)
    form = PersonForm(request.POST or None, initial=request.GET.dict())
    matches: list[selectors.LikelyMatch] = []
    if form.is_valid():
        data = form.cleaned_data
        # Sent again, the form would find the record it made among the likely matches.
        if sent := sent_before(request, form):
            return sent
        details = form.details(data["kind"])
        matches = _likely_matches(request, form, details)
        if not form.errors:
            saved = save_once(
                request,
                form,
                lambda: services.create_person(
                    details=details,
                    address=form.address(),
                    not_a_match_reason=data["not_a_match_reason"],
                    by=user,
                ),
                lambda person: f"Record created for {display.name_of(user, person)}",
            )
            if saved:
                return saved
    context = {
        "form": form,
        "matches": matches,
        # From the front door: a match the user may open is used for the contact instead.
        "for_contact": request.GET.get("for") == "contact",
    }
    return render(request, "people/person_create.html", context)


@require_http_methods(["GET"])
def relative_find(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = permissions.get_visible_or_404(request, Person, pk, action=Action.VIEW_PERSON)
    if not permissions.can(user, Action.ADD_RELATIONSHIP, person):
        raise PermissionDenied
    form = SearchForm(request.GET or None)
    context: dict[str, object] = {"person": person, "form": form, "searched": False}
    if form.is_valid():
        results = selectors.search_people(user=user, terms=form.terms()).exclude(pk=person.pk)
        page = page_of(request, results, count_up_to=selectors.SEARCH_LIMIT, stops_there=True)
        services.record_search_page(terms=form.terms(), page=page, by=user)
        create_url = reverse("people:relative-create", args=[person.pk])
        context |= {
            "searched": True,
            "page_obj": page,
            "query_prefix": query_without_page(request),
            "link_form": LinkRelativeForm(),
            "create_url": f"{create_url}?{urlencode(_split_name(form.cleaned_data['name']))}",
        }
    return render(request, "people/relative_find.html", context)


@require_http_methods(["POST"])
def relative_link(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = permissions.get_visible_or_404(request, Person, pk, action=Action.VIEW_PERSON)
    if not permissions.can(user, Action.ADD_RELATIONSHIP, person):
        raise PermissionDenied
    form = LinkRelativeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Select how this person is related, then add them again.")
        return redirect(reverse("people:relative-find", args=[person.pk]))
    data = form.cleaned_data
    relative = permissions.get_visible_or_404(
        request, Person, data["relative"], action=Action.VIEW_PERSON, log=False
    )
    saved = save_once(
        request,
        form,
        lambda: services.link_relative(
            person=person,
            relative=relative,
            kind=data["relationship"],
            description=data["description"],
            has_parental_responsibility=data["has_parental_responsibility"],
            same_household=data["same_household"],
            by=user,
        ),
        f"{display.name_of(user, relative)} added to {display.name_of(user, person)}'s family",
        then=person.get_absolute_url(),
    )
    if saved:
        return saved
    # This form sits on the search results' page: its errors go back there as a message.
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(reverse("people:relative-find", args=[person.pk]))


@require_http_methods(["GET", "POST"])
def relative_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = permissions.get_visible_or_404(request, Person, pk, action=Action.VIEW_PERSON)
    if not permissions.can(user, Action.ADD_RELATIONSHIP, person):
        raise PermissionDenied
    form = NewRelativeForm(request.POST or None, initial=request.GET.dict())
    matches: list[selectors.LikelyMatch] = []
    if form.is_valid():
        data = form.cleaned_data
        if sent := sent_before(request, form, then=person.get_absolute_url()):
            return sent
        kind = Person.Kind.CHILD if data["is_child"] == "child" else Person.Kind.ADULT
        details = form.details(kind)
        matches = _likely_matches(request, form, details)
        if not form.errors:
            saved = save_once(
                request,
                form,
                lambda: services.create_relative(
                    person=person,
                    details=details,
                    kind=data["relationship"],
                    description=data["description"],
                    has_parental_responsibility=data["has_parental_responsibility"],
                    same_household=data["same_household"],
                    not_a_match_reason=data["not_a_match_reason"],
                    by=user,
                ),
                f"{data['first_name']} {data['last_name']} added to "
                f"{display.name_of(user, person)}'s family",
                then=person.get_absolute_url(),
            )
            if saved:
                return saved
    context = {"person": person, "form": form, "matches": matches}
    return render(request, "people/relative_create.html", context)


def _merge_page(
    request: HttpRequest,
    survivor: Person,
    confirm_form: MergeConfirmForm | None,
    duplicate: Person | None,
    find_form: MergeFindForm | None = None,
) -> HttpResponse:
    context = {
        "person": survivor,
        "find_form": find_form or MergeFindForm(request.GET or None),
        "confirm_form": confirm_form,
        "duplicate": duplicate,
    }
    return render(request, "people/person_merge.html", context)


def _visible_person(request: HttpRequest, pk: object) -> Person:
    return permissions.get_visible_or_404(request, Person, pk, action=Action.VIEW_PERSON)


def _merge_confirm(request: HttpRequest, survivor: Person, user: User) -> HttpResponse:
    """The merge's second step: the duplicate named and the reason given."""
    confirm_form = MergeConfirmForm(request.POST)
    duplicate: Person | None = None
    if confirm_form.is_valid():
        data = confirm_form.cleaned_data
        duplicate = merge_in = _visible_person(request, data["duplicate"])
        saved = save_once(
            request,
            confirm_form,
            lambda: services.merge_people(
                survivor=survivor, duplicate=merge_in, reason=data["reason"], by=user
            ),
            f"{duplicate.la_child_id} merged into this record",
        )
        if saved:
            return saved
    elif confirm_form["duplicate"].value():
        duplicate = _visible_person(request, confirm_form["duplicate"].value())
    return _merge_page(request, survivor, confirm_form, duplicate)


@require_http_methods(["GET", "POST"])
def person_merge(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    survivor = _visible_person(request, pk)
    if not permissions.can(user, Action.MERGE_PEOPLE, survivor):
        raise PermissionDenied
    if request.method == "POST":
        return _merge_confirm(request, survivor, user)
    find_form = MergeFindForm(request.GET or None)
    if not find_form.is_valid():
        return _merge_page(request, survivor, None, None, find_form)
    duplicate = _visible_person(request, find_form.cleaned_data["duplicate"])
    if duplicate.pk == survivor.pk:
        find_form.add_error("duplicate", "Enter the number of a different record")
        return _merge_page(request, survivor, None, None, find_form)
    confirm_form = MergeConfirmForm(initial={"duplicate": duplicate.pk})
    return _merge_page(request, survivor, confirm_form, duplicate, find_form)


@require_http_methods(["GET", "POST"])
def disabilities_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = permissions.get_visible_or_404(request, Person, pk, action=Action.VIEW_PERSON)
    if not person.is_child or not permissions.can(user, Action.SET_DISABILITIES, person):
        raise PermissionDenied
    initial = {"codes": list(person.disabilities.values_list("code", flat=True))}
    form = DisabilityForm(request.POST or None, initial=initial)
    if form.is_valid():
        saved = save_once(
            request,
            form,
            lambda: services.set_disabilities(
                child=person, codes=form.cleaned_data["codes"], by=user
            ),
            "Disabilities updated",
        )
        if saved:
            return saved
    return render(request, "people/disabilities_edit.html", {"person": person, "form": form})


@require_http_methods(["GET"])
def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Changes to a person's details: each version (what, old and new, who, when, why), the
    addresses with their dates and the previous names."""
    user = _user(request)
    person = permissions.get_visible_or_404(request, Person, pk, action=Action.VIEW_PERSON)
    page = page_of(request, selectors.details_history(person))
    versions = list(page.object_list)
    # The version before the page's last, read even for an empty page: one query whatever.
    before = (
        selectors.details_history(person)
        .filter(history_id__lt=versions[-1].history_id if versions else 0)
        .order_by("-history_id")
        .first()
    )
    context = {
        "person": person,
        "page_obj": page,
        "versions": selectors.details_versions(versions, before=before),
        "addresses": selectors.address_history(person)[:50],
        "previous_names": selectors.previous_names(person)[:50],
        "can_edit": permissions.can(user, Action.EDIT_PERSON, person),
        "query_prefix": query_without_page(request),
    }
    return render(request, "people/person_history.html", context)


@require_http_methods(["GET", "POST"])
def person_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a move to a new address: the old address is kept with its dates."""
    user = _user(request)
    person = permissions.get_visible_or_404(request, Person, pk, action=Action.VIEW_PERSON)
    if not permissions.can(user, Action.EDIT_PERSON, person):
        raise PermissionDenied
    form = MoveForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        saved = save_once(
            request,
            form,
            lambda: services.record_move(
                person=person,
                address=form.address(),
                moved_on=data["moved_on"],
                with_household=data["with_household"],
                by=user,
            ),
            "New address recorded: the old address is kept with its dates",
            then=reverse("people:person-history", args=[person.pk]),
        )
        if saved:
            return saved
    household = selectors.person_record(person, viewer=user).household
    context = {"person": person, "form": form, "household": household}
    return render(request, "people/person_move.html", context)


def duplicates(request: HttpRequest) -> HttpResponse:
    """The likely duplicate pairs the user reviews: waiting ones, or (`?show=reviewed`) those
    reviewed."""
    user = _user(request)
    permissions.require(user, Action.REVIEW_DUPLICATES)
    reviewed = request.GET.get("show") == "reviewed"
    page = page_of(request, selectors.pair_list(user, reviewed=reviewed))
    # Reviewable when no record in it is hidden from the user (`selectors.may_review`; the
    # list already holds only the user's pairs).
    rows = [
        (pair, not any(display.is_hidden(user, p) for p in (pair.person_a, pair.person_b)))
        for pair in page
    ]
    context = {
        "page_obj": page,
        "rows": rows,
        "reviewed": reviewed,
        "query_prefix": query_without_page(request),
    }
    return render(request, "people/duplicates.html", context)


def _pair_or_404(request: HttpRequest, pk: int) -> DuplicatePair:
    """A pair the user may review (404 as for a missing one otherwise); logs the view against
    both records, whose identifying details the page shows."""
    user = _user(request)
    permissions.require(user, Action.REVIEW_DUPLICATES)
    pair = (
        selectors.duplicate_pairs_for(user)
        .select_related(*selectors.PAIR_RELATED)
        .filter(pk=id_or_404(pk))
        .first()
    )
    if pair is None or not selectors.may_review(user, pair):
        raise Http404("No such record.")
    audit.log_views(
        by=user,
        children=[pair.person_a, pair.person_b],
        record=pair,
        action=Action.REVIEW_DUPLICATES,
    )
    return pair


@require_http_methods(["GET", "POST"])
def duplicate_pair(request: HttpRequest, pk: int) -> HttpResponse:
    """One likely duplicate pair side by side, reviewed once: merged or not the same person."""
    user = _user(request)
    pair = _pair_or_404(request, pk)
    form = PairReviewForm(request.POST or None)
    form.fields["keep"].choices = [  # type: ignore[attr-defined]
        (side, f"The {label} record ({display.shown_person(user, person, link=False).number})")
        for side, label, person in (("a", "first", pair.person_a), ("b", "second", pair.person_b))
    ]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["outcome"] == PairReviewForm.MERGE:
            keep_a = data["keep"] == "a"
            survivor, duplicate = (
                (pair.person_a, pair.person_b) if keep_a else (pair.person_b, pair.person_a)
            )
            saved = save_once(
                request,
                form,
                lambda: services.merge_people(
                    survivor=survivor,
                    duplicate=duplicate,
                    reason=data["reason"],
                    by=user,
                    pair=pair,
                ),
                "Records merged",
                then=reverse("people:duplicates"),
            )
        else:
            saved = save_once(
                request,
                form,
                lambda: services.mark_not_the_same_person(
                    pair=pair, reason=data["reason"], by=user
                ),
                "Recorded as two different people: this pair will not be listed again",
                then=reverse("people:duplicates"),
            )
        if saved:
            return saved
    return render(request, "people/duplicate_pair.html", {"pair": pair, "form": form})
