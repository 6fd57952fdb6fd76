"""Fixtures for the core's tests."""

import pytest


@pytest.fixture(autouse=True)
def _serve_static_files_lazily(settings):
    # Otherwise WhiteNoise indexes every GOV.UK static file each time a test client starts.
    settings.WHITENOISE_AUTOREFRESH = True
