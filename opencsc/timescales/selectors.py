"""Reads of due items: worklists and overdue counts are single indexed queries."""

from datetime import date

from django.db.models import Case, CharField, QuerySet, Value, When

from opencsc.accounts.models import User
from opencsc.people.models import Person
from opencsc.timescales.models import DueItem


def with_status(items: QuerySet[DueItem], *, today: date) -> QuerySet[DueItem]:
    """Annotate each item with `status`: overdue, due_today or due."""
    return items.annotate(
        status=Case(
            When(due_on__lt=today, then=Value("overdue")),
            When(due_on=today, then=Value("due_today")),
            default=Value("due"),
            output_field=CharField(),
        )
    )


def open_items_for_child(child: Person, *, today: date) -> QuerySet[DueItem]:
    """A child's open due items, soonest first, each tagged due or overdue."""
    items = DueItem.objects.filter(child=child, closed_at=None).select_related("owner", "team")
    return with_status(items, today=today).order_by("due_on", "id")


def owned_open_count(user: User) -> int:
    """How many open due items `user` owns: the count of their tray (one indexed query)."""
    return DueItem.objects.filter(owner=user, closed_at=None).count()
