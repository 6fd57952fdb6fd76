"""Finding a child's record for something a partner agency or staff named: the MASH searches the
person index (every search logged), then matches the record it finds or creates. One flow, used by
the front door (a contact's children) and by missing episodes (a child the police named)."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest

from opencsc.accounts.models import User
from opencsc.core.requests import id_or_404, page_of, query_without_page
from opencsc.people import display
from opencsc.people import selectors as people
from opencsc.people import services as people_services
from opencsc.people.forms import SearchForm
from opencsc.people.models import Person

CHILD_KINDS = [Person.Kind.CHILD, Person.Kind.UNBORN]


def child_search(
    request: HttpRequest, user: User, data: Mapping[str, Any] | None
) -> dict[str, object]:
    """The person-index search form, and when it is filled in, a page of the children found."""
    form = SearchForm(data)
    context: dict[str, object] = {"form": form, "searched": False}
    if form.is_valid():
        # Every child staff may find, whoever holds them: a record about a child already open to
        # a team is matched to her record, and the team is told.
        results = people.find_people(user=user, terms=form.terms()).filter(kind__in=CHILD_KINDS)
        page = page_of(request, results, count_up_to=people.SEARCH_LIMIT, stops_there=True)
        people_services.record_search_page(terms=form.terms(), page=page, by=user)
        context |= {
            "searched": True,
            "page_obj": page,
            "rows": people.found_rows(list(page.object_list), user=user),
            "query_prefix": query_without_page(request),
        }
    return context


def found_child_or_404(user: User, value: object) -> Person:
    """A child's record the MASH may match (found by search, maybe held by another team), or 404
    as for a missing record."""
    child = people.found_person(user=user, pk=id_or_404(value))
    if child is None or not child.is_child:
        raise Http404("No such record.")
    return child


def named_search(name: str, date_of_birth: date | None) -> dict[str, str]:
    """The person-index search for a child as someone named them: the name and the birthday."""
    terms = {"name": name}
    if date_of_birth is not None:
        terms |= {
            "date_of_birth_day": str(date_of_birth.day),
            "date_of_birth_month": str(date_of_birth.month),
            "date_of_birth_year": str(date_of_birth.year),
        }
    return terms


def may_name(user: User, child: Person) -> bool:
    """Whether `user` may put `child` on a record (a contact, a missing episode): a current
    child's record they can find (every one but a restricted record that does not name them)."""
    return child.is_child and child.merged_into_id is None and not display.is_hidden(user, child)
