from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LtiConfig(AppConfig):
    name = "lti"
    verbose_name = _("Course sites (LTI)")

    def ready(self) -> None:
        from lti import receivers  # noqa: F401
