from __future__ import annotations

from django.urls import path

from lessons import views

app_name = "lessons"
urlpatterns = [
    path("", views.home, name="home"),
    path("courses/<slug:course>/", views.course, name="course"),
    path("courses/<slug:course>/<slug:lesson>/", views.lesson, name="lesson"),
    path("courses/<slug:course>/<slug:lesson>/read/", views.lesson_read, name="lesson_read"),
]
