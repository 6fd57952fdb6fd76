"""No template prints a person's name, date of birth or record number itself: every one goes
through the `people_display` tags, which show a restricted record as "Restricted record"."""

import re
from pathlib import Path

import opencsc

PRINTS_IDENTITY = re.compile(r"\{\{[^}]*\.(full_name|la_child_id|date_of_birth)\b[^}]*\}\}")


def test_no_template_prints_a_persons_identity_directly():
    root = Path(opencsc.__file__).parent
    found = [
        f"{path.relative_to(root)}:{number}: {match.group(0)}"
        for path in sorted(root.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        for match in PRINTS_IDENTITY.finditer(line)
    ]

    assert found == []


def test_the_check_catches_a_direct_print():
    assert PRINTS_IDENTITY.search("<td>{{ transfer.child.full_name }}</td>")
    assert PRINTS_IDENTITY.search('{{ member.date_of_birth|date:"j M Y" }}')
    assert not PRINTS_IDENTITY.search('{{ link.given_date_of_birth|date:"j F Y" }}')
