"""Planning each contact: as it arrived (concerns, consent, the agencies to check with), then its
timeline through the MASH (rating, checks, meeting, decision, authorisation)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from opencsc.accounts.models import Agency, Team, User
from opencsc.casework.models import Transfer
from opencsc.demo import vocabulary as words
from opencsc.demo.frontdoor.base import PlannerBase
from opencsc.demo.frontdoor.records import (
    CHECK_COUNTS,
    CONSENT_WEIGHTS,
    DAY_END,
    DECISION_DAYS,
    DECISION_RULES,
    DISCLOSURE_SHARE,
    EARLY_HELP,
    LAST_CALL,
    LATE_CHECK_SHARE,
    MANAGERS_UNTIL,
    MEETING_AT,
    ONE_DAY,
    POLICE_CONSENT_WEIGHTS,
    QUICK_DECISION_DAYS,
    RE_RATED_FROM,
    RE_RATED_SHARE,
    RED,
    RED_UNTIL,
    REFUSED_OVERRIDDEN_SHARE,
    RETURNED_AS,
    RETURNED_SHARE,
    SECTION_47,
    TRIAGE_MINUTES,
    Check,
    CheckRow,
    DecisionRow,
    Link,
    MeetingRow,
    Planned,
    RatingRow,
    Timeline,
)
from opencsc.frontdoor.codes import (
    CHECKED_OUTCOMES,
    PHYSICAL_OR_SEXUAL,
    RATING_ORDER,
    STATUTORY_OUTCOMES,
    ChecksAtProposal,
    Consent,
    OpenChecks,
    Outcome,
    Rating,
)
from opencsc.frontdoor.models import (
    AgencyCheck,
    Contact,
    ContactDecision,
)
from opencsc.people.models import Person
from opencsc.timescales import calendar, rules


class ContactPlanner(PlannerBase):
    """Drafts each contact and plans its way through the MASH to a decision."""

    def draft(
        self,
        day: date,
        source: str,
        children: list[Person],
        *,
        rating: str,
        portal: bool = False,
        consent_given: bool = False,
    ) -> "Draft":
        """What arrived: who from, how, about what, consent, and the checks it will need."""
        r = self.r
        received_at = self.received(day, source)
        day = received_at.date()
        agency_name = words.SOURCE_AGENCY.get(source)
        method = (
            "partner_portal"
            if portal
            else self.weighted(words.SOURCE_METHODS.get(source, words.DEFAULT_METHODS))
        )
        if method == "partner_portal" and agency_name is None:
            method = "email"
        agency = self.agencies.get(agency_name or "") if method == "partner_portal" else None
        partners = self.build.partner_users.get(agency.pk, []) if agency is not None else []
        if agency is not None and not partners:
            agency, method = None, "email"
        practitioner = r.choice(self.practitioners)
        recorded_by = r.choice(partners) if agency is not None else practitioner

        first, last = r.choice(self.referrers)
        role = r.choice(words.REFERRER_ROLES[source])
        organisation = agency_name or words.SOURCE_ORGANISATIONS.get(source, "")
        stepped_up_from = None
        if source == "5D":
            stepped_up_from = r.choice(self.early_help)
            organisation = stepped_up_from.name
        anonymous = source in {"9", "10"}
        plain = (organisation or "home").replace("(demo)", "").lower()
        slug = "".join(ch for ch in plain if ch.isalnum())[:24]
        individual = source.startswith("1")

        ages = [self.age_text(child, day) for child in children]
        concerns = self.concerns(source, [age for _, age in ages])
        lead = children[0]
        name = lead.first_name or "the unborn baby"
        details = []
        for concern in concerns[:2]:
            if ages[0][1] < 0:
                due = lead.expected_date_of_birth or lead.date_of_birth or day + timedelta(days=90)
                weeks = min(39, max(8, 40 - (due - day).days // 7))
                text = words.PRE_BIRTH_TEXT.get(concern, words.PRE_BIRTH_TEXT["neglect"])
                details.append(text.format(weeks=weeks))
            else:
                text = r.choice(words.CONCERN_TEXT[concern])
                details.append(_sentence(text.format(name=name, age=ages[0][0])))
        if len(children) > 1:
            others = ", ".join(child.first_name or "an unborn baby" for child in children[1:])
            details.append(f"Siblings in the household: {others}.")

        disclosure, disclosure_details = "", ""
        if ages[0][1] >= 3:
            for concern in concerns:
                chance, kind = DISCLOSURE_SHARE.get(concern, (0.0, ""))
                if chance and r.random() < chance:
                    disclosure = kind
                    pronouns = _pronouns(lead.sex)
                    whom = words.DISCLOSED_TO.get(source, "a trusted adult")
                    text = r.choice(words.DISCLOSURE_TEXT[kind])
                    disclosure_details = text.format(name=name, whom=whom, **pronouns)
                    break

        consent = Consent.GIVEN.value
        consent_fields: dict[str, Any] = {}
        if not consent_given:
            choice = (
                "not_sought"
                if anonymous
                else self.weighted(POLICE_CONSENT_WEIGHTS if source == "6" else CONSENT_WEIGHTS)
            )
            consent, consent_fields = self.consent(choice, source, ages[0][1])
        contact = Contact(
            received_at=received_at,
            method=method,
            referral_source=source,
            referrer_name="" if anonymous else f"{first} {last}",
            referrer_role="" if anonymous else role,
            referrer_phone=""
            if anonymous
            else (
                f"07700 900{r.randint(0, 999):03d}"
                if individual
                else f"020 7946 0{r.randint(0, 999):03d}"
            ),
            referrer_email=""
            if anonymous or individual or r.random() < 0.2
            else f"{first.lower()}.{last.lower()}@{slug}.example",
            referrer_organisation=organisation,
            referrer_agency=agency,
            concerns=concerns,
            concern_details=" ".join(details),
            disclosure=disclosure,
            disclosure_details=disclosure_details,
            consent=consent,
            stepped_up_from=stepped_up_from,
            team=self.mash,
            practitioner=None if agency is not None else practitioner,
            recorded_by=recorded_by,
            **consent_fields,
        )
        if consent_fields.get("is_consent_overridden"):
            contact.consent_override_authorised_at = received_at
        # Checks go out only with consent or a manager's override (issue 13).
        refused = consent != Consent.GIVEN and not consent_fields.get("is_consent_overridden")
        draft = Draft(contact, children, practitioner, [], refused, [age for _, age in ages])
        return self.redraft_checks(draft, rating)

    def redraft_checks(self, draft: "Draft", rating: str) -> "Draft":
        draft.agencies = [] if draft.refused else self.check_agencies(draft, rating)
        return draft

    def concerns(self, source: str, ages: list[int]) -> list[str]:
        r = self.r
        youngest, eldest = min(ages), max(ages)
        if eldest < 0:
            return [r.choice(words.PRE_BIRTH_CONCERNS)]
        if source in words.SOURCE_CONCERNS:
            weights = words.SOURCE_CONCERNS[source]
        elif source.startswith("3"):
            weights = words.HEALTH_CONCERNS
        elif source.startswith("1") or source in {"9", "10"}:
            weights = words.INDIVIDUAL_CONCERNS
        else:
            weights = words.CONCERN_WEIGHTS
        picked = [self.weighted(weights)]
        for _ in range((r.random() < 0.45) + (r.random() < 0.15)):
            picked.append(self.weighted(words.CONCERN_WEIGHTS))
        concerns = []
        for concern in picked:
            if concern in words.OLDER_CHILD_CONCERNS and eldest < 10:
                concern = "neglect" if youngest < 5 else "emotional_abuse"
            if concern == "unaccompanied" and (eldest < 14 or len(ages) > 1):
                concern = "other"
            if concern == "private_fostering" and eldest >= 16:
                concern = "other"
            if concern not in concerns:
                concerns.append(concern)
        return concerns

    def consent(self, choice: str, source: str, age: int) -> tuple[str, dict[str, Any]]:
        r = self.r
        # The override is authorised by a manager's own login (issue 13), never typed.
        authoriser = self.manager()
        if choice == "given":
            return Consent.GIVEN, {}
        if choice == "override":
            return Consent.NOT_SOUGHT, {
                "consent_not_sought_reason": r.choice(words.CONSENT_OVERRIDE_NOT_SOUGHT),
                "is_consent_overridden": True,
                "consent_override_rationale": r.choice(words.CONSENT_OVERRIDE_RATIONALE),
                "consent_override_authorised_by": authoriser,
                "consent_override_reason": "other",
            }
        if choice == "not_sought":
            reasons = words.CONSENT_NOT_SOUGHT
            if source in {"9", "10"}:
                reason = reasons[0]
            elif source == "6":
                reason = reasons[1]
            else:
                reason = reasons[3] if age >= 13 and r.random() < 0.3 else reasons[2]
            return Consent.NOT_SOUGHT, {"consent_not_sought_reason": reason}
        if r.random() < REFUSED_OVERRIDDEN_SHARE:
            return Consent.REFUSED, {
                "is_consent_overridden": True,
                "consent_override_rationale": words.CONSENT_OVERRIDE_RATIONALE[2],
                "consent_override_authorised_by": authoriser,
                "consent_override_reason": "other",
            }
        return Consent.REFUSED, {}

    def rating_reason(self, draft: "Draft", rating: str) -> str:
        """Why the contact was rated so, from what it is about."""
        contact = draft.contact
        concerns = set(contact.concerns)
        reasons = words.RATING_REASONS[rating]
        for key, reason in reasons.items():
            if key == "*":
                break
            if (key == "disclosure" and contact.disclosure) or key in concerns:
                return reason
            if key == contact.referral_source:
                return reason
        return self.r.choice(reasons["*"])

    def check_agencies(self, draft: "Draft", rating: str) -> list[Agency]:
        """The partner agencies asked what they know, chosen by the concerns and the ages."""
        concerns = set(draft.contact.concerns)
        ages = draft.ages
        count = self.weighted(CHECK_COUNTS[rating])
        violent = bool(
            concerns
            & {
                "domestic_abuse",
                "criminal_exploitation",
                "missing",
                "child_sexual_exploitation",
                "physical_abuse",
                "sexual_abuse",
            }
        )
        weights = {
            words.POLICE: 7.0 if violent else 3.0,
            words.GP_PRACTICES: 4.0,
            words.COMMUNITY_HEALTH: 5.0 if min(ages) < 5 else 1.0,
            words.HOSPITAL: 3.0
            if draft.contact.referral_source == "3E" or "self_harm" in concerns
            else 0.5,
            words.SCHOOLS: 5.0 if any(4 <= age <= 17 for age in ages) else 0.0,
            words.PROBATION: 2.0 if concerns & {"domestic_abuse", "sexual_abuse"} else 0.3,
            words.HOUSING: 3.0 if "housing" in concerns else 0.5,
            words.ADULT_SOCIAL_CARE: 3.0
            if concerns & {"parental_mental_health", "parental_substance_misuse"}
            else 0.5,
            words.YOUTH_JUSTICE: 3.0
            if concerns & {"criminal_exploitation", "missing"} and max(ages) >= 10
            else 0.0,
        }
        chosen: list[Agency] = []
        for _ in range(count):
            names = [name for name, weight in weights.items() if weight > 0]
            if not names:
                break
            name = self.r.choices(names, weights=[weights[n] for n in names])[0]
            weights[name] = 0.0
            chosen.append(self.agencies[name])
        return chosen

    def timeline(
        self, draft: "Draft", rating: str, *, quick: bool = False, stall: str = ""
    ) -> Timeline:
        """The contact's triage, checks, meetings and decision, up to the cut-off."""
        r, cap = self.r, self.cap
        agencies = list(draft.agencies)
        if stall == "check" and self.police not in agencies:
            agencies.insert(0, self.police)
        timeline = Timeline()
        first = rating
        if not quick and not stall and r.random() < RE_RATED_SHARE:
            first = r.choice(RE_RATED_FROM[rating])
        until = RED_UNTIL if first == RED else DAY_END
        rated = self.later(draft.contact.received_at, *TRIAGE_MINUTES[first], until)
        if rated > cap:
            return timeline
        timeline.ratings.append((first, rated, self.rating_reason(draft, first)))

        answers: list[datetime | None] = []
        for number, agency in enumerate(agencies):
            requested = self.later(rated, 3, 40, until)
            if requested > cap:
                break
            late = not quick and r.random() < LATE_CHECK_SHARE
            due_at: datetime | None
            if first == RED:
                due_at = rules.AGENCY_CHECK_RED.due_at(requested)
                due_on, deadline = due_at.date(), due_at
                wait = (250, 600) if late else (20, 150)
                returned: datetime | None = requested + timedelta(minutes=r.randint(*wait))
                chase = deadline + timedelta(minutes=r.randint(15, 60))
            else:
                due_at = None
                due_on = self.due(rules.AGENCY_CHECK, requested.date())
                deadline = datetime.combine(due_on, LAST_CALL, tzinfo=self.zone)
                if late:
                    returned = self.at(
                        calendar.add_working_days(due_on, r.randint(1, 3)), time(9), LAST_CALL
                    )
                else:
                    day = r.choice((requested.date(), due_on))
                    returned = max(
                        requested + timedelta(minutes=20), self.at(day, time(9), LAST_CALL)
                    )
                chase = self.at(calendar.add_working_days(due_on, 1), time(9), time(10, 30))
            if stall == "check" and number == 0:
                returned = None
            chases: list[datetime] = []
            while len(chases) < 3 and chase <= cap and (returned is None or chase < returned):
                chases.append(chase)
                if first == RED:
                    chase += timedelta(hours=2)
                else:
                    chase = self.at(
                        calendar.add_working_days(chase.date(), 1), time(9), time(10, 30)
                    )
            timeline.checks.append(
                Check(agency, requested, due_on, due_at, deadline, returned, chases)
            )
            answers.append(returned)

        final, final_at = first, rated
        if first != rating:
            known = [answer for answer in answers if answer is not None]
            final_at = self.later(min(known) if known else rated, 10, 120)
            if final_at <= cap:
                timeline.ratings.append((rating, final_at, words.RE_RATING_REASONS[rating]))
                final = rating

        if final == rating and stall not in {"check", "undecided"} and None not in answers:
            asked = max([check.requested_at for check in timeline.checks] or [final_at])
            self.decide(timeline, final, max(final_at, asked), answers, quick=quick, stall=stall)

        self.meet(timeline, rated, first, final, final_at, stall=stall)
        for check in timeline.checks:
            if check.returned_at is not None and check.returned_at > cap:
                check.returned_at = None
            stop = min(
                [moment for moment in (check.returned_at, timeline.authorised_at) if moment]
                or [cap]
            )
            check.chases = [chase for chase in check.chases if chase < stop]
        return timeline

    def decide(
        self,
        timeline: Timeline,
        rating: str,
        rated: datetime,
        answers: Sequence[datetime | None],
        *,
        quick: bool,
        stall: str,
    ) -> None:
        r, cap = self.r, self.cap
        offsets = QUICK_DECISION_DAYS if quick else DECISION_DAYS
        day = calendar.add_working_days(rated.date(), self.weighted(offsets[rating]))
        proposed: datetime | None = max(
            self.at(day, time(9), time(16)), rated + timedelta(minutes=15)
        )
        known = [answer for answer in answers if answer is not None]
        latest = max(known, default=None)
        assert proposed is not None  # noqa: S101 - narrows the type
        if latest is not None and latest > proposed and (quick or r.random() < 0.8):
            proposed = latest + timedelta(minutes=r.randint(15, 90))
        # Red contacts are decided the same day, into the evening if need be.
        until = RED_UNTIL if rating == RED else MANAGERS_UNTIL
        proposed = self.working(proposed, until)
        versions: list[tuple[datetime, datetime | None, bool]] = []
        if stall == "returned" or (not quick and r.random() < RETURNED_SHARE):
            back = self.later(proposed, 20, 180)
            versions.append((proposed, back, True))
            proposed = None if stall == "returned" else self.later(back, 60, 400)
        if proposed is not None:
            reviewed = None
            if stall != "authorisation":
                reviewed = self.later(proposed, 5, 60 if rating == RED else 150, until)
            versions.append((proposed, reviewed, False))
        for proposed_at, reviewed_at, returned in versions:
            if proposed_at > cap:
                break
            if reviewed_at is not None and reviewed_at > cap:
                reviewed_at = None
            timeline.versions.append((proposed_at, reviewed_at, returned))
            if reviewed_at is None:
                break
        if timeline.versions:
            _, reviewed_at, returned = timeline.versions[-1]
            if reviewed_at is not None and not returned:
                timeline.authorised_at = reviewed_at

    def meet(
        self,
        timeline: Timeline,
        rated: datetime,
        first: str,
        final: str,
        final_at: datetime,
        *,
        stall: str,
    ) -> None:
        """Discussed at the daily MASH meeting: red contacts, those with a check overdue, and a
        few the manager chose; today's meeting (after the cut-off) has its agenda only."""
        r, cap = self.r, self.cap
        end = timeline.authorised_at
        day = rated.date()
        last_day = end.date() if end is not None else self.today
        while day <= last_day and len(timeline.meetings) < 2:
            if calendar.is_working_day(day):
                meeting = datetime.combine(day, MEETING_AT, tzinfo=self.zone)
                if rated < meeting and (end is None or meeting < end):
                    rating = final if meeting >= final_at else first
                    overdue = any(
                        check.deadline < meeting
                        and (check.returned_at is None or check.returned_at > meeting)
                        for check in timeline.checks
                    )
                    chosen = r.random() < (0.3 if day == self.today else 0.05)
                    if rating == RED or overdue or chosen or (stall and day == self.today):
                        agreed = meeting + timedelta(minutes=r.randint(5, 90))
                        timeline.meetings.append((day, agreed if agreed <= cap else None))
            day += ONE_DAY

    def finish(
        self,
        draft: "Draft",
        timeline: Timeline,
        outcome: str,
        early_help_team: Team | None,
        *,
        busy: str = "",
        need_team: Team | None = None,
    ) -> Planned:
        """The contact's rows as they stand at the cut-off."""
        r = self.r
        contact = draft.contact
        received = contact.received_at.date()
        unmatched = not timeline.ratings and contact.referrer_agency is not None
        links: list[Link] = []
        for child in draft.children:
            if contact.referrer_agency is None:
                links.append((child, "", None, ""))
                continue
            address = child.household.address if child.household else None
            links.append(
                (
                    None if unmatched else child,
                    child.full_name or f"Unborn baby {child.last_name}",
                    child.date_of_birth,
                    f"{address.line_1}, {address.postcode}" if address else "",
                )
            )
        children = [] if unmatched else list(draft.children)

        ratings: list[RatingRow] = [
            (rating, reason, draft.practitioner, at, self.due(DECISION_RULES[rating], at.date()))
            for rating, at, reason in timeline.ratings
        ]
        if ratings:
            last_rating, _, _, last_rated_at, last_due = ratings[-1]
            contact.practitioner = draft.practitioner
            contact.rating = last_rating
            contact.rating_order = RATING_ORDER[Rating(last_rating)]
            contact.decision_due_on = last_due
            due_rule: rules.Rule | None = DECISION_RULES[last_rating]
            due_start: date | None = last_rated_at.date()
        else:
            contact.decision_due_on = self.due(rules.REFERRAL_DECISION, received)
            due_rule, due_start = rules.REFERRAL_DECISION, received

        authorised_at = timeline.authorised_at
        checks: list[CheckRow] = []
        for check in timeline.checks:
            returned = check.returned_at
            if returned is not None and (authorised_at is None or returned <= authorised_at):
                status = AgencyCheck.Status.RETURNED
            elif authorised_at is not None:
                status, returned = AgencyCheck.Status.WITHDRAWN, None
            else:
                status, returned = AgencyCheck.Status.REQUESTED, None
            answerers = self.build.partner_users.get(check.agency.pk, [])
            answerer = (
                r.choice(answerers)
                if answerers and r.random() < 0.65
                else r.choice(self.practitioners)
            )
            checks.append(
                CheckRow(
                    agency=check.agency,
                    status=status,
                    requested_at=check.requested_at,
                    requested_by=draft.practitioner,
                    due_on=check.due_on,
                    due_at=check.due_at,
                    chased_at=check.chases[-1] if check.chases else None,
                    chase_count=len(check.chases),
                    returned_at=returned,
                    returned_by=answerer if returned else None,
                    information=r.choice(words.CHECK_ANSWERS[check.agency.kind])
                    if returned
                    else "",
                )
            )

        rationale = r.choice(words.DECISION_RATIONALES[outcome])
        if busy:
            rationale = (
                words.OPEN_REFERRAL_RATIONALE
                if busy == "referral"
                else words.OPEN_CASE_RATIONALE.format(team=busy)
            )
        decisions: list[DecisionRow] = []
        authorised = None
        for version, (proposed_at, reviewed_at, sent_back) in enumerate(timeline.versions, 1):
            # A version the manager sent back proposed something else (or the same, too soon).
            this = RETURNED_AS.get(Outcome(outcome), outcome) if sent_back else outcome
            decision_status: ContactDecision.Status
            if sent_back and reviewed_at is not None:
                decision_status = ContactDecision.Status.RETURNED
                comment = r.choice(words.RETURN_COMMENTS)
            elif reviewed_at is not None:
                decision_status = ContactDecision.Status.AUTHORISED
                comment = r.choice(words.MANAGER_COMMENTS) if r.random() < 0.5 else ""
            else:
                decision_status, comment = ContactDecision.Status.PROPOSED, ""
            no_strategy = ""
            if (
                decision_status == ContactDecision.Status.AUTHORISED
                and contact.disclosure in PHYSICAL_OR_SEXUAL
                and this != SECTION_47
            ):
                no_strategy = r.choice(words.NO_STRATEGY_DISCUSSION_REASONS)
            decision = DecisionRow(
                version=version,
                status=decision_status,
                outcome=this,
                threshold_level=self.threshold(this),
                rationale=rationale
                if this == outcome
                else r.choice(words.DECISION_RATIONALES[this]),
                primary_need=self.need(this, need_team) if this in STATUTORY_OUTCOMES else "",
                early_help_team=(early_help_team or r.choice(self.early_help))
                if this == EARLY_HELP
                else None,
                proposed_by=draft.practitioner,
                proposed_at=proposed_at,
                reviewed_by=self.manager() if reviewed_at is not None else None,
                reviewed_at=reviewed_at,
                manager_comment=comment,
                no_strategy_discussion_reason=no_strategy,
            )
            _checks_at_proposal(
                decision,
                timeline.checks,
                refused=draft.refused,
                withdrawn=any(check.status == AgencyCheck.Status.WITHDRAWN for check in checks),
            )
            decisions.append(decision)
            if decision_status == ContactDecision.Status.AUTHORISED:
                authorised = decision
        decided_on = authorised_at.date() if authorised_at is not None else self.today
        if authorised is not None:
            contact.status = Contact.Status.DECIDED
            contact.decided_on = decided_on
            due_rule, due_start = None, None
        elif decisions and decisions[-1].status == ContactDecision.Status.PROPOSED:
            contact.status = Contact.Status.AWAITING_AUTHORISATION
        else:
            contact.status = Contact.Status.OPEN

        meetings: list[MeetingRow] = []
        for day, agreed_at in timeline.meetings:
            manager = self.manager()
            agreed = ""
            if agreed_at is not None:
                agreed = words.MEETING_AGREED["open" if busy else outcome]
            meetings.append((day, manager, agreed, manager if agreed_at else None, agreed_at))
        planned = Planned(
            contact=contact,
            children=children,
            links=links,
            ratings=ratings,
            checks=checks,
            meetings=meetings,
            decisions=decisions,
            authorised=authorised,
            due_rule=due_rule,
            due_start=due_start,
            due_on=contact.decision_due_on,
        )
        if authorised is not None and authorised.outcome == EARLY_HELP:
            for child in children:
                self.plan.transfers.append(
                    Transfer(
                        child=child,
                        kind=Transfer.Kind.STEP_DOWN,
                        from_team=self.mash,
                        to_team=authorised.early_help_team,
                        transferred_on=decided_on,
                        reason=authorised.rationale,
                        contact=contact,
                        recorded_by=authorised.reviewed_by,
                    )
                )
        if (
            authorised is not None
            and authorised.outcome in STATUTORY_OUTCOMES
            and contact.stepped_up_from is not None
        ):
            for child in children:
                self.plan.transfers.append(
                    Transfer(
                        child=child,
                        kind=Transfer.Kind.STEP_UP,
                        from_team=contact.stepped_up_from,
                        to_team=self.mash,
                        transferred_on=decided_on,
                        reason=authorised.rationale,
                        contact=contact,
                        recorded_by=authorised.reviewed_by,
                    )
                )
        self.plan.contacts.append(planned)
        return planned


@dataclass
class Draft:
    """A contact as it arrived, before its triage and decision."""

    contact: Contact
    children: list[Person]
    practitioner: User
    agencies: list[Agency]
    refused: bool
    ages: list[int]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _pronouns(sex: str) -> dict[str, str]:
    if sex == "M":
        return {"they": "he", "them": "him", "their": "his"}
    if sex == "F":
        return {"they": "she", "them": "her", "their": "her"}
    return {"they": "they", "them": "them", "their": "their"}


def _checks_at_proposal(
    decision: DecisionRow, checks: list[Check], *, refused: bool, withdrawn: bool
) -> None:
    """What the checks stood at when the decision was proposed, the reason where the rule needs
    one (chosen by the proposal's minute: no random draw), and, on the authorised version, that
    the manager withdrew the checks still outstanding."""
    at = decision.proposed_at
    asked = [check for check in checks if check.requested_at <= at]
    if not asked:
        state = ChecksAtProposal.NONE
    elif any(check.returned_at is None or check.returned_at > at for check in asked):
        state = ChecksAtProposal.OUTSTANDING
    else:
        state = ChecksAtProposal.RETURNED
    decision.checks_at_proposal = state.value
    if state == ChecksAtProposal.OUTSTANDING or (
        state == ChecksAtProposal.NONE and decision.outcome in CHECKED_OUTCOMES
    ):
        kind = "refused" if state == ChecksAtProposal.NONE and refused else state.value
        reasons = words.CHECKS_REASONS[kind]
        decision.checks_reason = reasons[at.minute % len(reasons)]
    if withdrawn and decision.status == ContactDecision.Status.AUTHORISED:
        decision.open_checks = OpenChecks.WITHDRAW.value
