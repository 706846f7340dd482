"""An attempt's life: start it, record each answer once, finish it.

Every write locks the attempt row (`select_for_update`, and on SQLite the IMMEDIATE
transaction does the same) and checks the sequence number the answer was posted with against
the attempt's position, as Moodle does: a double click, a resent form or a stale tab finds
the position moved on and changes nothing.
"""

from __future__ import annotations

import random
import secrets
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from learners.models import Learner
from quizzes.graders import Grade
from quizzes.models import Attempt, Question, Quiz, Response
from quizzes.signals import attempt_finished
from quizzes.spec import Mode, ShowAnswers


class NoAttemptsLeft(Exception):
    pass


class OutOfSequence(Exception):
    """The answer was for a question that is no longer the current one."""


def attempts_left(quiz: Quiz, learner: Learner | None) -> int | None:
    """None: unlimited."""
    if quiz.mode != Mode.ASSESSMENT or quiz.max_attempts is None:
        return None
    used = quiz.attempts.filter(learner=learner).count() if learner else 0
    return max(0, quiz.max_attempts - used)


def current_attempt(quiz: Quiz, learner: Learner | None) -> Attempt | None:
    if learner is None:
        return None
    return quiz.attempts.unfinished().filter(learner=learner).order_by("-number").first()


def choose_questions(quiz: Quiz, seed: int) -> list[int]:
    ids = list(quiz.questions.order_by("position", "pk").values_list("pk", flat=True))
    rng = random.Random(seed)
    if quiz.pool and quiz.pool < len(ids):
        drawn = set(rng.sample(ids, quiz.pool))
        ids = [pk for pk in ids if pk in drawn]
    if quiz.shuffle_questions:
        rng.shuffle(ids)
    return ids


def start_attempt(quiz: Quiz, learner: Learner) -> Attempt:
    """The learner's unfinished attempt, or a new one; NoAttemptsLeft past max_attempts."""
    with transaction.atomic():
        existing = current_attempt(quiz, learner)
        if existing is not None:
            return existing
        if attempts_left(quiz, learner) == 0:
            raise NoAttemptsLeft
        last = quiz.attempts.filter(learner=learner).aggregate(last=Max("number"))["last"] or 0
        seed = secrets.randbits(31)
        try:
            with transaction.atomic():
                return Attempt.objects.create(
                    quiz=quiz,
                    learner=learner,
                    number=last + 1,
                    question_ids=choose_questions(quiz, seed),
                    seed=seed,
                )
        except IntegrityError:
            pass  # a second request started one at the same moment: resume that one
    attempt = current_attempt(quiz, learner)
    if attempt is None:
        raise NoAttemptsLeft
    return attempt


def record_answer(
    attempt_id: int,
    sequence: int,
    question: Question,
    answer: dict,
    answer_text: str,
    grade: Grade,
    *,
    finish_when_done: bool,
) -> Attempt:
    """Store the answer to the current question and move on; OutOfSequence if it is stale.

    `finish_when_done` (practice mode) finishes the attempt with its last answer.
    """
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().get(pk=attempt_id)
        if (
            attempt.is_finished
            or sequence != attempt.position
            or attempt.position >= attempt.total
            or attempt.question_ids[attempt.position] != question.pk
        ):
            raise OutOfSequence
        try:
            with transaction.atomic():
                Response.objects.create(
                    attempt=attempt,
                    question=question,
                    position=attempt.position,
                    answer=answer,
                    answer_text=answer_text,
                    score=grade.score,
                )
        except IntegrityError:
            raise OutOfSequence from None
        attempt.position += 1
        fields = ["position"]
        if attempt.position >= attempt.total and finish_when_done:
            fields += _finish(attempt)
        attempt.save(update_fields=fields)
    return attempt


def finish_attempt(attempt_id: int) -> Attempt:
    """Submit an attempt (unanswered questions score 0); finishing twice changes nothing."""
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().get(pk=attempt_id)
        if not attempt.is_finished:
            attempt.save(update_fields=_finish(attempt))
    return attempt


def _finish(attempt: Attempt) -> list[str]:
    scores = attempt.responses.values_list("score", flat=True)
    attempt.score = sum(scores) / attempt.total if attempt.total else 0.0
    attempt.finished_at = timezone.now()
    # Sent once, after the commit: a receiver (the LTI grade passback) talks to another
    # server and must never hold the database lock, nor report a score that was rolled back.
    transaction.on_commit(partial(attempt_finished.send, sender=Attempt, attempt=attempt))
    return ["score", "finished_at"]


def answers_visible(attempt: Attempt) -> bool:
    """Whether feedback, explanations and the right answers may be shown for this attempt."""
    policy = attempt.quiz.show_answers
    if policy == ShowAnswers.AFTER_EACH:
        return True
    if policy == ShowAnswers.NEVER or not attempt.is_finished:
        return False
    if policy == ShowAnswers.AFTER_LAST_ATTEMPT:
        return attempts_left(attempt.quiz, attempt.learner) in (None, 0)
    return True
