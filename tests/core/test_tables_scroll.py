"""Every table sits in its own scrolling box (`opencsc-table-scroll`, a named, focusable region),
so at 320 pixels wide a wide table scrolls inside the box and the page does not (WCAG 1.4.10).
tests/browser/test_timeouts_and_narrow_screens.py checks pages in Chromium at that width."""

import re
from pathlib import Path

from django.conf import settings

TABLE = re.compile(r"<table\b")
WRAPPER = re.compile(
    r'<div class="opencsc-table-scroll" role="region" aria-label="[^"]+" tabindex="0">\s*$'
)


def _unwrapped_tables(text: str) -> list[int]:
    lines = text.splitlines()
    return [
        number + 1
        for number, line in enumerate(lines)
        if TABLE.search(line) and (number == 0 or not WRAPPER.search(lines[number - 1]))
    ]


def test_every_table_in_the_templates_scrolls_in_its_own_box():
    templates = sorted((Path(settings.BASE_DIR) / "opencsc").rglob("*.html"))

    unwrapped = {
        str(path.relative_to(settings.BASE_DIR)): lines
        for path in templates
        if (lines := _unwrapped_tables(path.read_text()))
    }

    assert unwrapped == {}


def test_a_table_without_its_box_is_found():
    assert _unwrapped_tables('<p>x</p>\n<table class="govuk-table">') == [2]
    assert (
        _unwrapped_tables(
            '<div class="opencsc-table-scroll" role="region" aria-label="Visits" tabindex="0">\n'
            '<table class="govuk-table">'
        )
        == []
    )
