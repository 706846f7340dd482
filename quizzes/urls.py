from __future__ import annotations

from django.urls import path

from quizzes import views

app_name = "quizzes"
QUIZ = "courses/<slug:course>/<slug:lesson>/quiz/"
ATTEMPT = f"{QUIZ}attempts/<int:attempt>/"
urlpatterns = [
    path(QUIZ, views.quiz, name="quiz"),
    path(f"{QUIZ}start/", views.start, name="start"),
    path(f"{QUIZ}results/", views.results, name="results"),
    path(f"{QUIZ}results.csv", views.results_csv, name="results_csv"),
    path(ATTEMPT, views.attempt, name="attempt"),
    path(f"{ATTEMPT}<int:number>/", views.question, name="question"),
    path(f"{ATTEMPT}submit/", views.submit, name="submit"),
    path(f"{ATTEMPT}results/", views.attempt_results, name="attempt_results"),
]
