"""Authoring in the admin: the same checks, and the same messages, as quiz files."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quizzes.models import Question
from tests.quizzes.factories import build, make_instructor, make_quiz, single

pytestmark = pytest.mark.django_db


def question_form(question: Question, **changes) -> dict:
    data = {
        "quiz": question.quiz_id,
        "key": question.key,
        "position": question.position,
        "type": question.type,
        "prompt": question.prompt,
        "teaches": question.teaches,
        "explanation": question.explanation,
        "answer": question.answer,
        "feedback_true": "",
        "feedback_false": "",
        "layers": question.layers,
        "distractors": question.distractors,
        "stack": question.stack,
        "constraints": __import__("json").dumps(question.constraints),
        "solution": question.solution,
        "model_choices": question.model_choices,
        "choices-TOTAL_FORMS": question.choices.count(),
        "choices-INITIAL_FORMS": question.choices.count(),
        "choices-MIN_NUM_FORMS": 0,
        "choices-MAX_NUM_FORMS": 1000,
    }
    for n, choice in enumerate(question.choices.all()):
        data |= {
            f"choices-{n}-id": choice.pk,
            f"choices-{n}-question": question.pk,
            f"choices-{n}-position": choice.position,
            f"choices-{n}-text": choice.text,
            f"choices-{n}-correct": "on" if choice.correct else "",
            f"choices-{n}-feedback": choice.feedback,
        }
    return data | changes


def test_a_single_choice_question_with_two_right_answers_is_refused(client):
    client.force_login(make_instructor())
    question = make_quiz(questions=(single(),)).questions.get()
    url = reverse("admin:quizzes_question_change", args=[question.pk])
    response = client.post(url, question_form(question, **{"choices-1-correct": "on"}))
    assert response.status_code == 200
    assert (
        "a single-choice question needs exactly one correct choice, found 2"
        in response.content.decode()
    )
    assert question.choices.filter(correct=True).count() == 1
    fine = client.post(url, question_form(question, prompt="Why is it wasteful?"))
    assert fine.status_code == 302
    assert Question.objects.get(pk=question.pk).prompt == "Why is it wasteful?"


def test_a_build_solution_must_meet_its_constraints_in_the_admin(client):
    client.force_login(make_instructor())
    question = make_quiz(questions=(build(),)).questions.get()
    url = reverse("admin:quizzes_question_change", args=[question.pk])
    response = client.post(url, question_form(question, solution="server > os > app"))
    assert "the solution does not meet the constraints: Your stack is Pre-virtualization" in (
        response.content.decode()
    )
    assert Question.objects.get(pk=question.pk).solution.startswith("server > os > engine")


def test_quiz_settings_are_checked(client):
    client.force_login(make_instructor())
    quiz = make_quiz(questions=(single(),))
    url = reverse("admin:quizzes_quiz_change", args=[quiz.pk])
    data = {
        "lesson": quiz.lesson_id,
        "title": "",
        "mode": "practice",
        "max_attempts": "2",
        "show_answers": "after_each",
        "pool": "",
        "questions-TOTAL_FORMS": 1,
        "questions-INITIAL_FORMS": 1,
        "questions-MIN_NUM_FORMS": 0,
        "questions-MAX_NUM_FORMS": 1000,
        "questions-0-id": quiz.questions.get().pk,
        "questions-0-quiz": quiz.pk,
        "questions-0-position": 0,
    }
    response = client.post(url, data)
    assert "“max_attempts” applies to assessment mode only" in response.content.decode()
    assert client.post(url, data | {"mode": "assessment"}).status_code == 302
