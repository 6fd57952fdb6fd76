"""The rule that a plan's actions and contingency say something specific (docs/plans.md)."""

import pytest

from opencsc.core.smart import MIN_WORDS, vague_because, words_left


@pytest.mark.parametrize(
    "text",
    [
        "Support",
        "Everyone",
        "Re-refer",
        "Monitor",
        "Ongoing monitoring",
        "Continue to support mum",
        "Engage with services as needed",
        "Monitor school attendance",
    ],
)
def test_a_short_or_standard_text_is_refused_with_guidance(text):
    problem = vague_because(text)

    assert problem is not None
    assert "Say what will be done, by whom and how often" in problem


@pytest.mark.parametrize(
    "text",
    [
        "Mum attends the Freedom Programme every Tuesday",
        "School sends the social worker attendance every Friday",
        "Monitor school attendance weekly and tell the social worker of any absence",
        "A strategy discussion if concerns return.",
    ],
)
def test_a_specific_text_passes(text):
    assert vague_because(text) is None


def test_standard_phrases_do_not_count_towards_the_words_needed():
    assert len(words_left("Continue to support and monitor Amara")) == MIN_WORDS - 2
    assert vague_because("Continue to support and monitor Amara as needed") is not None


def test_the_message_names_the_phrase_and_the_field():
    assert "\u201cmonitor\u201d" in vague_because("Monitor", what="contingency")
    assert vague_because("Monitor", what="contingency").startswith("The contingency")


def test_an_empty_text_is_left_to_the_required_check():
    assert vague_because("  ") is None
