"""Warnings on the demo's people (issue 12, part 4), in the numbers a borough holds.

About 8% of children with an open case have a warning on them or on an adult in their household
(`SHARE_OF_OPEN_CHILDREN`). No national return counts warning flags; councils' case-management
systems flag a minority of open cases (risk to staff and domestic abuse markers), and 8% is our
design share, kept low so that the banner stays a signal. Three in four are on an adult in the
household (an alleged perpetrator, a risk to staff), one in four on the child (risk of violence,
an address not to be disclosed). Each was set by the worker holding the case in the last six
months, with a review three to six months after it was set; about one in ten is past its review
date ("review due"), and about one in six families also has an older warning, ended with a reason
(the history). Each open warning has its setter's review due item, due on its review date, as
`casework.services.set_warning` opens it.
"""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType

from opencsc.casework.models import Allocation
from opencsc.casework.services.warnings import REVIEW_SUMMARY
from opencsc.demo.build import Build
from opencsc.people.models import Person, PersonWarning
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from opencsc.timescales.models import DueItem

SHARE_OF_OPEN_CHILDREN = 0.08
ON_ADULT = {
    PersonWarning.Kind.ALLEGED_PERPETRATOR: 40,
    PersonWarning.Kind.RISK_TO_STAFF: 30,
    PersonWarning.Kind.RISK_OF_VIOLENCE: 15,
    PersonWarning.Kind.ANIMAL: 10,
    PersonWarning.Kind.OTHER: 5,
}
ON_CHILD = {
    PersonWarning.Kind.RISK_OF_VIOLENCE: 40,
    PersonWarning.Kind.DO_NOT_DISCLOSE_ADDRESS: 45,
    PersonWarning.Kind.OTHER: 15,
}
DETAILS: dict[str, str] = {
    PersonWarning.Kind.ALLEGED_PERPETRATOR: "Named in the safety plan; must not be alone with "
    "the children. Tell the police if seen at the address.",
    PersonWarning.Kind.RISK_TO_STAFF: "Verbally abusive and threatening to visiting staff. "
    "Visit in pairs and tell the duty manager before and after.",
    PersonWarning.Kind.RISK_OF_VIOLENCE: "Recent violence towards adults in the home. Meet in a "
    "public place or the office where possible.",
    PersonWarning.Kind.ANIMAL: "Large dog at the address: ask for it to be shut away before "
    "entering.",
    PersonWarning.Kind.DO_NOT_DISCLOSE_ADDRESS: "The family fled domestic abuse: never give the "
    "address or the school to anyone, including the other parent.",
    PersonWarning.Kind.OTHER: "Speak to the allocated worker before any contact with the family.",
}
ENDED_REASONS = (
    "Moved out of the household; confirmed by the police.",
    "Risk assessed again with the police: no longer current.",
)


def add_warnings(build: Build) -> None:
    """Set warnings on open children and the adults in their households, a few past their
    review, a few ended, each open one with its review due item."""
    adults_by_household = {
        family.household.pk: family.adults for family in build.families if family.adults
    }
    open_allocations = [
        allocation
        for allocations in build.allocations.values()
        for allocation in allocations
        if allocation.ended_on is None
    ]
    open_in_household: dict[int, set[int]] = {}
    for allocation in open_allocations:
        household = allocation.child.household_id or 0
        open_in_household.setdefault(household, set()).add(allocation.child_id)
    target = round(len(open_allocations) * SHARE_OF_OPEN_CHILDREN)
    held = sorted(
        (allocation for allocation in open_allocations if allocation.worker_id is not None),
        key=lambda allocation: allocation.child_id,
    )
    build.random.shuffle(held)
    flagged: set[int] = set()
    warnings: list[PersonWarning] = []
    opened = 0
    case_of: dict[int, Allocation] = {}  # each open warning's case, by its index in `warnings`
    for allocation in held:
        if len(flagged) >= target:
            break
        worker_id = allocation.worker_id
        if allocation.child_id in flagged or worker_id is None:
            continue
        child: Person = allocation.child
        adults = adults_by_household.get(child.household_id or 0, [])
        # Three in four on an adult, one in four on the child (counted, so small has both).
        on_adult = bool(adults) and opened % 4 != 2
        person = build.random.choice(adults) if on_adult else child
        # A warning on an adult is on the banner of every open child in the household.
        flagged |= open_in_household[child.household_id or 0] if on_adult else {child.pk}
        kind = build.weighted(ON_ADULT if on_adult else ON_CHILD)
        set_on = max(allocation.started_on, build.days_ago(1, 180))
        if opened % 10 == 1:
            review_on = build.days_ago(0, 20)  # past its review date: "review due"
            set_on = min(set_on, review_on - timedelta(days=90))
        else:
            review_on = max(
                set_on + timedelta(days=build.random.randint(90, 180)),
                build.today + timedelta(days=build.random.randint(1, 60)),
            )
        warnings.append(_warning(person, kind, set_on, review_on, worker_id))
        case_of[len(warnings) - 1] = allocation
        opened += 1
        # About one in six families has an older, ended warning (the first always, so every size
        # shows one).
        if build.random.random() < 1 / 6 or opened == 1:
            ended = _warning(
                person,
                kind,
                set_on - timedelta(days=400),
                set_on - timedelta(days=300),
                worker_id,
            )
            ended.ended_on = set_on - timedelta(days=310)
            ended.ended_by_id = worker_id
            ended.end_reason = build.random.choice(ENDED_REASONS)
            warnings.append(ended)
    saved = build.save("warnings", PersonWarning, warnings)
    _add_review_items(build, [(saved[index], case) for index, case in case_of.items()])


def _warning(person: Person, kind: str, set_on: date, review_on: date, by_id: int) -> PersonWarning:
    return PersonWarning(
        person=person,
        kind=kind,
        details=DETAILS[kind],
        set_by_id=by_id,
        set_on=set_on,
        review_on=review_on,
    )


def _add_review_items(build: Build, warnings: list[tuple[PersonWarning, Allocation]]) -> None:
    """Each open warning's review item, owned by its setter on the case it was set on."""
    warning_type = ContentType.objects.get_for_model(PersonWarning)
    rows: list[DueItem] = []
    for warning, case in warnings:
        row = timescales.due_item_row(
            rules.WARNING_REVIEW,
            child_id=case.child_id,
            record_type_id=warning_type.pk,
            record_id=warning.pk,
            start=warning.set_on,
            opened_at=build.moment(warning.set_on),
            owner_id=warning.set_by_id,
            team_id=case.team_id,
            summary=REVIEW_SUMMARY,
        )
        # The date the setter chose, as `agree_due_date` records it.
        row.due_on = warning.review_on
        row.agreed_by_id = warning.set_by_id
        row.agreed_at = row.opened_at
        rows.append(row)
    build.save_through("warning review items", timescales.save_due_items, rows)
