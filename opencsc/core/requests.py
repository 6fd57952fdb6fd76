"""Helpers for views."""

from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.db.models.query import ModelIterable
from django.http import Http404, HttpRequest
from django.utils.functional import cached_property

from opencsc.core.rows import CompiledRows, CountedRows

# The largest id a database row can have (a 64-bit signed integer: BigAutoField).
LARGEST_ID = 2**63 - 1


def signed_in(request: HttpRequest) -> AbstractBaseUser:
    """Whoever is signed in (LoginRequiredMiddleware guarantees one on private pages); apps take
    their own user type from `accounts.requests.signed_in_user`."""
    user = request.user
    if not isinstance(user, AbstractBaseUser) or not user.is_authenticated:
        raise PermissionDenied
    return user


def query_without_page(request: HttpRequest) -> str:
    """The request's query string without its page number, ready for "?{this}page=N" links."""
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return f"{encoded}&" if encoded else ""


def page_of(
    request: HttpRequest,
    rows: Any,
    *,
    per_page: int | None = None,
    param: str = "page",
    count_with_page: bool = False,
    count_up_to: int | None = None,
    stops_there: bool = False,
) -> Page:
    """The page of `rows` the request asks for (`?page=N`, or the `param` a second list on the
    page uses; a bad number gives the first or last page), `OPENCSC_PAGE_SIZE` rows a page unless
    `per_page` says otherwise. `count_with_page`: a plain model queryset's count comes with the
    page in one query (`CountedRows`), for a page whose list most often shows its first page (a
    page past the end then costs two queries more). `count_up_to`: count at most that many rows
    (`CappedPaginator`), for a list that grows without bound."""
    size = per_page or settings.OPENCSC_PAGE_SIZE
    if count_up_to is not None:
        paginator = CappedPaginator(rows, size, count_up_to=count_up_to, stops_there=stops_there)
        return paginator.get_page(request.GET.get(param))
    number = request.GET.get(param)
    if isinstance(rows, CompiledRows):
        rows.expect_page(number, size)
    elif count_with_page and _countable_with_page(rows):
        rows = CountedRows(rows, number=number, per_page=size)
    return Paginator(rows, size).get_page(number)


class CappedPaginator(Paginator):
    """A paginator that counts at most `count_up_to` rows: a list that grows without bound (the
    access log: millions of rows) pages through its first rows without counting them all on every
    request. `more_than_counted` says the list holds more ("more than 10,000 entries")."""

    def __init__(
        self, rows: QuerySet[Any], per_page: int, *, count_up_to: int, stops_there: bool = False
    ) -> None:
        super().__init__(rows, per_page)
        self.rows = rows
        self.count_up_to = count_up_to
        self.stops_there = stops_there
        self.more_than_counted = False

    @property
    def more_pages_than_counted(self) -> bool:
        """Whether there are pages beyond the last one counted ("page 2 of more than 400"): not
        when the list stops at the count (a search shows its closest matches only)."""
        return self.more_than_counted and not self.stops_there

    @cached_property
    def count(self) -> int:
        # How many of the first rows there are depends neither on their order nor on their
        # columns: unordered ids only, the database stops at the first `count_up_to + 1` it finds
        # without joining what the page shows.
        rows = self.rows.order_by().values("pk") if isinstance(self.rows, QuerySet) else self.rows
        counted = rows[: self.count_up_to + 1].count()
        self.more_than_counted = counted > self.count_up_to
        return min(counted, self.count_up_to)


def _countable_with_page(rows: Any) -> bool:
    """A plain model queryset, whose count can come with its page (`CountedRows`)."""
    if not isinstance(rows, QuerySet) or rows._iterable_class is not ModelIterable:
        return False
    query = rows.query
    return not (query.distinct or query.combinator or query.group_by or query.is_sliced)


def parse_id(value: Any) -> int | None:
    """`value` (posted or in a query string) as a row id, or None when it cannot be one: not a
    whole number in ASCII digits, or beyond what the database holds (SQLite fails on those)."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(LARGEST_ID)):
        return None
    number = int(text)
    return number if 0 < number <= LARGEST_ID else None


def id_or_404(value: Any) -> int:
    """`value` as a row id, or 404 when it cannot be one."""
    number = parse_id(value)
    if number is None:
        raise Http404("No such record.")
    return number


# The secondary button of a form that chooses a team before its people ("Show this team's
# staff"): it shows the same form again listing the chosen team's staff, nothing saved.
SHOW_STAFF = "show_staff"


def showing_staff(request: HttpRequest) -> bool:
    """Whether `request` asks to see the chosen team's staff rather than to save. If so, what was
    typed is kept to be shown in the empty form (as after signing in again: `request.kept_form`,
    read by the GOV.UK field tag), never checked nor sent."""
    if request.method != "POST" or SHOW_STAFF not in request.POST:
        return False
    request.kept_form = request.POST  # type: ignore[attr-defined]
    return True
