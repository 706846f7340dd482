"""Quiz files: every fault named with its line, idempotent writes, byte-identical export."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from lessons.errors import ContentError
from quizzes.content import dump_quiz, export_quiz, load_quiz_file, parse_quiz, write_quiz
from quizzes.models import Question
from quizzes.spec import Mode, QuizSpec, ShowAnswers
from tests.quizzes.factories import every_type, make_lesson, single

HEADINGS = {"model", "why-not"}

GOOD = """\
title: "Check yourself: bare metal"
mode: practice
shuffle_choices: true
questions:
  - type: single
    id: waste
    prompt: Why does one application per physical server waste money?
    teaches: why-not
    explanation: Most of it sits idle.
    choices:
      - text: Most of the CPU and memory sits idle.
        correct: true
        feedback: Right.
      - text: The operating system cannot run applications.
        feedback: It can.
  - type: build
    id: build-containers
    prompt: Build a container-based stack that runs three applications.
    start: server
    constraints:
      valid: true
      model: container-based
      apps: {min: 3}
    solution: server > os > engine > [3*container > libs > app]
    explanation: One kernel.
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "01-lesson.quiz.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def fault(tmp_path: Path, text: str) -> ContentError:
    with pytest.raises(ContentError) as caught:
        load_quiz_file(write(tmp_path, text), HEADINGS)
    return caught.value


def test_a_good_file_loads():
    spec = parse_quiz(GOOD, "good.quiz.yaml", HEADINGS)
    assert spec.title == "Check yourself: bare metal"
    assert spec.shuffle_choices and spec.mode == Mode.PRACTICE
    assert [q.id for q in spec.questions] == ["waste", "build-containers"]
    assert spec.questions[1].constraints == {
        "valid": True,
        "model": "container-based",
        "apps": {"min": 3},
    }


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (("mode: practice", "mode: exam"), 2, "“mode” must be one of practice, assessment"),
        (("shuffle_choices: true", "shufle_choices: true"), 3, "unknown key “shufle_choices”"),
        (("    teaches: why-not", "    teaches: nowhere"), 8, "names the heading “nowhere”"),
        (
            ("        feedback: It can.", "        feedback: It can.\n        correct: true"),
            10,
            "exactly one correct choice, found 2",
        ),
        (
            ("apps: {min: 3}", "apps: {min: 4}"),
            24,
            "the solution does not meet the constraints: Your stack runs 3 applications; this one should run at least 4.",
        ),
        (("model: container-based", "model: mainframe"), 22, "“mainframe” is not a model"),
        (
            ("solution: server > os", "solution: server > kernel"),
            24,
            "the stack does not parse: column 10",
        ),
        (("id: build-containers", "id: waste"), 17, "the id “waste” is used twice"),
        (("    explanation: One kernel.\n", ""), 16, "“explanation” is required"),
        (("apps: {min: 3}", "apps: {min: 3, max: 1}"), 23, "min above max"),
        (("start: server", "start: server >"), 19, "“start”: the stack does not parse"),
    ],
)
def test_faults_name_their_line(tmp_path, change, line, message):
    error = fault(tmp_path, GOOD.replace(*change))
    assert message in error.message
    assert error.line == line, error
    assert error.file.endswith("01-lesson.quiz.yaml")


def test_yaml_syntax_errors_keep_their_line(tmp_path):
    error = fault(tmp_path, "title: x\nquestions:\n  - type: single\n   id: broken: yes\n")
    assert error.line == 4
    assert "not valid YAML" in error.message


def test_duplicate_keys_are_faults(tmp_path):
    error = fault(tmp_path, GOOD.replace("mode: practice", "mode: practice\nmode: assessment"))
    assert error.line == 3 and "appears twice" in error.message


def test_order_and_classify_are_checked(tmp_path):
    order = """\
    questions:
      - type: order
        id: o
        prompt: Order them.
        explanation: Because.
        layers: [server, os > app]
    """
    assert "must be one layer, not a stack" in fault(tmp_path, order).message
    classify = """\
    questions:
      - type: classify
        id: c
        prompt: Which?
        explanation: Because.
        stack: server > os > app
        answer: container-based
        choices: [bare-metal, container-based]
    """
    error = fault(tmp_path, classify)
    assert "recognised as “bare-metal”" in error.message and error.line == 7


def test_max_attempts_is_for_assessments_only(tmp_path):
    error = fault(tmp_path, GOOD.replace("mode: practice", "mode: practice\nmax_attempts: 2"))
    assert "assessment mode only" in error.message and error.line == 3


@pytest.mark.django_db
def test_write_quiz_is_idempotent_and_keeps_rows_when_wording_changes():
    lesson = make_lesson()
    spec = QuizSpec(questions=every_type(), shuffle_choices=True)
    assert write_quiz(lesson, spec) is True
    pks = dict(Question.objects.values_list("key", "pk"))
    assert write_quiz(lesson, spec) is False
    reworded = QuizSpec(
        questions=(single(prompt="Reworded?"), *every_type()[1:]), shuffle_choices=True
    )
    assert write_quiz(lesson, reworded) is True
    assert dict(Question.objects.values_list("key", "pk")) == pks
    assert Question.objects.get(key="idle").prompt == "Reworded?"
    assert write_quiz(lesson, QuizSpec(questions=every_type()[:2])) is True
    assert Question.objects.count() == 2


@pytest.mark.django_db
def test_export_reimports_to_the_same_quiz_and_exports_byte_identically(tmp_path):
    lesson = make_lesson()
    spec = QuizSpec(
        questions=every_type(),
        title="Check: “quotes”, colons: and # hashes",
        mode=Mode.ASSESSMENT,
        max_attempts=2,
        show_answers=ShowAnswers.AFTER_LAST_ATTEMPT,
        shuffle_questions=True,
        pool=4,
    )
    write_quiz(lesson, spec)
    text = export_quiz(lesson)
    assert text is not None
    again = parse_quiz(text, "exported.quiz.yaml", HEADINGS)
    assert again == spec
    other = make_lesson()
    write_quiz(other, again)
    assert export_quiz(other) == text
    assert dump_quiz(again) == text
    assert export_quiz(make_lesson()) is None


def test_the_shipped_quizzes_load():
    from lessons.rendering import heading_ids, render_markdown

    folder = Path(__file__).resolve().parents[2] / "lessons" / "content" / "virtualization"
    for path in sorted(folder.glob("*.quiz.yaml")):
        lesson = (folder / path.name.replace(".quiz.yaml", ".md")).read_text(encoding="utf-8")
        body = lesson.split("---", 2)[2]
        spec = load_quiz_file(path, set(heading_ids(render_markdown(body))))
        assert spec.questions
        assert dump_quiz(
            parse_quiz(dump_quiz(spec), path.name, {q.teaches for q in spec.questions})
        ) == dump_quiz(spec)
