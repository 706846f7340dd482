from __future__ import annotations

import pytest

from tests.lti.platform import TestPlatform, lti_platform  # noqa: F401


@pytest.fixture
def platform(lti_platform: TestPlatform, db: None) -> TestPlatform:  # noqa: F811
    """The test LMS, registered in virtlearn, knowing the tool's key set."""
    from lti.models import ToolKey

    lti_platform.record = lti_platform.register()
    ToolKey.objects.current()
    lti_platform.tool_jwks = {"keys": [k.public_jwk for k in ToolKey.objects.published()]}
    return lti_platform
