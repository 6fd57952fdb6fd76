"""Saving the planned front door: its rows, due items and chronology, and its figures."""

from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType

from opencsc.accounts.models import Team, User
from opencsc.casework import entries as casework_entries
from opencsc.casework.models import Referral, Transfer
from opencsc.chronology.models import ChronologyEntry
from opencsc.core.codes import cin_code_list
from opencsc.demo import vocabulary as words
from opencsc.demo.build import CHRONOLOGY_COLUMNS, Build, chronology_row
from opencsc.demo.frontdoor.records import (
    CUT_OFF,
    FrontDoorPlan,
    Planned,
)
from opencsc.frontdoor import entries
from opencsc.frontdoor.codes import (
    STATUTORY_OUTCOMES,
    Concern,
    Consent,
    ConsentAsked,
    Outcome,
)
from opencsc.frontdoor.models import (
    AgencyCheck,
    ConsentOverride,
    ConsentRecord,
    Contact,
    ContactChild,
    ContactDecision,
    ContactRating,
    MeetingItem,
)
from opencsc.people.models import Person
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from opencsc.timescales.models import DueItem


def save_front_door(build: Build, plan: FrontDoorPlan) -> None:
    """Save the contacts and all that followed, then their due items and chronology. Contacts,
    referrals and transfers are saved as model instances (their keys are needed); the larger
    tables as plain rows."""
    contacts = plan.contacts
    build.save("contacts", Contact, [planned.contact for planned in contacts])
    build.insert(
        "contact children",
        ContactChild,
        ("contact_id", "child_id", "given_name", "given_date_of_birth", "given_address"),
        [
            (p.contact.pk, child.pk if child else None, name, born, address)
            for p in contacts
            for child, name, born, address in p.links
        ],
    )
    build.insert(
        "consent records",
        ConsentRecord,
        ("contact_id", "asked", "name", "answer", "asked_at", "asked_by_id", "note"),
        [
            (
                p.contact.pk,
                _who_was_asked(p),
                "",
                p.contact.consent,
                p.contact.received_at,
                p.contact.recorded_by_id,
                "",
            )
            for p in contacts
            if p.contact.consent in (Consent.GIVEN, Consent.REFUSED)
        ],
    )
    # The manager's authorised override behind each overridden contact, asked for by its worker.
    build.insert(
        "consent overrides",
        ConsentOverride,
        (
            "contact_id",
            "status",
            "reason",
            "rationale",
            "proposed_by_id",
            "proposed_at",
            "reviewed_by_id",
            "reviewed_at",
            "manager_comment",
        ),
        [
            (
                c.pk,
                ConsentOverride.Status.AUTHORISED,
                c.consent_override_reason,
                c.consent_override_rationale,
                c.practitioner_id,
                c.received_at,
                c.consent_override_authorised_by_id,
                c.consent_override_authorised_at,
                "",
            )
            for c in (p.contact for p in contacts)
            if c.is_consent_overridden
            and c.practitioner_id is not None
            and c.consent_override_authorised_by_id is not None
            and c.practitioner_id != c.consent_override_authorised_by_id
        ],
    )
    build.insert(
        "contact ratings",
        ContactRating,
        ("contact_id", "rating", "reason", "rated_by_id", "rated_at", "decision_due_on"),
        [
            (p.contact.pk, rating, reason, by.pk, at, due)
            for p in contacts
            for rating, reason, by, at, due in p.ratings
        ],
    )
    build.insert(
        "agency checks",
        AgencyCheck,
        (
            "contact_id",
            "agency_id",
            "question",
            "status",
            "requested_at",
            "requested_by_id",
            "due_on",
            "due_at",
            "chased_at",
            "chase_count",
            "returned_at",
            "returned_by_id",
            "information",
        ),
        [
            (
                p.contact.pk,
                c.agency.pk,
                words.CHECK_QUESTIONS[c.agency.kind],
                c.status,
                c.requested_at,
                c.requested_by.pk,
                c.due_on,
                c.due_at,
                c.chased_at,
                c.chase_count,
                c.returned_at,
                c.returned_by.pk if c.returned_by else None,
                c.information,
            )
            for p in contacts
            for c in p.checks
        ],
    )
    build.insert(
        "MASH meeting items",
        MeetingItem,
        ("contact_id", "meeting_on", "added_by_id", "agreed", "agreed_by_id", "agreed_at"),
        [
            (p.contact.pk, day, added_by.pk, agreed, agreed_by.pk if agreed_by else None, at)
            for p in contacts
            for day, added_by, agreed, agreed_by, at in p.meetings
        ],
    )
    build.insert(
        "threshold decisions",
        ContactDecision,
        (
            "contact_id",
            "version",
            "status",
            "outcome",
            "threshold_level",
            "rationale",
            "primary_need",
            "early_help_team_id",
            "amendment_reason",
            "proposed_by_id",
            "proposed_at",
            "reviewed_by_id",
            "reviewed_at",
            "manager_comment",
            "no_strategy_discussion_reason",
            "checks_at_proposal",
            "checks_reason",
            "open_checks",
        ),
        [
            (
                p.contact.pk,
                d.version,
                d.status,
                d.outcome,
                d.threshold_level,
                d.rationale,
                d.primary_need,
                d.early_help_team.pk if d.early_help_team else None,
                "",
                d.proposed_by.pk,
                d.proposed_at,
                d.reviewed_by.pk if d.reviewed_by else None,
                d.reviewed_at,
                d.manager_comment,
                d.no_strategy_discussion_reason,
                d.checks_at_proposal,
                d.checks_reason,
                d.open_checks,
            )
            for p in contacts
            for d in p.decisions
        ],
    )
    authorised = {
        (contact, version): pk
        for contact, version, pk in ContactDecision.objects.filter(
            status=ContactDecision.Status.AUTHORISED, outcome__in=STATUTORY_OUTCOMES
        ).values_list("contact_id", "version", "pk")
    }
    referrals = []
    for episode in plan.episodes:
        contact, decision = episode.contact, episode.decision
        episode.referral = referral = Referral(
            child=episode.child,
            contact=contact,
            decision_id=authorised[(contact.pk, decision.version)]
            if contact is not None and decision is not None
            else None,
            referred_on=episode.referred_on,
            referral_source=episode.source,
            primary_need=episode.primary_need,
            is_re_referral=episode.is_re_referral,
            status=Referral.Status.OPEN if episode.closed_on is None else Referral.Status.CLOSED,
            closed_on=episode.closed_on,
            closure_reason=episode.closure_reason(),
            is_nfa=episode.nfa,
            created_by=episode.created_by,
        )
        referrals.append(referral)
    build.save("referrals", Referral, referrals)
    linked = []
    for episode in plan.episodes:
        if episode.referral is not None and episode.previous is not None:
            episode.referral.previous_referral = episode.previous.referral
            linked.append(episode.referral)
    Referral.objects.bulk_update(linked, ["previous_referral"], batch_size=500)
    build.save("transfers", Transfer, plan.transfers)
    build.save_through("front-door due items", timescales.save_due_items, _due_items(build, plan))
    build.insert(
        "front-door chronology", ChronologyEntry, CHRONOLOGY_COLUMNS, _chronology(build, plan)
    )
    _figures(build, plan)


def _who_was_asked(planned: Planned) -> str:
    """Who the MASH asked for consent: the young person when the eldest child is 13 or over, a
    parent otherwise (a carer on one in five, by the contact's minute: no random draw)."""
    received = planned.contact.received_at
    born = [
        child.date_of_birth if child is not None else given for child, _, given, _ in planned.links
    ]
    ages = [(received.date() - day).days // 365 for day in born if day is not None]
    if ages and max(ages) >= 13:
        return ConsentAsked.YOUNG_PERSON
    return ConsentAsked.CARER if received.minute % 5 == 0 else ConsentAsked.PARENT


def _due_items(build: Build, plan: FrontDoorPlan) -> list[DueItem]:
    """Open due items: a decision for each undecided contact and an answer for each open check
    (an open episode's due items are the pathway's, `pathway/`)."""
    contact_type = ContentType.objects.get_for_model(Contact).pk
    check_type = ContentType.objects.get_for_model(AgencyCheck).pk
    zone = build.zone
    open_checks = {
        (contact, agency): pk
        for contact, agency, pk in AgencyCheck.objects.filter(
            status=AgencyCheck.Status.REQUESTED
        ).values_list("contact_id", "agency_id", "pk")
    }
    rows: list[DueItem] = []

    def due(
        rule: rules.Rule,
        child: Person | None,
        record: tuple[int, int],
        summary: str,
        owner: User | None,
        team: Team | None,
        start: date | datetime,
        opened_at: datetime,
    ) -> None:
        rows.append(
            timescales.due_item_row(
                rule,
                child_id=child.pk if child else None,
                record_type_id=record[0],
                record_id=record[1],
                start=start,
                opened_at=opened_at,
                owner_id=owner.pk if owner else None,
                team_id=team.pk if team else None,
                summary=summary,
            )
        )

    for planned in plan.contacts:
        contact = planned.contact
        child = planned.children[0] if planned.children else None
        if planned.due_rule is not None and planned.due_start is not None:
            rated = contact.received_at
            if planned.ratings:
                rated = planned.ratings[-1][3]
            rating = f" ({contact.rating})" if contact.rating else ""
            due(
                planned.due_rule,
                child,
                (contact_type, contact.pk),
                f"Decide on contact {contact.reference}{rating}",
                contact.practitioner,
                contact.team,
                planned.due_start,
                rated,
            )
            if contact.disclosed_physical_or_sexual_abuse:
                # Watched until a strategy discussion or a manager's reason (the manager alert).
                received = contact.received_at.astimezone(zone).date()
                due(
                    rules.DISCLOSURE_STRATEGY_DISCUSSION,
                    child,
                    (contact_type, contact.pk),
                    f"Strategy discussion after the disclosure on contact {contact.reference}",
                    None,
                    contact.team,
                    received,
                    contact.received_at,
                )
        for check in planned.checks:
            if check.status != AgencyCheck.Status.REQUESTED:
                continue
            due(
                rules.AGENCY_CHECK_RED if check.due_at else rules.AGENCY_CHECK,
                child,
                (check_type, open_checks[(contact.pk, check.agency.pk)]),
                f"{check.agency} check for contact {contact.reference}",
                check.requested_by,
                contact.team,
                check.requested_at if check.due_at else check.requested_at.astimezone(zone).date(),
                check.requested_at,
            )
    return rows


# Marks an authorised decision among a contact's steps.
DECIDED = "\x00decided: "


def _chronology(build: Build, plan: FrontDoorPlan) -> list[tuple[Any, ...]]:
    """What the services write on each child's chronology: the contact and each step after it
    (rating, checks asked and answered, the MASH meeting, decisions proposed, returned and
    authorised), the referral (and its closure with no further action) and transfers."""
    referral_type = ContentType.objects.get_for_model(Referral).pk
    zone = build.zone
    sources = cin_code_list("referral_source")
    concern_labels = dict(Concern.choices)
    outcome_labels = dict(Outcome.choices)
    rows: list[tuple[Any, ...]] = []
    for planned in plan.contacts:
        if not planned.children:
            continue
        contact = planned.contact
        reference = contact.reference
        concerns = ", ".join(concern_labels.get(code, code) for code in contact.concerns)
        received_on = contact.received_at.astimezone(zone).date()
        # Each step after the contact as the services word it: (day, what, by).
        steps: list[tuple[date, str, User]] = []
        earlier = ""
        for rating, _, by, at, _ in planned.ratings:
            steps.append((at.astimezone(zone).date(), entries.rating_step(rating, earlier), by))
            earlier = rating
        for check in planned.checks:
            steps.append(
                (
                    check.requested_at.astimezone(zone).date(),
                    entries.check_requested(check.agency),
                    check.requested_by,
                )
            )
            if check.returned_at is not None and check.returned_by is not None:
                steps.append(
                    (
                        check.returned_at.astimezone(zone).date(),
                        entries.check_returned(check.agency),
                        check.returned_by,
                    )
                )
        for day, _, agreed, agreed_by, _ in planned.meetings:
            if agreed and agreed_by is not None:
                steps.append((day, entries.DISCUSSED, agreed_by))
        for decision in planned.decisions:
            outcome = outcome_labels[decision.outcome]
            steps.append(
                (
                    decision.proposed_at.astimezone(zone).date(),
                    entries.decision_proposed(outcome),
                    decision.proposed_by,
                )
            )
            if decision.reviewed_at is None or decision.reviewed_by is None:
                continue
            reviewed = decision.reviewed_at.astimezone(zone).date()
            if decision.status == ContactDecision.Status.RETURNED:
                steps.append((reviewed, entries.DECISION_RETURNED, decision.reviewed_by))
            else:
                # A decision authorised reads "Contact ... decided", not as a step.
                steps.append((reviewed, DECIDED + outcome, decision.reviewed_by))
        for child in planned.children:
            rows.append(
                chronology_row(
                    entries.received(
                        child,
                        contact_id=contact.pk,
                        reference=reference,
                        source=sources[contact.referral_source],
                        concerns=concerns,
                        on=received_on,
                        by=contact.recorded_by,
                    )
                )
            )
            for day, what, by in steps:
                if what.startswith(DECIDED):
                    entry = entries.decided(
                        child,
                        contact_id=contact.pk,
                        reference=reference,
                        outcome=what.removeprefix(DECIDED),
                        on=day,
                        by=by,
                    )
                else:
                    entry = entries.step(
                        child, contact_id=contact.pk, reference=reference, what=what, on=day, by=by
                    )
                rows.append(chronology_row(entry))
    for episode in plan.episodes:
        referral = episode.referral
        if referral is None:
            continue
        rows.append(
            chronology_row(
                casework_entries.referred(
                    referral.child,
                    referral_id=referral.pk,
                    need=referral.get_primary_need_display(),
                    re_referral=referral.is_re_referral,
                    on=referral.referred_on,
                    by=referral.created_by,
                )
            )
        )
        if episode.nfa and referral.closed_on is not None:
            rows.append(
                (
                    referral.child.pk,
                    ChronologyEntry.Kind.CLOSURE,
                    referral.closed_on,
                    words.REFERRAL_CLOSED_NFA,
                    referral_type,
                    referral.pk,
                    referral.created_by.pk,
                )
            )
    for transfer in plan.transfers:
        rows.append(
            chronology_row(
                casework_entries.transferred(
                    transfer.child,
                    transfer_id=transfer.pk,
                    kind=transfer.get_kind_display(),
                    from_team=transfer.from_team,
                    to_team=transfer.to_team,
                    on=transfer.transferred_on,
                    by=transfer.recorded_by,
                )
            )
        )
    return rows


def _figures(build: Build, plan: FrontDoorPlan) -> None:
    """The open MASH queue and the year's referrals, for the summary and the progress output."""
    today = build.today
    cap = datetime.combine(today, CUT_OFF, tzinfo=build.zone)
    start = build.front_door_from
    contacts = [planned.contact for planned in plan.contacts]
    open_contacts = [c for c in contacts if c.status != Contact.Status.DECIDED]
    checks = [
        check
        for planned in plan.contacts
        for check in planned.checks
        if check.status == AgencyCheck.Status.REQUESTED
    ]
    year = [episode for episode in plan.episodes if episode.referred_on >= start]
    figures: dict[str, float] = {
        "contacts in the year": sum(1 for c in contacts if c.received_at.date() >= start),
        "open contacts": len(open_contacts),
        "awaiting authorisation": sum(
            1 for c in open_contacts if c.status == Contact.Status.AWAITING_AUTHORISATION
        ),
        "overdue contacts": sum(
            1 for c in open_contacts if c.decision_due_on and c.decision_due_on < today
        ),
        "open checks": len(checks),
        "overdue checks": sum(
            1
            for check in checks
            if (check.due_at is not None and check.due_at < cap)
            or (check.due_at is None and check.due_on < today)
        ),
        "referrals in the year": len(year),
        "re-referral share": round(
            sum(1 for episode in year if episode.is_re_referral) / max(1, len(year)), 3
        ),
        "open referrals": sum(1 for episode in plan.episodes if episode.closed_on is None),
    }
    build.summary.figures.update(figures)
    build.say(
        f"  front door: {figures['contacts in the year']:,} contacts in the year,"
        f" {figures['referrals in the year']:,} referrals"
        f" ({figures['re-referral share']:.1%} re-referrals);"
        f" {figures['open contacts']:,} contacts open ({figures['overdue contacts']:,} overdue,"
        f" {figures['awaiting authorisation']:,} awaiting authorisation),"
        f" {figures['open checks']:,} checks open ({figures['overdue checks']:,} overdue)"
    )
