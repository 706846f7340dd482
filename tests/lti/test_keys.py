from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from lti.models import ToolKey

pytestmark = pytest.mark.django_db


def kids(client) -> list[str]:
    response = client.get("/lti/jwks.json")
    assert response.status_code == 200
    keys = response.json()["keys"]
    assert all(key["kty"] == "RSA" and key["alg"] == "RS256" and "d" not in key for key in keys)
    return [key["kid"] for key in keys]


def test_key_set_publishes_a_public_key(client):
    assert len(kids(client)) == 1


def test_rotation_keeps_the_old_key_for_the_grace_period(client, settings):
    (old,) = kids(client)
    call_command("rotate_lti_key")
    new = ToolKey.objects.current()
    assert new.kid != old
    assert kids(client) == [new.kid, old]
    ToolKey.objects.filter(kid=old).update(retired_at=timezone.now() - timedelta(days=8))
    assert kids(client) == [new.kid]
    settings.LTI_KEY_GRACE_DAYS = 30
    assert kids(client) == [new.kid, old]
