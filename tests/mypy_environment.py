"""A mypy plugin that only sets OPENCSC_DEBUG=1 (unless set), listed before django-stubs' plugin.

django-stubs reads config/settings.py to learn the models; with debug off the settings refuse to
load without a secret key, and type checking is development, as the test suite is (pyproject.toml).
"""

import os

from mypy.plugin import Plugin

os.environ.setdefault("OPENCSC_DEBUG", "1")


def plugin(version: str) -> type[Plugin]:
    return Plugin
