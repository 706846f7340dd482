"""Checking an LTI launch: pylti1p3 does the JWT work, each failure is told in plain words.

The login state and nonce live in the database (LoginState), not in cookies, so a launch in an
LMS iframe completes even when the browser blocks third-party cookies. Checking writes
nothing; the caller deletes the state once the launch is accepted, so a token works once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import jwt
import requests
from django.http import HttpRequest
from django.utils.translation import gettext as _
from pylti1p3.contrib.django import DjangoMessageLaunch
from pylti1p3.exception import LtiException

from lti.models import LoginState, Platform
from lti.toolconf import ToolConf

HTTP_TIMEOUT = 10  # seconds, for every call to a platform


class LaunchError(Exception):
    """A launch refused; `message` says what was wrong in words an instructor can act on."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class TimeoutSession(requests.Session):
    """A requests session that never waits forever on a platform."""

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", HTTP_TIMEOUT)
        return super().request(*args, **kwargs)


class Launch(DjangoMessageLaunch):
    """One message launch: `validate()` raises LaunchError, or leaves `state` and `platform` set."""

    state: LoginState | None = None
    platform: Platform | None = None

    def __init__(self, request: HttpRequest) -> None:
        super().__init__(request, ToolConf(), requests_session=TimeoutSession())
        self.set_jwt_verify_options({"verify_aud": False, "require": ["exp", "iat"]})

    def validate(self) -> Launch:
        self._validated = True
        try:
            self.validate_jwt_format()
        except LtiException:
            self._validated = False
            raise LaunchError(
                _(
                    "The launch did not carry a readable id_token (a signed JWT). Start the launch from the LMS."
                )
            ) from None
        try:
            self.validate_state()
            self.validate_registration()
            self.validate_jwt_signature()
            self.validate_nonce()
            self.validate_deployment()
            self.validate_message()
        except Exception:
            self._validated = False
            raise
        return self

    # Each step below replaces or wraps the library's, to say what was wrong.

    def validate_state(self) -> Launch:
        state = self._get_request_param("state")
        if not state:
            raise LaunchError(
                _(
                    "The launch arrived without its login state. A launch must begin at the "
                    "tool's login initiation URL: check the login URL registered in the LMS."
                )
            )
        self.state = LoginState.objects.select_related("platform").filter(state=state).first()
        if self.state is None:
            raise LaunchError(
                _(
                    "This launch was already used, or did not begin with a login here. Each "
                    "launch works once: open the activity again from the LMS."
                )
            )
        if self.state.expired:
            raise LaunchError(
                _(
                    "The login took too long (over 10 minutes). Open the activity again from the LMS."
                )
            )
        return self

    def validate_registration(self) -> Launch:
        body = self._jwt.get("body", {})
        issuer = body.get("iss") or ""
        client_id = self.get_client_id() or ""
        platforms = Platform.objects.filter(issuer=issuer)
        if not platforms.exists():
            raise LaunchError(
                _(
                    "No platform is registered with the issuer “%(iss)s”. An administrator can "
                    "register it in the admin (LTI platforms) with exactly this issuer."
                )
                % {"iss": issuer[:200]}
            )
        self.platform = platforms.filter(client_id=client_id).first()
        if self.platform is None:
            raise LaunchError(
                _(
                    "The platform “%(iss)s” is registered, but not with the client id "
                    "“%(client)s” this launch is for. Check the client id in the admin."
                )
                % {"iss": issuer[:200], "client": client_id[:200]}
            )
        if self.state is not None and self.state.platform_id != self.platform.pk:
            raise LaunchError(
                _("The launch token comes from another platform than the login it answers.")
            )
        try:
            super().validate_registration()
        except LtiException as error:
            raise LaunchError(str(error)) from None
        return self

    def validate_jwt_signature(self) -> Launch:
        assert self.platform is not None
        try:
            super().validate_jwt_signature()
        except LtiException as error:
            raise LaunchError(self._signature_problem(error)) from None
        return self

    def _signature_problem(self, error: LtiException) -> str:
        assert self.platform is not None
        cause = error.__cause__
        if isinstance(cause, jwt.ExpiredSignatureError):
            expires = self._jwt.get("body", {}).get("exp")
            when = (
                datetime.fromtimestamp(expires, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
                if isinstance(expires, int | float)
                else "?"
            )
            return _(
                "The launch token expired (at %(when)s). Open the activity again from the LMS; "
                "if this keeps happening, check the clocks of the LMS and virtlearn servers."
            ) % {"when": when}
        if isinstance(cause, jwt.ImmatureSignatureError):
            return _(
                "The launch token is not valid yet: check the clocks of the LMS and virtlearn servers."
            )
        if isinstance(cause, jwt.MissingRequiredClaimError):
            return _("The launch token has no “%(claim)s” claim.") % {"claim": cause.claim}
        if isinstance(cause, jwt.InvalidSignatureError):
            return _(
                "The launch token's signature does not match the platform's public key. Check "
                "the key set URL registered for %(name)s (%(url)s)."
            ) % {"name": self.platform.name, "url": self.platform.key_set_url}
        text = str(error)
        if text.startswith("Error during fetch URL") or text.startswith("Invalid response from"):
            return _(
                "virtlearn could not read the platform's key set at %(url)s. Check the key set "
                "URL registered for %(name)s."
            ) % {"url": self.platform.key_set_url, "name": self.platform.name}
        if text == "Unable to find public key":
            return _(
                "The launch token was signed with a key that is not in the platform's key set "
                "at %(url)s."
            ) % {"url": self.platform.key_set_url}
        return _("The launch token could not be verified: %(error)s") % {"error": text}

    def validate_nonce(self) -> Launch:
        assert self.state is not None
        nonce = self._jwt.get("body", {}).get("nonce")
        if not nonce or nonce != self.state.nonce:
            raise LaunchError(
                _(
                    "The launch token does not answer this login (its nonce differs): it was "
                    "replayed or belongs to another login. Open the activity again from the LMS."
                )
            )
        return self

    def validate_deployment(self) -> Launch:
        try:
            super().validate_deployment()
        except LtiException:
            assert self.platform is not None
            deployment = str(
                self._jwt.get("body", {}).get(
                    "https://purl.imsglobal.org/spec/lti/claim/deployment_id", ""
                )
            )
            raise LaunchError(
                _(
                    "The deployment id “%(deployment)s” is not registered for %(name)s. An "
                    "administrator can add it to the platform's deployment ids in the admin."
                )
                % {"deployment": deployment[:200], "name": self.platform.name}
            ) from None
        return self

    def validate_message(self) -> Launch:
        try:
            super().validate_message()
        except LtiException as error:
            raise LaunchError(
                _("The launch message is incomplete: %(error)s.") % {"error": error}
            ) from None
        return self

    @property
    def claims(self) -> dict[str, Any]:
        return dict(self._jwt.get("body", {}))
