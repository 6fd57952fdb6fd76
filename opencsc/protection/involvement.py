"""Child protection's part of the involvement flag (`people.involvement`): an open child protection
plan and its category. Registered in ProtectionConfig.ready."""

from collections.abc import Collection

from opencsc.people.involvement import Involvement, register_source
from opencsc.protection.models import ProtectionPlan


def protection_plans(ids: Collection[int], found: dict[int, Involvement]) -> None:
    """Each child's open child protection plan, with its latest category: one query."""
    plans = ProtectionPlan.objects.filter(child_id__in=ids, ended_on=None).order_by("started_on")
    for plan in plans.only("child_id", "latest_category"):
        if plan.child_id in found:
            category = plan.get_latest_category_display().lower()
            found[plan.child_id].plans.append(f"Child protection plan: {category}")


def register() -> None:
    register_source("protection", protection_plans)
