"""Quiz files: read and check one (`load_quiz_file`), store it (`write_quiz`), write it back
(`export_quiz`). The course import/export commands call these three.

Export writes keys in the order of docs/course-format.md and leaves out defaults, so that
export → import → export gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from yaml.nodes import MappingNode, Node, SequenceNode

from lessons.errors import ContentError
from lessons.models import Lesson
from quizzes.models import Choice, Question, Quiz
from quizzes.spec import CONSTRAINT_KEYS, Mode, QuestionSpec, QuestionType, QuizSpec, ShowAnswers
from quizzes.validation import Checker, Where, check_quiz

MAX_FILE_BYTES = 512 * 1024


def load_quiz_file(path: str | Path, heading_ids: set[str]) -> QuizSpec:
    """Read and check a quiz file; ContentError (file, line, message) on the first fault."""
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ContentError(name, None, f"cannot read the file: {error.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ContentError(name, None, f"the file is larger than {MAX_FILE_BYTES // 1024} KB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ContentError(name, None, "the file is not UTF-8 text") from None
    return parse_quiz(text, name, heading_ids)


def parse_quiz(text: str, name: str, heading_ids: set[str]) -> QuizSpec:
    data, lines = read_yaml(text, name)
    return check_quiz(data, Checker(name, lines), heading_ids)


def read_quiz(name: str, text: str, *, heading_ids: set[str]) -> QuizSpec:
    """The course importer's entry point: the file's name (for messages) and its text."""
    return parse_quiz(text, name, heading_ids)


def read_yaml(text: str, name: str) -> tuple[Any, dict[Where, int]]:
    """The YAML's data, and the line (1-based) where each key or entry starts."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise ContentError(name, None, "the file is empty")
        lines: dict[Where, int] = {}
        return _build(root, (), lines, loader, name), lines
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise ContentError(name, line, f"this is not valid YAML: {error.problem}") from None
    except yaml.YAMLError as error:
        raise ContentError(name, None, f"this is not valid YAML: {error}") from None
    finally:
        loader.dispose()


def _build(
    node: Node, where: Where, lines: dict[Where, int], loader: yaml.SafeLoader, name: str
) -> Any:
    lines.setdefault(where, node.start_mark.line + 1)
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                raise ContentError(name, line, f"keys must be words, not “{key}”")
            if key in result:
                raise ContentError(name, line, f"the key “{key}” appears twice")
            lines[(*where, key)] = line
            result[key] = _build(value_node, (*where, key), lines, loader, name)
        return result
    if isinstance(node, SequenceNode):
        return [
            _build(item, (*where, index), lines, loader, name)
            for index, item in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)


# Storing -------------------------------------------------------------------------------------


@transaction.atomic
def write_quiz(lesson: Lesson, spec: QuizSpec | None) -> bool:
    """Make the lesson's quiz match `spec` (None: no quiz); return whether anything changed.

    Questions are matched by id and choices by position, so that rows (and the responses
    pointing at them) survive an import that changes only their wording.
    """
    quiz = Quiz.objects.filter(lesson=lesson).first()
    if spec is None:
        if quiz is None:
            return False
        quiz.delete()
        return True
    if quiz is not None and quiz.spec() == spec:
        return False
    quiz = quiz or Quiz(lesson=lesson)
    quiz.title = spec.title
    quiz.mode = spec.mode
    quiz.max_attempts = spec.max_attempts
    quiz.show_answers = spec.show_answers
    quiz.shuffle_questions = spec.shuffle_questions
    quiz.shuffle_choices = spec.shuffle_choices
    quiz.pool = spec.pool
    quiz.save()
    existing = {question.key: question for question in quiz.questions.all()}
    keep = {question.id for question in spec.questions}
    Question.objects.filter(quiz=quiz).exclude(key__in=keep).delete()
    for position, question_spec in enumerate(spec.questions):
        question = existing.get(question_spec.id) or Question(quiz=quiz, key=question_spec.id)
        fill_question(question, question_spec, position)
        question.save()
        write_choices(question, question_spec)
    return True


save_quiz = write_quiz  # the name the course importer calls


def fill_question(question: Question, spec: QuestionSpec, position: int) -> None:
    question.position = position
    question.type = spec.type
    question.prompt = spec.prompt
    question.teaches = spec.teaches
    question.explanation = spec.explanation
    question.answer = ""
    question.feedback_true = question.feedback_false = ""
    question.layers = question.distractors = question.model_choices = ""
    question.stack = question.solution = ""
    question.constraints = {}
    if spec.type == QuestionType.TRUEFALSE:
        question.answer = "true" if spec.answer else "false"
        question.feedback_true = spec.feedback_true
        question.feedback_false = spec.feedback_false
    elif spec.type == QuestionType.ORDER:
        question.layers = "\n".join(spec.layers)
        question.distractors = "\n".join(spec.distractors)
    elif spec.type == QuestionType.BUILD:
        question.stack = spec.start
        question.constraints = dict(spec.constraints)
        question.solution = spec.solution
    elif spec.type == QuestionType.CLASSIFY:
        question.stack = spec.stack
        question.answer = str(spec.answer)
        question.model_choices = "\n".join(spec.models)


def write_choices(question: Question, spec: QuestionSpec) -> None:
    current = list(question.choices.all())
    for position, choice_spec in enumerate(spec.choices):
        choice = current[position] if position < len(current) else Choice(question=question)
        choice.position = position
        choice.text = choice_spec.text
        choice.correct = choice_spec.correct
        choice.feedback = choice_spec.feedback
        choice.save()
    Choice.objects.filter(pk__in=[choice.pk for choice in current[len(spec.choices) :]]).delete()


# Exporting -----------------------------------------------------------------------------------


def export_quiz(lesson: Lesson) -> str | None:
    """The lesson's quiz as the YAML text of a quiz file; None if it has none."""
    quiz = Quiz.objects.filter(lesson=lesson).prefetch_related("questions__choices").first()
    if quiz is None:
        return None
    return dump_quiz(quiz.spec())


def quiz_data(spec: QuizSpec) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if spec.title:
        data["title"] = spec.title
    data["mode"] = str(spec.mode)
    if spec.max_attempts is not None:
        data["max_attempts"] = spec.max_attempts
    data["show_answers"] = str(spec.show_answers)
    data["shuffle_questions"] = spec.shuffle_questions
    data["shuffle_choices"] = spec.shuffle_choices
    if spec.pool is not None:
        data["pool"] = spec.pool
    data["questions"] = [question_data(question) for question in spec.questions]
    return data


def question_data(spec: QuestionSpec) -> dict[str, Any]:
    data: dict[str, Any] = {"type": str(spec.type), "id": spec.id, "prompt": spec.prompt}
    if spec.teaches:
        data["teaches"] = spec.teaches
    if spec.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        data["choices"] = [
            {
                "text": choice.text,
                **({"correct": True} if choice.correct else {}),
                **({"feedback": choice.feedback} if choice.feedback else {}),
            }
            for choice in spec.choices
        ]
    elif spec.type == QuestionType.TRUEFALSE:
        data["answer"] = spec.answer
        if spec.feedback_true:
            data["feedback_true"] = spec.feedback_true
        if spec.feedback_false:
            data["feedback_false"] = spec.feedback_false
    elif spec.type == QuestionType.ORDER:
        data["layers"] = list(spec.layers)
        if spec.distractors:
            data["distractors"] = list(spec.distractors)
    elif spec.type == QuestionType.BUILD:
        if spec.start:
            data["start"] = spec.start
        # In one fixed order: PostgreSQL's jsonb does not keep the order keys were written in.
        data["constraints"] = {
            key: _bounds(spec.constraints[key])
            for key in CONSTRAINT_KEYS
            if key in spec.constraints
        }
        data["solution"] = spec.solution
    elif spec.type == QuestionType.CLASSIFY:
        data["stack"] = spec.stack
        data["answer"] = spec.answer
        data["choices"] = list(spec.models)
    data["explanation"] = spec.explanation
    return data


def _bounds(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: value[key] for key in ("min", "max") if key in value}
    return value


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Long prose folds (">-") so diffs stay readable; short text stays on one line.
    style = ">" if len(value) > 80 and "\n" not in value and value == value.strip() else None
    if "\n" in value:
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(Mode, lambda dumper, value: _represent_str(dumper, str(value)))
_Dumper.add_representer(ShowAnswers, lambda dumper, value: _represent_str(dumper, str(value)))
_Dumper.add_representer(QuestionType, lambda dumper, value: _represent_str(dumper, str(value)))


def dump_quiz(spec: QuizSpec) -> str:
    return yaml.dump(
        quiz_data(spec),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
        indent=2,
    )
