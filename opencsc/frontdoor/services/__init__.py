"""Writes for the front door: each is one transaction with its permission check, due items,
chronology and access-log rows. One module per step: contacts (record, add a child, rate), checks
(ask, chase, answer another agency), meeting (the daily meeting), decisions (propose, authorise,
return, carry out) and due_dates (the worklists' copies of due dates)."""

from opencsc.casework.holders import front_door_team
from opencsc.frontdoor.services.checks import chase_check, request_check, return_check
from opencsc.frontdoor.services.consent import (
    authorise_override,
    propose_override,
    record_consent,
    return_override,
)
from opencsc.frontdoor.services.contacts import (
    ContactDetails,
    NamedChild,
    add_child,
    rate_contact,
    record_contact,
)
from opencsc.frontdoor.services.decisions import (
    ALL_DECISION_RULES,
    DECISION_RULES,
    DecisionDetails,
    authorise_decision,
    propose_decision,
    return_decision,
)
from opencsc.frontdoor.services.due_dates import copy_due_dates
from opencsc.frontdoor.services.meeting import choose_for_meeting, record_meeting_outcome
from opencsc.frontdoor.services.notifications import (
    mark_contact_read,
    record_told,
    tell_holders,
)

__all__ = [
    "ALL_DECISION_RULES",
    "DECISION_RULES",
    "ContactDetails",
    "DecisionDetails",
    "NamedChild",
    "add_child",
    "authorise_decision",
    "authorise_override",
    "chase_check",
    "choose_for_meeting",
    "copy_due_dates",
    "front_door_team",
    "mark_contact_read",
    "propose_decision",
    "propose_override",
    "rate_contact",
    "record_consent",
    "record_contact",
    "record_meeting_outcome",
    "record_told",
    "request_check",
    "return_check",
    "return_decision",
    "return_override",
    "tell_holders",
]
