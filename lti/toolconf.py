"""pylti1p3's tool configuration, read from the platforms registered in the admin."""

from __future__ import annotations

from typing import Any

from pylti1p3.deployment import Deployment as LibDeployment
from pylti1p3.registration import Registration
from pylti1p3.tool_config import ToolConfAbstract

from lti.models import Deployment, Platform, ToolKey


class ToolRegistration(Registration):
    """Signs with the kid the key set publishes (the library would derive none from the PEM)."""

    kid: str | None = None

    def get_kid(self) -> str | None:
        return self.kid


def registration_for(platform: Platform, key: ToolKey | None = None) -> Registration:
    """The library's view of a platform; `key` is the tool's signing key, when it must sign."""
    registration = (
        ToolRegistration()
        .set_issuer(platform.issuer)
        .set_client_id(platform.client_id)
        .set_auth_login_url(platform.auth_login_url)
        .set_auth_token_url(platform.auth_token_url)
        .set_key_set_url(platform.key_set_url)
    )
    if key is not None:
        registration.set_tool_private_key(key.private_pem).set_tool_public_key(key.public_pem)
        registration.kid = key.kid
    if platform.auth_audience:
        registration.set_auth_audience(platform.auth_audience)
    return registration


class ToolConf(ToolConfAbstract):
    """Every issuer may have several client ids: registrations are found by (issuer, client id)."""

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def platform(self, iss: str, client_id: str | None) -> Platform | None:
        platforms = Platform.objects.filter(issuer=iss)
        if client_id:
            return platforms.filter(client_id=client_id).first()
        # A login initiation may leave out the client id; that is fine while it is unambiguous.
        return platforms.first() if platforms.count() == 1 else None

    def find_registration_by_issuer(self, iss: str, *args: Any, **kwargs: Any) -> Registration:
        raise NotImplementedError

    def find_registration_by_params(
        self, iss: str, client_id: str, *args: Any, **kwargs: Any
    ) -> Registration | None:
        platform = self.platform(iss, client_id)
        return registration_for(platform) if platform else None

    def find_deployment(self, iss: str, deployment_id: str) -> LibDeployment | None:
        raise NotImplementedError

    def find_deployment_by_params(
        self, iss: str, deployment_id: str, client_id: str, *args: Any, **kwargs: Any
    ) -> LibDeployment | None:
        found = Deployment.objects.filter(
            platform__issuer=iss, platform__client_id=client_id, deployment_id=deployment_id
        ).exists()
        return LibDeployment().set_deployment_id(deployment_id) if found else None
