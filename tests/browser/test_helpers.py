"""The accessibility check itself: it must fail on a real problem, with or without JavaScript."""

import pytest
from playwright.sync_api import Browser

from tests.browser.helpers import assert_accessible, csp_violations

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


INLINE_SCRIPT_AND_STYLE = """() => {
    const script = document.createElement('script');
    script.textContent = 'window.ranInline = true';
    document.body.append(script);
    document.querySelector('h1').setAttribute('style', 'color: red');
}"""


@pytest.mark.django_db(transaction=True)
def test_the_content_security_policy_is_enforced_and_a_violation_fails_the_check(page):
    page.goto("/sign-in/")
    assert_accessible(page)  # the sign-in page itself: axe ran and nothing was refused

    page.evaluate(INLINE_SCRIPT_AND_STYLE)
    page.wait_for_function("document.readyState === 'complete'")

    assert page.evaluate("window.ranInline") is None  # refused: no 'unsafe-inline', no bypass
    refused = "\n".join(csp_violations(page))
    assert "Executing inline script violates" in refused
    assert "Applying inline style violates" in refused
    with pytest.raises(AssertionError, match="The content security policy was violated"):
        assert_accessible(page)
    csp_violations(page).clear()  # seen and checked: the fixture's own check passes
