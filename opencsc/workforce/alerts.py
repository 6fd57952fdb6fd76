"""The team manager's alerts, in one place: which deadline each one watches and what it says.

An alert is an open due item of one of these rules, for a team the manager oversees. It shows the
day after the item falls overdue (`due_on < today`), or at once for an `immediate` rule, whose
item exists only because something was left unexplained. A manager acknowledges each alert once,
with a note.
"""

from dataclasses import dataclass

from opencsc.timescales import rules
from opencsc.timescales.rules import Rule


@dataclass(frozen=True)
class AlertRule:
    """One kind of manager alert: the deadline it watches, its wording and when it shows."""

    rule: Rule
    title: str
    explanation: str
    immediate: bool = False
    about_child: bool = True
    # Stays on the list until the work is done: a note does not answer it (a medical decided
    # needed is recorded, or its reason for not being held authorised).
    until_done: bool = False

    @property
    def kind(self) -> str:
        return self.rule.code

    @property
    def description(self) -> str:
        """The explanation with the period in force (a council may change local periods)."""
        return self.explanation.format(period=self.rule.effective_period())


ALERT_RULES: dict[str, AlertRule] = {
    alert.kind: alert
    for alert in (
        AlertRule(
            rules.DISCLOSURE_STRATEGY_DISCUSSION,
            title="No strategy discussion after a disclosure",
            explanation="A child disclosed physical or sexual abuse and no strategy discussion "
            "was held within {period} of the contact.",
        ),
        AlertRule(
            rules.NO_STRATEGY_AFTER_DISCLOSURE,
            title="Decided without a strategy discussion after a disclosure",
            explanation="A manager authorised a decision on a contact where a child disclosed "
            "physical or sexual abuse, with a reason for not holding a strategy discussion. Read "
            "the reason on the contact: your note records that you have seen it and what you "
            "directed.",
            immediate=True,
        ),
        AlertRule(
            rules.ICPC,
            title="No conference decision within 15 working days",
            explanation="A section 47 enquiry has no initial conference, or decision that none "
            "is needed, within {period} of its strategy discussion.",
        ),
        AlertRule(
            rules.PROTECTION_MEDICAL,
            title="Child protection medical not recorded",
            explanation="A strategy discussion decided a child protection medical is needed and "
            "its date, who examined the child and the outcome were not recorded within {period}, "
            "nor a reason why it is not held authorised. The alert stays until one is.",
            until_done=True,
        ),
        AlertRule(
            rules.ASSESSMENT,
            title="Assessment past its deadline",
            explanation="The child and family assessment was not authorised within {period} of "
            "the referral.",
        ),
        AlertRule(
            rules.CP_VISIT,
            title="Child protection visit overdue",
            explanation="The child on a child protection plan has not been seen within the "
            "visiting timescale ({period}).",
        ),
        AlertRule(
            rules.SEEN_ALONE_REASON,
            title="Assessment completed without the child seen alone",
            explanation="The assessment was authorised without the child seen alone and with no "
            "reason recorded. Your note is the explanation.",
            immediate=True,
        ),
        AlertRule(
            rules.RESTRICTED_WITH_OPEN_REFERRAL,
            title="Record restricted with a referral open",
            explanation="A manager restricted a child's record while the child's referral is "
            "open. Check the staff named on it can act on the referral; you may change or lift "
            "the restriction.",
            immediate=True,
        ),
        AlertRule(
            rules.IDENTITY_CHANGED,
            title="Date of birth or identifier changed",
            explanation="A child's date of birth, NHS number or UPN was changed while the "
            "child's episode is open. Check the change on the history of the child's details: "
            "the records of the episode, and any return, use them. Your note says you have "
            "checked it.",
            immediate=True,
        ),
        AlertRule(
            rules.ROLE_GRANT_WAITING,
            title="Role that reads every child waiting for approval",
            explanation="An administrator asked for an account to have a role that reads every "
            "child's record; a second administrator must approve it. If you did not expect "
            "it, speak to the administrators. The alert closes when it is answered.",
            immediate=True,
            about_child=False,
        ),
        AlertRule(
            rules.ROLE_GRANT_APPROVED,
            title="Role that reads every child approved",
            explanation="A second administrator approved a role that reads every child's "
            "record: the account now reads every child. Your note says you have seen it.",
            immediate=True,
            about_child=False,
        ),
        AlertRule(
            rules.DIRECTED_ACTION,
            title="Directed action overdue",
            explanation="An action a manager directed was not done, reassigned or withdrawn by "
            "the date the manager set.",
        ),
        AlertRule(
            rules.RETURN_HOME_INTERVIEW,
            title="Return home interview overdue",
            explanation="A child came back from being missing and no return home interview was "
            "offered (and held, if the child accepted) within {period} of the return. It shows "
            "as soon as the hours have passed.",
        ),
        AlertRule(
            rules.TRANSFER_AFTER_ASSESSMENT,
            title="Waiting for transfer after assessment",
            explanation="The child has waited more than {period} after the assessment for the "
            "receiving team to accept the case.",
        ),
    )
}
IMMEDIATE_KINDS = frozenset(kind for kind, alert in ALERT_RULES.items() if alert.immediate)
OVERDUE_KINDS = frozenset(ALERT_RULES) - IMMEDIATE_KINDS
UNTIL_DONE_KINDS = frozenset(kind for kind, alert in ALERT_RULES.items() if alert.until_done)


def alert_for(kind: str) -> AlertRule:
    """The alert rule for a due item's rule code."""
    return ALERT_RULES[kind]
