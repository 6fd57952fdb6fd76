"""Saving the planned pathway: the state the apps' savers share (`PathwaySaver`), then the open
episodes' due items and every event's chronology entry.

Each app saves its own rows from its demo module (`assessments.save_assessments`,
`protection.save_strategies`, ...), in the order `generator.build_demo` lists: plain rows inserted
table by table, keys read back into `PathwaySaver.child_keys` where a later table needs them."""

from datetime import date, datetime, time
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from opencsc.accounts.models import Role, User
from opencsc.assessments.models import Assessment, Outcome
from opencsc.casework.models import Closure, Referral, TeamTransfer
from opencsc.chronology.models import ChronologyEntry
from opencsc.core.codes import cin_code_list
from opencsc.demo.build import CHRONOLOGY_COLUMNS, Build, Case, chronology_row
from opencsc.demo.frontdoor import Episode
from opencsc.demo.pathway.records import (
    EnquiryOutcome,
    GroupPath,
    PathwayPlan,
    PlannedEnquiry,
)
from opencsc.people.models import Person
from opencsc.plans.models import CINPlan, Visit
from opencsc.protection.models import (
    Conference,
    ProtectionPlan,
    Section47Enquiry,
    StrategyDiscussion,
)
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from opencsc.timescales.models import DueItem


class PathwaySaver:
    """Writes the planned pathway, table by table, keys first where later tables need them."""

    def __init__(self, build: Build, plan: PathwayPlan) -> None:
        self.build = build
        self.plan = plan
        self.r = build.random
        self.today = build.today
        self.zone = build.zone
        self.types: dict[type[models.Model], int] = {
            model: ContentType.objects.get_for_model(model).pk
            for model in (
                Referral,
                Assessment,
                StrategyDiscussion,
                Section47Enquiry,
                Conference,
                ProtectionPlan,
                CINPlan,
                Visit,
                TeamTransfer,
                Closure,
            )
        }
        self.categories = cin_code_list("category_of_abuse")
        self.reasons = cin_code_list("reason_for_closure")
        self.chairs = [
            user.display_name
            for users in build.members.values()
            for user in users.get(Role.QUALITY_ASSURANCE, [])
        ] or ["Independent chair"]
        self.names = [f"{build.fake.first_name()} {build.fake.last_name()}" for _ in range(200)]
        # A planned assessment's family assessment, by id(planned assessment).
        self.keys: dict[int, int] = {}
        # Each child's row of a planned record, by (id(planned record), the child's key).
        self.child_keys: dict[tuple[int, int], int] = {}
        self.plan_starts: list[tuple[date, int, date | None]] = []
        self.chronology: list[tuple[Any, ...]] = []
        self.due_items: list[DueItem] = []
        # Strategy discussions that decided a medical is needed: (path, strategy, episode, key).
        self.medicals_needed: list[tuple[Any, ...]] = []

    def midday(self, day: date | None) -> datetime | None:
        """The time an approval was sent or reviewed on `day` (the plan keeps days only)."""
        return None if day is None else datetime.combine(day, time(12), tzinfo=self.zone)

    def entry(self, entry: ChronologyEntry) -> None:
        """Keep a chronology entry, built as the services build it, to insert with the rest."""
        self.chronology.append(chronology_row(entry))

    def open_item(
        self,
        rule: rules.Rule,
        child: Person,
        model: type[models.Model],
        key: int,
        start: date,
        case: Case,
        summary: str,
    ) -> None:
        allocation = self.build.allocation_of[id(case)]
        self.due_items.append(
            timescales.due_item_row(
                rule,
                child_id=child.pk,
                record_type_id=self.types[model],
                record_id=key,
                start=start,
                opened_at=datetime.combine(start, time(12), tzinfo=self.zone),
                owner_id=allocation.worker_id,
                team_id=allocation.team_id,
                summary=summary,
            )
        )

    def finish(self) -> None:
        """After the apps' rows: the open episodes' due items, then the due items and chronology
        entries kept by the apps' savers, then the figures."""
        self.open_items()
        self.seen_alone_items()
        self.build.save_through("pathway due items", timescales.save_due_items, self.due_items)
        self.build.insert(
            "pathway chronology", ChronologyEntry, CHRONOLOGY_COLUMNS, self.chronology
        )
        self.figures()

    def referral_key(self, episode: Episode) -> int:
        assert episode.referral is not None  # noqa: S101
        return episode.referral.pk

    def worker(self, path: GroupPath, day: date) -> User:
        holding = path.cases[0]
        for case in path.cases[1:]:
            if case.started_on <= day:
                holding = case
        if holding.worker is not None:
            return holding.worker
        for role in (Role.ADVANCED_PRACTITIONER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER):
            members = self.build.members.get(holding.team.pk, {}).get(role)
            if members:
                return members[0]
        raise RuntimeError(f"{holding.team} has no staff.")

    def open_items(self) -> None:
        """The open episodes' due items, owned by whoever holds the case now."""
        for path in self.plan.paths:
            if path.episodes[0].closed_on is not None:
                continue
            for episode in path.episodes:
                self.open_items_of(path, episode)

    def open_items_of(self, path: GroupPath, episode: Episode) -> None:
        child, case = episode.child, episode.cases[-1]
        referral = self.referral_key(episode)
        latest = path.assessments[-1] if path.assessments else None
        if latest is None or latest.status != Assessment.Status.AUTHORISED:
            start = episode.referred_on
            if latest is not None and len(path.assessments) > 1:
                start = latest.started_on
            self.open_item(
                rules.ASSESSMENT,
                child,
                Referral,
                referral,
                start,
                case,
                "Child and family assessment",
            )
        if path.strategy_due_from is not None:
            self.open_item(
                rules.STRATEGY_DISCUSSION,
                child,
                Referral,
                referral,
                path.strategy_due_from,
                case,
                "Strategy discussion",
            )
        enquiry_pending = False
        for strategy in path.strategies:
            enquiry = strategy.enquiry
            if enquiry is None or enquiry.conference is not None:
                continue
            if enquiry.completed_on is None or enquiry.outcome == EnquiryOutcome.CONFERENCE:
                enquiry_pending = True
                self.open_item(
                    rules.ICPC,
                    child,
                    Section47Enquiry,
                    self.child_keys[(id(enquiry), child.pk)],
                    enquiry.started_on,
                    case,
                    "Initial child protection conference",
                )
        open_plans = [plan for plan in path.protection_plans if plan.ended_on is None]
        for plan in open_plans:
            key = self.child_keys[(id(plan), child.pk)]
            if plan.core_groups:
                core = (rules.CORE_GROUP, plan.core_groups[-1])
            else:
                core = (rules.FIRST_CORE_GROUP, plan.started_on)
            if plan.reviews:
                review = (rules.LATER_RCPC, plan.reviews[-1].held_on)
            else:
                review = (rules.FIRST_RCPC, plan.started_on)
            visit = (rules.CP_VISIT, plan.visits[-1] if plan.visits else plan.started_on)
            for rule, start in (visit, core, review):
                self.open_item(rule, child, ProtectionPlan, key, start, case, rule.label)
        open_cin = [plan for plan in path.cin_plans if plan.ended_on is None]
        for cin_plan in open_cin:
            key = self.child_keys[(id(cin_plan), child.pk)]
            visit = (
                rules.CIN_VISIT,
                cin_plan.visits[-1] if cin_plan.visits else cin_plan.started_on,
            )
            review = (
                rules.CIN_PLAN_REVIEW,
                cin_plan.reviews[-1] if cin_plan.reviews else cin_plan.started_on,
            )
            for rule, start in (visit, review):
                self.open_item(rule, child, CINPlan, key, start, case, rule.label)
        if latest is not None and latest.authorised_on is not None:
            assessment_key = self.child_keys[(id(latest), child.pk)]
            later_plans = [p for p in path.cin_plans if p.started_on >= latest.authorised_on]
            if (
                latest.outcome == Outcome.CIN_PLAN
                and not open_plans
                and not open_cin
                and not later_plans
                and not enquiry_pending
            ):
                self.open_item(
                    rules.CIN_PLAN,
                    child,
                    Assessment,
                    assessment_key,
                    latest.authorised_on,
                    case,
                    "Child in need plan",
                )
        transfer = path.transfer
        if transfer is not None and transfer.answered_on is None and path.assessments:
            first = path.assessments[0]
            self.open_item(
                rules.TRANSFER_AFTER_ASSESSMENT,
                child,
                Assessment,
                self.child_keys[(id(first), child.pk)],
                transfer.completed_on,
                case,
                f"Transfer to {transfer.to_team}",
            )

    def seen_alone_items(self) -> None:
        """An alert for each assessment lately authorised without the child seen alone and with
        no reason why."""
        for item in self.plan.child_assessments:
            a = item.assessment
            if (
                item.episode.closed_on is None
                and a.authorised_on is not None
                and item.seen_alone_on is None
                and not item.not_seen_alone_reason
            ):
                self.open_item(
                    rules.SEEN_ALONE_REASON,
                    item.child,
                    Assessment,
                    self.child_keys[(id(a), item.child.pk)],
                    a.authorised_on,
                    item.episode.cases[-1],
                    "Why the child was not seen alone",
                )

    def figures(self) -> None:
        """The pathway's figures for the summary (and for checking `la` against its targets)."""
        start, today = self.build.front_door_from, self.today
        in_year = range(start.toordinal(), today.toordinal() + 1)
        authorised = [
            item.assessment
            for item in self.plan.child_assessments
            if item.assessment.authorised_on is not None
            and item.assessment.authorised_on.toordinal() in in_year
        ]
        on_time = sum(
            1
            for a in authorised
            if a.due_on is not None and a.authorised_on is not None and a.authorised_on <= a.due_on
        )
        enquiries: list[PlannedEnquiry] = []
        conferences: list[PlannedEnquiry] = []
        cin_open = 0
        for path in self.plan.paths:
            children = len(path.episodes)
            for strategy in path.strategies:
                enquiry = strategy.enquiry
                if enquiry is None or enquiry.started_on.toordinal() not in in_year:
                    continue
                enquiries.extend([enquiry] * children)
            for strategy in path.strategies:
                enquiry = strategy.enquiry
                if (
                    enquiry
                    and enquiry.conference
                    and enquiry.conference.held_on.toordinal() in in_year
                ):
                    conferences.extend([enquiry] * children)
            cin_open += children * sum(1 for plan in path.cin_plans if plan.ended_on is None)
        started = [item for item in self.plan_starts if item[0].toordinal() in in_year]
        open_plans = [item for item in self.plan_starts if item[2] is None]
        figures = {
            "assessments in the year": len(authorised),
            "assessments within 45 working days": round(on_time / max(1, len(authorised)), 3),
            "section 47 enquiries in the year": len(enquiries),
            "initial conferences in the year": len(conferences),
            "initial conferences within 15 working days": round(
                sum(
                    1
                    for enquiry in conferences
                    if enquiry.conference and enquiry.conference.held_on <= enquiry.due_on
                )
                / max(1, len(conferences)),
                3,
            ),
            "protection plans started in the year": len(started),
            "repeat plan share": round(
                sum(1 for item in started if item[1] > 0) / max(1, len(started)), 3
            ),
            "open protection plans": len(open_plans),
            "open child in need plans": cin_open,
        }
        self.build.summary.figures.update(figures)
        f = figures
        self.build.say(
            f"  pathway: {f['assessments in the year']:,} assessments in the year"
            f" ({f['assessments within 45 working days']:.1%} within 45 working days),"
            f" {f['section 47 enquiries in the year']:,} section 47 enquiries,"
            f" {f['initial conferences in the year']:,} initial conferences"
            f" ({f['initial conferences within 15 working days']:.1%} within 15 working days),"
            f" {f['protection plans started in the year']:,} protection plans started"
            f" ({f['repeat plan share']:.1%} repeat plans); {f['open protection plans']:,}"
            f" protection plans and {f['open child in need plans']:,} child in need plans open;"
            f" {self.build.summary.figures['visits']:,} visits"
        )
