"""Writes of missing episodes (`episodes`: record, return, match, the MASH's decision) and of
return home interviews (`interviews`: the offers and attempts, the interview held, its actions).
Every service is re-exported here: callers write `from opencsc.missing import services`."""

from opencsc.missing.services.episodes import (
    INTERVIEW_SUMMARY,
    MASH_SUMMARY,
    NOTICE_SUMMARY,
    EpisodeDetails,
    NamedChild,
    SafeAndWell,
    decide_follow_up,
    match_child,
    record_episode,
    record_return,
)
from opencsc.missing.services.interviews import (
    InterviewDetails,
    add_action,
    record_attempt,
    record_interview,
)

__all__ = [
    "INTERVIEW_SUMMARY",
    "MASH_SUMMARY",
    "NOTICE_SUMMARY",
    "EpisodeDetails",
    "InterviewDetails",
    "NamedChild",
    "SafeAndWell",
    "add_action",
    "decide_follow_up",
    "match_child",
    "record_attempt",
    "record_episode",
    "record_interview",
    "record_return",
]
