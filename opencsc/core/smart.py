"""Is a plan's action or contingency specific enough? One simple rule, kept in one place (core, so
every plan app may use it) so it can be explained (docs/plans.md) and used by every plan: child in
need plans, their reviews and step-downs, and child protection plans and their core groups.

A text is refused when, after taking out the standard phrases below, fewer than MIN_WORDS words
are left, or when it is shorter than MIN_CHARACTERS. "Monitor school attendance" is refused;
"School sends the social worker Amy's attendance every Friday" is not. The check reads words, not
meaning: it stops the empty phrase, and leaves judging the plan to the conference and the manager.
"""

import re

MIN_CHARACTERS = 20
MIN_WORDS = 4

# Phrases inspectors find in plans that say nothing about what will be done, by whom or how the
# child will know it worked. Longest first, so "continue to support" goes before "support".
STANDARD_PHRASES = (
    "continue to support",
    "continue to monitor",
    "engage with services",
    "engage with professionals",
    "work with professionals",
    "work with services",
    "as and when needed",
    "as and when required",
    "as needed",
    "as required",
    "as appropriate",
    "when needed",
    "if needed",
    "ongoing",
    "on-going",
    "monitoring",
    "monitored",
    "monitor",
    "continue",
    "support",
    "engage",
    "re-refer",
    "rerefer",
    "review",
    "tbc",
    "n/a",
)

GUIDANCE = (
    "Say what will be done, by whom and how often, and what will be different for the child: "
    "for example, \u201cMum attends the Freedom Programme at the family centre every Tuesday; "
    "the centre tells the social worker of any missed session the same day\u201d."
)

_PHRASES = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(phrase) for phrase in STANDARD_PHRASES) + r")(?![\w-])",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")


def words_left(text: str) -> list[str]:
    """The words of `text` once its standard phrases are taken out."""
    return _WORD.findall(_PHRASES.sub(" ", text))


def vague_because(text: str, *, what: str = "action") -> str | None:
    """Why `text` is not specific enough for a plan's `what` ("action" or "contingency"), with
    the guidance on what a specific one says; None when it passes (or is empty: a required
    field says so itself)."""
    text = text.strip()
    if not text:
        return None
    phrases = [match.group(0).lower() for match in _PHRASES.finditer(text)]
    if len(words_left(text)) >= MIN_WORDS and len(text) >= MIN_CHARACTERS:
        return None
    if phrases:
        quoted = ", ".join(f"\u201c{phrase}\u201d" for phrase in dict.fromkeys(phrases))
        return f"The {what} repeats a standard phrase ({quoted}) and says too little. {GUIDANCE}"
    return f"The {what} is too short to say what will happen. {GUIDANCE}"


# An assessment's analysis of risk says what could harm the child, how likely and how serious:
# "Fine." or "Escalating" says none of it. The same words test, with its own guidance.
ANALYSIS_GUIDANCE = (
    "Say what could harm this child, how likely it is and how serious it would be, and what "
    "the evidence is: for example, \u201cDad's drinking has led to three police call-outs since "
    "May; Amara hides when he drinks and has an unexplained bruise\u201d."
)


def thin_analysis_because(text: str) -> str | None:
    """Why an analysis is too thin to send to a manager, with guidance; None when it says enough
    (or is empty: the required check says so itself)."""
    text = text.strip()
    if not text or (len(words_left(text)) >= MIN_WORDS and len(text) >= MIN_CHARACTERS):
        return None
    return (
        f"The analysis of risk is too short to say what could harm the child. {ANALYSIS_GUIDANCE}"
    )
