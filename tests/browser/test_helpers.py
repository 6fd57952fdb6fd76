"""The accessibility check itself: it must fail on a real problem, with or without JavaScript."""

import pytest
from playwright.sync_api import Browser

from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.browser

UNLABELLED_INPUT = """<!DOCTYPE html><html lang="en"><head><title>Test</title></head>
<body><main><h1>Test</h1><input id="nameless" type="text"></main></body></html>"""


@pytest.mark.parametrize("javascript", [True, False])
def test_the_accessibility_check_names_the_rule_and_the_element(browser: Browser, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.set_content(UNLABELLED_INPUT)

    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)

    context.close()
    assert "label (critical): Form elements must have labels\n    #nameless" in str(failure.value)
