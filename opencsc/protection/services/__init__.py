"""Writes for child protection: strategy discussions, section 47 enquiries, initial and review
conferences, child protection plans and core groups (Working Together to Safeguard Children 2023,
chapter 3). One module per step: strategy, enquiries, conferences (with the plans they start and
end) and core_groups."""

from opencsc.protection.services._common import SATURDAY, discussion_day
from opencsc.protection.services.conferences import (
    StepDown,
    hold_initial_conference,
    hold_review_conference,
    protection_plan_clash,
)
from opencsc.protection.services.core_groups import record_core_group
from opencsc.protection.services.enquiries import (
    complete_enquiry,
    record_enquiry_seen,
    unfinished_enquiry,
)
from opencsc.protection.services.medicals import (
    authorise_medical_not_held,
    disclosure_carried,
    propose_medical_not_held,
    record_medical,
    return_medical_not_held,
)
from opencsc.protection.services.plan_content import (
    ConferenceAttendance,
    ConferenceRecord,
    CoreGroupRecord,
    MemberRow,
    PlanActionRow,
    PlanContent,
    Progress,
    ReportRow,
    write_protection_plan,
)
from opencsc.protection.services.signoff import (
    authorise_protective_decision,
    propose_plan_end,
    return_protective_decision,
    waiting_decision,
)
from opencsc.protection.services.strategy import (
    Attendee,
    StrategyDetails,
    record_strategy_discussion,
)

__all__ = [
    "SATURDAY",
    "Attendee",
    "ConferenceAttendance",
    "ConferenceRecord",
    "CoreGroupRecord",
    "MemberRow",
    "PlanActionRow",
    "PlanContent",
    "Progress",
    "ReportRow",
    "StepDown",
    "StrategyDetails",
    "authorise_medical_not_held",
    "authorise_protective_decision",
    "complete_enquiry",
    "disclosure_carried",
    "discussion_day",
    "hold_initial_conference",
    "hold_review_conference",
    "propose_medical_not_held",
    "propose_plan_end",
    "protection_plan_clash",
    "record_core_group",
    "record_enquiry_seen",
    "record_medical",
    "record_strategy_discussion",
    "return_medical_not_held",
    "return_protective_decision",
    "unfinished_enquiry",
    "waiting_decision",
    "write_protection_plan",
]
