"""Helpers child protection's writing modules share: dates in words, the day of a discussion, the
locked open plan."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from opencsc.protection.models import ProtectionPlan, StrategyDiscussion

SATURDAY = 5


def _d(day: date) -> str:
    return f"{day:%-d %B %Y}"


def discussion_day(discussion: StrategyDiscussion) -> date:
    """The day (in London) a strategy discussion was held."""
    return timezone.localtime(discussion.held_at).date()


def _is_weekend(day: date) -> bool:
    return day.weekday() >= SATURDAY


def _locked_open_plan(plan: ProtectionPlan) -> ProtectionPlan:
    locked = (
        ProtectionPlan.objects.select_for_update()
        .select_related("child", "referral")
        .get(pk=plan.pk)
    )
    if locked.ended_on is not None:
        raise ValidationError(f"This child protection plan ended on {_d(locked.ended_on)}.")
    return locked
