from __future__ import annotations

from django.urls import path

from lti import embed

app_name = "embed"
urlpatterns = [
    path("diagram/", embed.diagram, name="diagram"),
    path("code/", embed.code, name="code"),
]
