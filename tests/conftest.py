"""Test settings: the Hypothesis profiles. Shared helpers live in ``helpers.py``."""

from __future__ import annotations

import os

from hypothesis import settings

# Property tests run with the "dev" profile by default and with "ci" where CI=true (as .ci/run does), which
# bounds the examples so that the whole suite stays within a few minutes on a 2-core machine.
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
