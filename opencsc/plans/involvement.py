"""Children in need plans' part of the involvement flag (`people.involvement`): an open child in
need plan. Registered in PlansConfig.ready."""

from collections.abc import Collection

from opencsc.people.involvement import Involvement, register_source
from opencsc.plans.models import CINPlan


def cin_plans(ids: Collection[int], found: dict[int, Involvement]) -> None:
    """Which children are on an open child in need plan: one query."""
    open_plans = CINPlan.objects.filter(child_id__in=ids, ended_on=None)
    for child_id in open_plans.values_list("child_id", flat=True):
        if child_id in found:
            found[child_id].plans.append("Child in need plan")


def register() -> None:
    register_source("plans", cin_plans)
