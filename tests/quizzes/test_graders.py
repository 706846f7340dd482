"""Every grader: full and partial credit, distractors, and the feedback each answer earns."""

from __future__ import annotations

import pytest

from quizzes import graders
from quizzes.graders import grade, grade_build, grade_order, longest_run_in_order
from tests.quizzes.factories import build, classify, multiple, order, single, truefalse
from virtlearn.stacks.notation import parse


def test_single_right_and_wrong_with_each_choices_feedback():
    right = grade(single(), {"choice": 0})
    wrong = grade(single(), {"choice": 1})
    assert right.score == 1 and right.correct
    assert right.feedback == ("FEEDBACK-RIGHT: yes, idle.",)
    assert wrong.score == 0 and not wrong.correct
    assert wrong.feedback == ("FEEDBACK-WRONG-OS: it can.",)


@pytest.mark.parametrize(
    ("picked", "score"),
    [
        ([0, 1, 2], 1.0),  # every right choice
        ([0, 1], 2 / 3),  # two of three right
        ([0], 1 / 3),
        ([0, 1, 2, 3], 2 / 3),  # a wrong pick cancels a right one
        ([0, 3], 0.0),
        ([3], 0.0),  # never below zero
    ],
)
def test_multiple_partial_credit_is_right_minus_wrong_over_right(picked, score):
    assert grade(multiple(), {"choices": picked}).score == pytest.approx(score)


def test_multiple_feedback_is_that_of_each_pick():
    result = grade(multiple(), {"choices": [3, 0]})
    assert result.feedback == ("FEEDBACK-LIBS", "FEEDBACK-ONE-APP")


def test_truefalse_feedback_follows_the_learners_answer():
    assert grade(truefalse(), {"value": True}).score == 1
    assert grade(truefalse(), {"value": True}).feedback == ("FEEDBACK-TRUE",)
    wrong = grade(truefalse(), {"value": False})
    assert wrong.score == 0 and wrong.feedback == ("FEEDBACK-FALSE",)
    assert grade(truefalse(answer=False), {"value": False}).correct


def test_longest_run_in_order_is_the_longest_increasing_subsequence():
    assert longest_run_in_order([0, 1, 2, 3]) == 4
    assert longest_run_in_order([1, 0, 2, 3]) == 3
    assert longest_run_in_order([3, 2, 1, 0]) == 1
    assert longest_run_in_order([2, 0, 3, 1]) == 2
    assert longest_run_in_order([]) == 0


@pytest.mark.parametrize(
    ("placed", "score"),
    [
        ([0, 1, 2, 3], 1.0),
        ([1, 0, 2, 3], 0.75),  # one swap: three still in order
        ([0, 1, 3], 0.75),  # a layer left out loses only that layer
        ([0, 1, 2, 3, 4], 0.75),  # the distractor (index 4) costs wherever it is
        ([4, 0, 1, 2, 3], 0.75),
        ([3, 2, 1, 0], 0.25),
        ([4, 3], 0.0),  # never below zero
    ],
)
def test_order_partial_credit(placed, score):
    assert grade_order(order(), placed).score == pytest.approx(score)


def test_order_feedback_names_distractors_and_missing_layers():
    result = grade_order(order(), [0, 4, 1, 3])
    text = " ".join(result.feedback)
    assert "3 of the 4 layers are in the right order." in text
    assert "Hypervisor does not belong in this stack." in text
    assert "You left out Bins/libs “PHP”." in text
    assert grade_order(order(), [0, 1, 2, 3]).feedback == ("Every layer is in its place.",)


def test_build_accepts_every_stack_that_meets_the_constraints():
    spec = build()
    for stack in (
        "server > os > engine > [2*container > libs > app]",
        "server > os > engine > [3*container > libs > app]",
        'server "x" > os > docker > [container > libs > app, container > app]',
    ):
        assert grade_build(spec, parse(stack)).correct, stack


@pytest.mark.parametrize(
    ("stack", "message"),
    [
        ("server > os > app > app", "Your stack breaks a rule:"),
        (
            "server > os > [app, app]",
            "Your stack is Pre-virtualization (bare metal); this one should be Container-based.",
        ),
        (
            "server > os > engine > [container > libs > app]",
            "Your stack runs 1 application; this one should run at least 2.",
        ),
    ],
)
def test_build_feedback_names_the_first_constraint_not_met(stack, message):
    result = grade_build(build(), parse(stack))
    assert result.score == 0
    assert result.feedback[0].startswith(message)


def test_build_feedback_on_counts_in_the_learners_words():
    spec = build(constraints={"kernels": 1}, solution="server > os > app")
    result = grade_build(spec, parse("server > hypervisor > [3*vm > os > app]"))
    assert result.feedback == ("Your stack runs 3 kernels; this one should run 1.",)
    ranged = build(
        constraints={"vms": {"min": 2, "max": 4}},
        solution="server > hypervisor > [2*vm > os > app]",
    )
    assert grade_build(ranged, parse("server > os > app")).feedback == (
        "Your stack has 0 virtual machines; this one should have between 2 and 4.",
    )


def test_build_hypervisor_type_constraint():
    spec = build(
        constraints={"hypervisor_type": 1}, solution="server > hypervisor > [vm > os > app]"
    )
    assert grade_build(spec, parse("server > hypervisor > [vm > os > app]")).correct
    hosted = grade_build(spec, parse("server > os > hypervisor > [vm > os > app]"))
    assert hosted.feedback == (
        "Your stack uses a type 2 hypervisor; this one should use a type 1 hypervisor.",
    )
    none = grade_build(spec, parse("server > os > app"))
    assert none.feedback[0].startswith("Your stack has no hypervisor")


def test_classify():
    assert grade(classify(), {"model": "bare-metal-hypervisor"}).correct
    wrong = grade(classify(), {"model": "hosted-hypervisor"})
    assert wrong.score == 0
    assert "Hypervisor-based, type 1 (bare-metal)" in wrong.feedback[0]


def test_grade_of_a_stored_build_answer_parses_the_notation():
    assert grade(build(), {"stack": "server > os > engine > [2*container > libs > app]"}).correct
    assert graders.expected_phrase({"max": 3}) == "at most 3"
