from __future__ import annotations

from django.urls import path

from virtlearn.diagrams import views

app_name = "diagrams"
urlpatterns = [
    path("build/", views.builder, name="builder"),
    path("build/diagram.svg", views.diagram_svg, name="diagram_svg"),
    path("build/diagram.png", views.diagram_png, name="diagram_png"),
    path("api/stack", views.api_stack, name="api_stack"),
]
