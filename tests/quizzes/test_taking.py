"""Taking a quiz through its pages: the flow, the sequence check, bad input, the policies."""

from __future__ import annotations

import pytest
from django.test import Client

from quizzes.models import Attempt, Response
from quizzes.signals import attempt_finished
from quizzes.spec import Mode, QuestionSpec, QuestionType, ShowAnswers
from tests.quizzes import pages
from tests.quizzes.factories import (
    build,
    classify,
    make_quiz,
    multiple,
    order,
    quiz_url,
    single,
    start,
    truefalse,
)

pytestmark = pytest.mark.django_db

RIGHT_ORDER = [
    "Physical server “Rack”",
    "Operating system “Ubuntu”",
    "Bins/libs “PHP”",
    "Application “Shop”",
]


def right_answer(spec: QuestionSpec, page: str) -> dict[str, object]:
    """What a learner who knows the answer posts, read off the page like a browser would."""
    data: dict[str, object] = {"sequence": pages.sequence(page)}
    match spec.type:
        case QuestionType.SINGLE | QuestionType.MULTIPLE:
            offered = pages.choices(page)
            data["choice"] = [offered[c.text] for c in spec.choices if c.correct]
        case QuestionType.TRUEFALSE:
            data["value"] = "true" if spec.answer else "false"
        case QuestionType.ORDER:
            selects = pages.places(page)
            data |= {selects[text]: str(n) for n, text in enumerate(RIGHT_ORDER, start=1)}
        case QuestionType.BUILD:
            data["s"] = spec.solution
        case QuestionType.CLASSIFY:
            data["model"] = spec.answer
    return data


def answer_current(client: Client, url: str, spec: QuestionSpec) -> object:
    page = client.get(url).content.decode()
    return client.post(url, right_answer(spec, page))


@pytest.fixture
def finished_signals() -> list[Attempt]:
    sent: list[Attempt] = []

    def record(sender, attempt, **kwargs) -> None:
        sent.append(attempt)

    attempt_finished.connect(record, weak=False)
    yield sent
    attempt_finished.disconnect(record)


def test_practice_quiz_start_to_finish(
    client, django_capture_on_commit_callbacks, finished_signals
):
    specs = (single(), multiple(), truefalse(), order(), build(), classify())
    quiz = make_quiz(questions=specs)
    url = start(client, quiz)
    for number, spec in enumerate(specs, start=1):
        page = client.get(url).content.decode()
        assert f"Question {number} of 6" in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, right_answer(spec, page))
        assert response.status_code == 303
        feedback = client.get(response["Location"]).content.decode()
        assert "Right." in feedback
        assert spec.explanation.split(":")[0] in feedback  # explanation shown once answered
        url = url.rsplit("/", 2)[0] + f"/{number + 1}/"
    attempt = Attempt.objects.get()
    assert attempt.is_finished and attempt.score == 1.0
    assert finished_signals == [attempt]  # sent exactly once
    results = client.get(quiz_url(quiz, "attempt_results", attempt.pk)).content.decode()
    assert "Score: 100 %" in results
    assert f'href="{quiz.lesson.get_absolute_url()}#why-not"' in results  # single teaches why-not


def test_wrong_answers_get_their_feedback_and_partial_credit(client):
    quiz = make_quiz(questions=(multiple(), order()))
    url = start(client, quiz)
    page = client.get(url).content.decode()
    offered = pages.choices(page)
    response = client.post(
        url,
        {
            "sequence": "0",
            "choice": [
                offered["Library versions conflict"],
                offered["An OS runs one app at a time"],
            ],
        },
    )
    feedback = client.get(response["Location"]).content.decode()
    assert "FEEDBACK-ONE-APP" in feedback and "FEEDBACK-LIBS" in feedback
    assert Response.objects.get().score == 0
    url = url.rsplit("/", 2)[0] + "/2/"
    selects = pages.places(client.get(url).content.decode())
    data = {"sequence": "1", selects[RIGHT_ORDER[1]]: "1", selects[RIGHT_ORDER[0]]: "2"}
    data |= {selects[RIGHT_ORDER[2]]: "3", selects[RIGHT_ORDER[3]]: "4", selects["Hypervisor"]: "5"}
    client.post(url, data)
    assert Response.objects.get(position=1).score == pytest.approx(0.5)  # 3 in order - 1 distractor


def test_the_same_post_twice_stores_one_response(client):
    quiz = make_quiz(questions=(single(), truefalse()))
    url = start(client, quiz)
    data = right_answer(quiz.questions.first().spec(), client.get(url).content.decode())
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == 303
    assert second.status_code == 409
    assert "already answered" in second.content.decode()
    assert "Question 2 of 2" in second.content.decode()  # shown where the attempt is now
    assert Response.objects.count() == 1
    assert Attempt.objects.get().position == 1


def test_a_stale_sequence_number_changes_nothing(client):
    quiz = make_quiz(questions=(single(), truefalse()))
    url = start(client, quiz)
    page = client.get(url).content.decode()
    data = right_answer(quiz.questions.first().spec(), page)
    response = client.post(url, {**data, "sequence": "1"})
    assert response.status_code == 409
    assert Response.objects.count() == 0
    missing = client.post(url, {k: v for k, v in data.items() if k != "sequence"})
    assert missing.status_code == 400
    assert Response.objects.count() == 0


def test_a_later_questions_form_posted_early_is_refused(client):
    quiz = make_quiz(questions=(single(), truefalse()))
    url = start(client, quiz)
    second = url.rsplit("/", 2)[0] + "/2/"
    assert client.get(second).status_code == 303  # not reachable yet
    assert client.post(second, {"sequence": "0", "value": "true"}).status_code == 409
    assert Response.objects.count() == 0


def test_a_finished_attempt_cannot_be_changed(client):
    quiz = make_quiz(questions=(truefalse(),))
    url = start(client, quiz)
    client.post(url, {"sequence": "0", "value": "false"})
    attempt = Attempt.objects.get()
    assert attempt.is_finished and attempt.score == 0
    again = client.post(url, {"sequence": "0", "value": "true"})
    assert again.status_code == 409
    attempt.refresh_from_db()
    assert attempt.score == 0 and Response.objects.count() == 1


@pytest.mark.parametrize(
    ("spec", "data", "message"),
    [
        (single(), {"choice": "not-a-token"}, "not one of this question"),
        (single(), {}, "Choose one answer."),
        (multiple(), {"choice": ["nope"]}, "not one of this question"),
        (truefalse(), {"value": "maybe"}, "Answer true or false."),
        (classify(), {"model": "mainframe"}, "Choose one of the models offered."),
        (build(), {"s": "server > kernel"}, "Your stack cannot be read"),
        (build(), {"s": "  "}, "your stack is empty"),
        (order(), {}, "Place at least one layer."),
    ],
)
def test_bad_input_is_a_400_with_a_message_and_writes_nothing(client, spec, data, message):
    quiz = make_quiz(questions=(spec,))
    url = start(client, quiz)
    response = client.post(url, {"sequence": "0", **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Response.objects.count() == 0
    assert Attempt.objects.get().position == 0


def test_malformed_orders_are_400(client):
    quiz = make_quiz(questions=(order(),))
    url = start(client, quiz)
    selects = list(pages.places(client.get(url).content.decode()).values())
    same = client.post(url, {"sequence": "0", selects[0]: "1", selects[1]: "1"})
    assert same.status_code == 400
    assert "Two layers are at position 1" in same.content.decode()
    bad = client.post(url, {"sequence": "0", selects[0]: "first"})
    assert bad.status_code == 400
    assert client.post(url, {"sequence": "0", selects[0]: "99"}).status_code == 400
    assert Response.objects.count() == 0


def test_someone_elses_attempt_is_not_found(client):
    quiz = make_quiz(questions=(single(),))
    url = start(client, quiz)
    other = Client()
    assert other.get(url).status_code == 404
    assert other.post(url, {"sequence": "0"}).status_code == 404


def test_starting_again_resumes_the_unfinished_attempt(client):
    quiz = make_quiz(questions=(single(), truefalse()))
    first = start(client, quiz)
    client.post(
        first, right_answer(quiz.questions.first().spec(), client.get(first).content.decode())
    )
    resumed = start(client, quiz)
    assert resumed.endswith("/2/")
    assert Attempt.objects.count() == 1
    assert "Resume your attempt" in client.get(quiz_url(quiz)).content.decode()


def test_practice_allows_a_new_attempt_after_finishing(client):
    quiz = make_quiz(questions=(truefalse(),))
    url = start(client, quiz)
    client.post(url, {"sequence": "0", "value": "false"})
    second = start(client, quiz)
    client.post(second, {"sequence": "0", "value": "true"})
    assert list(Attempt.objects.values_list("number", "score")) == [(1, 0.0), (2, 1.0)]


def test_assessment_keeps_feedback_until_submitted_and_limits_attempts(client):
    quiz = make_quiz(
        questions=(truefalse(), single()),
        mode=Mode.ASSESSMENT,
        max_attempts=1,
        show_answers=ShowAnswers.AFTER_SUBMIT,
    )
    url = start(client, quiz)
    response = client.post(url, {"sequence": "0", "value": "true"})
    review = client.get(response["Location"]).content.decode()
    assert "Your answer is saved" in review
    assert "EXPLAIN-TF" not in review and "FEEDBACK-TRUE" not in review
    url2 = url.rsplit("/", 2)[0] + "/2/"
    client.post(url2, right_answer(single(), client.get(url2).content.decode()))
    attempt = Attempt.objects.get()
    assert not attempt.is_finished  # assessment waits for the submit
    submit = client.post(quiz_url(quiz, "submit", attempt.pk))
    assert submit.status_code == 303
    results = client.get(submit["Location"]).content.decode()
    assert "Score: 100 %" in results and "EXPLAIN-TF" in results
    assert client.post(quiz_url(quiz, "start")).status_code == 403  # no attempts left


def test_never_show_answers_hides_feedback_even_in_the_results(client):
    quiz = make_quiz(questions=(truefalse(),), show_answers=ShowAnswers.NEVER)
    url = start(client, quiz)
    client.post(url, {"sequence": "0", "value": "false"})
    attempt = Attempt.objects.get()
    results = client.get(quiz_url(quiz, "attempt_results", attempt.pk)).content.decode()
    assert "Score: 0 %" in results
    assert "EXPLAIN-TF" not in results and "FEEDBACK-FALSE" not in results


def test_pools_and_shuffles_are_fixed_per_attempt(client):
    specs = tuple(single(id=f"q{n}", prompt=f"Prompt number {n}?") for n in range(6))
    quiz = make_quiz(questions=specs, pool=3, shuffle_questions=True, shuffle_choices=True)
    url = start(client, quiz)
    attempt = Attempt.objects.get()
    assert len(attempt.question_ids) == 3
    assert set(attempt.question_ids) <= set(quiz.questions.values_list("pk", flat=True))
    first = client.get(url).content.decode()
    shown = attempt.questions[0].prompt
    assert shown in first and shown in client.get(url).content.decode()
    assert pages.choices(client.get(url).content.decode()) == pages.choices(first)
    assert "Question 1 of 3" in first


def test_htmx_answer_swaps_the_question_with_feedback_in_a_live_region(client):
    quiz = make_quiz(questions=(truefalse(), single()))
    url = start(client, quiz)
    response = client.post(url, {"sequence": "0", "value": "true"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert 'id="quiz-feedback"' in body and 'role="status"' in body and "autofocus" in body
    assert response["HX-Push-Url"] == url
    nxt = client.get(url.rsplit("/", 2)[0] + "/2/", headers={"HX-Request": "true"})
    assert "<html" not in nxt.content.decode() and "Question 2 of 2" in nxt.content.decode()


def test_builder_steps_in_a_build_question(client):
    quiz = make_quiz(questions=(build(),))
    url = start(client, quiz)
    page = client.get(url).content.decode()
    assert 'id="quiz-build-workspace"' in page
    assert 'name="s" value="server"' in page
    step = client.get(url, {"s": "server", "at": "0", "op": "add", "kind": "os"})
    assert step.status_code == 303
    assert step["Location"].startswith(url + "?")
    assert (
        'id="quiz-build-answer" name="s" value="server &gt; os"'
        in client.get(step["Location"]).content.decode()
    )
    swapped = client.get(
        url,
        {"s": "server > os", "at": "0.0", "op": "add", "kind": "engine"},
        headers={"HX-Request": "true", "HX-Target": "quiz-build-workspace"},
    )
    body = swapped.content.decode()
    assert swapped.status_code == 200
    assert (
        'id="quiz-build-answer" name="s" value="server &gt; os &gt; engine" hx-swap-oob="true"'
        in body
    )


def test_a_quiz_for_an_unpublished_lesson_is_not_found(client):
    from lessons.models import Status
    from tests.quizzes.factories import make_lesson

    quiz = make_quiz(lesson=make_lesson(status=Status.DRAFT), questions=(single(),))
    assert client.get(quiz_url(quiz)).status_code == 404
    assert client.post(quiz_url(quiz, "start")).status_code == 404


def test_a_question_keeps_its_number_when_an_earlier_one_is_deleted(client):
    quiz = make_quiz(
        questions=(
            truefalse("first", prompt="First statement."),
            truefalse("second", prompt="Second statement."),
            truefalse("third", prompt="Third statement."),
        )
    )
    start(client, quiz)
    quiz.questions.get(key="second").delete()
    attempt = Attempt.objects.get()

    assert attempt.question_at(1).key == "first"
    assert attempt.question_at(2) is None
    assert attempt.question_at(3).key == "third"
    assert attempt.question_at(4) is None
