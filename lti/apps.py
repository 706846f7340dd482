from django.apps import AppConfig


class LtiConfig(AppConfig):
    name = "lti"
