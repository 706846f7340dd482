from __future__ import annotations

from django.urls import path

from lti import views

app_name = "lti"
urlpatterns = [
    path("jwks.json", views.jwks, name="jwks"),
    path("login/", views.oidc_login, name="login"),
    path("launch/", views.launch, name="launch"),
    path("deep-link/", views.deep_link, name="deep_link"),
    path("resume/<str:token>/", views.resume, name="resume"),
    path("grades/", views.grades, name="grades"),
]
