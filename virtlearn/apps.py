from django.apps import AppConfig


class VirtlearnConfig(AppConfig):
    name = "virtlearn"
