"""Before a question is answered, nothing in its page says which answer is right."""

from __future__ import annotations

import re

import pytest

from quizzes.models import Attempt
from tests.quizzes import pages
from tests.quizzes.factories import (
    build,
    classify,
    make_quiz,
    multiple,
    order,
    single,
    start,
    truefalse,
)

pytestmark = pytest.mark.django_db

SECRETS = ("EXPLAIN-", "FEEDBACK-", "correct", "mark-", "solution")


@pytest.mark.parametrize("spec", [single(), multiple(), truefalse(), order(), build(), classify()])
def test_an_unanswered_question_gives_nothing_away(client, spec):
    quiz = make_quiz(questions=(spec,), shuffle_choices=True)
    url = start(client, quiz)
    page = client.get(url).content.decode()
    main = page[page.index('<section id="quiz-question"') :]
    for secret in SECRETS:
        assert secret not in main, secret
    if spec.type == "build":
        assert "SOLUTION-APP" not in main
        assert "min" not in main.split('class="builder"')[0]  # nor the constraints
    if spec.type == "classify":
        title = re.search(r"<title[^>]*>([^<]*)</title>", main)
        assert title and "type 1" not in title[1].lower()
        assert "Model:" not in main
    if spec.type in ("single", "multiple"):
        values = list(pages.choices(page).values())
        assert values and all(re.fullmatch(r"[0-9a-f]{16}", value) for value in values)


def test_option_tokens_differ_between_attempts(client):
    quiz = make_quiz(questions=(single(),))
    url = start(client, quiz)
    first = pages.choices(client.get(url).content.decode())
    client.post(url, {"sequence": "0", "choice": first["The hardware sits idle"]})
    second = pages.choices(client.get(start(client, quiz)).content.decode())
    assert Attempt.objects.count() == 2
    assert set(first.values()).isdisjoint(second.values())
    assert set(first) == set(second)


def test_the_order_question_never_starts_in_the_right_order(client):
    for _ in range(8):
        quiz = make_quiz(questions=(order(distractors=()),))
        page = client.get(start(client, quiz)).content.decode()
        assert list(pages.places(page)) != [
            "Physical server “Rack”",
            "Operating system “Ubuntu”",
            "Bins/libs “PHP”",
            "Application “Shop”",
        ]
