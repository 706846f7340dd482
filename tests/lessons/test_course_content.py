"""The shipped course: complete, accurate to its notation, and written in its own words."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from lessons.course_files import import_course
from lessons.models import Course, Status
from quizzes.graders import first_unmet
from virtlearn.stacks.analysis import Analysis, analyse
from virtlearn.stacks.notation import parse

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "lessons" / "content" / "virtualization"
SEED = ROOT.parent / "shared" / "seed" / "the-basics-of-docker-and-virtualization.txt"

FENCE = re.compile(r"^```stack\n(.*?)^```", re.MULTILINE | re.DOTALL)
HEADING_ID = re.compile(r"^#{2,6} .*\{#([a-z0-9-]+)\}\s*$", re.MULTILINE)
QUESTION_TYPES = {"single", "multiple", "truefalse", "order", "build", "classify"}
MODELS = {
    "bare-metal",
    "hosted-hypervisor",
    "bare-metal-hypervisor",
    "container-based",
    "containers-in-vms",
}
HYPERVISOR_MODELS = {"hosted-hypervisor", "bare-metal-hypervisor"}


@dataclass(frozen=True)
class LessonFile:
    path: Path
    meta: dict[str, Any]
    body: str

    @property
    def slug(self) -> str:
        return self.meta["slug"]

    @property
    def heading_ids(self) -> set[str]:
        return set(HEADING_ID.findall(self.body))

    @property
    def stacks(self) -> list[str]:
        """The notation of every ```stack fence (its caption line left out)."""
        return [
            "\n".join(
                line for line in fence.splitlines() if not line.startswith("caption:")
            ).strip()
            for fence in FENCE.findall(self.body)
        ]

    @property
    def prose(self) -> str:
        return FENCE.sub(" ", self.body)

    @property
    def quiz(self) -> dict[str, Any]:
        return yaml.safe_load(self.path.with_name(f"{self.path.stem}.quiz.yaml").read_text())


def read_lesson(path: Path) -> LessonFile:
    _, front_matter, body = path.read_text().split("---\n", 2)
    return LessonFile(path, yaml.safe_load(front_matter), body)


LESSONS = [read_lesson(path) for path in sorted(COURSE.glob("[0-9][0-9]-*.md"))]
BY_SLUG = {lesson.slug: lesson for lesson in LESSONS}
QUESTIONS = [(lesson, question) for lesson in LESSONS for question in lesson.quiz["questions"]]


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "").replace("'", ""))


def analysed(notation: str) -> Analysis:
    return analyse(parse(notation))


def question_id(item: tuple[LessonFile, dict[str, Any]]) -> str:
    return f"{item[0].slug}:{item[1]['id']}"


def test_the_course_file_describes_the_published_course():
    course = yaml.safe_load((COURSE / "course.yaml").read_text())
    assert course["slug"] == "virtualization"
    assert course["title"] == "Virtualization: from bare metal to containers"
    assert course["status"] == "published"
    assert course["summary"].strip()


def test_the_four_lessons_come_in_order():
    assert [lesson.slug for lesson in LESSONS][:4] == [
        "bare-metal",
        "hypervisors",
        "containers",
        "comparing",
    ]
    assert [lesson.meta["order"] for lesson in LESSONS] == list(range(1, len(LESSONS) + 1))
    for lesson in LESSONS:
        assert lesson.path.name.startswith(f"{lesson.meta['order']:02d}-{lesson.slug}")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_each_lesson_has_complete_front_matter(lesson: LessonFile):
    meta = lesson.meta
    assert meta["title"].strip() and meta["summary"].strip()
    assert meta["status"] == "published"
    assert 3 <= len(meta["objectives"]) <= 5
    assert all(isinstance(objective, str) and objective for objective in meta["objectives"])


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_each_lesson_is_a_readable_length_and_ends_with_key_points(lesson: LessonFile):
    assert 600 <= len(words(lesson.prose)) <= 1200
    assert lesson.stacks, "every lesson needs at least one diagram"
    headings = re.findall(r"^## (.*)$", lesson.body, re.MULTILINE)
    assert headings[-1] == "Key points {#key-points}"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_lessons_are_markdown_without_raw_html(lesson: LessonFile):
    assert not re.search(r"<[a-zA-Z/!]", lesson.body)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_heading_ids_are_unique_within_a_lesson(lesson: LessonFile):
    ids = HEADING_ID.findall(lesson.body)
    assert len(ids) == len(set(ids))


TOPICS = {
    "bare-metal": {
        "one app per physical server": ["physical server", "one application", "operating system"],
        "the layers": ["kernel", "libraries", "application"],
        "expensive hardware": ["expensive", "licences"],
        "low utilization": ["utilization", "idle", "cpu", "memory"],
        "slow deployment": ["weeks", "large organization", "order"],
        "hard migration between vendors": ["vendor", "drivers", "reinstall"],
    },
    "hypervisors": {
        "many VMs with their own OS": ["virtual machine", "guest os", "windows server", "ubuntu"],
        "providers": ["vmware", "virtualbox"],
        "type 1": ["type 1", "bare-metal", "esxi", "hyper-v", "xen", "kvm"],
        "type 2": ["type 2", "hosted", "virtualbox", "vmware workstation", "host os"],
        "on premises then the cloud": ["on premises", "cloud", "aws", "azure"],
        "cost efficiency": ["cost efficiency", "own share", "pay-as-you-go", "up front"],
        "easy scaling": ["minutes", "weeks", "image"],
        "full OS per VM": ["memory management", "device drivers", "daemons", "kernel"],
        "portability": ["portability", "hypervisor", "not guaranteed"],
        "hardware level": ["hardware level"],
    },
    "containers": {
        "the stack": ["server", "host os", "container engine", "virtual machine"],
        "engines": ["docker", "containerd", "podman"],
        "contents": ["binaries", "libraries", "user space", "does **not**"],
        "a shared kernel": ["share", "host kernel", "host's kernel"],
        "OS-level virtualization": ["os-level virtualization", "lighter"],
        "the engine is not a kernel": ["is **not** a kernel"],
        "namespaces": ["namespace", "pid", "mount", "network", "user"],
        "cgroups": ["cgroups", "control groups", "cpu", "memory", "i/o"],
        "consequences": ["linux kernel", "kernel bug", "weaker than a vm"],
        "containers in VMs": ["containers inside virtual machines", "cloud"],
    },
    "comparing": {
        "where virtualization happens": ["nowhere", "hardware level", "operating system level"],
        "kernels per app": ["kernels", "one** kernel"],
        "memory overhead": ["memory overhead", "megabytes", "gigabyte"],
        "start-up time": ["start-up time", "seconds", "boot"],
        "density": ["density", "hundreds"],
        "isolation": ["isolation", "strongest"],
        "portability": ["portability", "converted", "image"],
        "when to use which": ["when to use which", "bare metal", "virtual machines", "containers"],
        "containers in VMs in the cloud": ["containers in vms", "cloud"],
        "the builder's metrics": ["builder", "metrics", "assumptions"],
    },
}


@pytest.mark.parametrize(
    ("slug", "topic", "terms"),
    [(slug, topic, terms) for slug, topics in TOPICS.items() for topic, terms in topics.items()],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_every_topic_of_the_course_is_taught(slug: str, topic: str, terms: list[str]):
    body = BY_SLUG[slug].body.lower()
    missing = [term for term in terms if term not in body]
    assert not missing, f"{slug}: {topic} lacks {missing}"


def test_the_engine_is_never_called_a_kernel():
    """The seed muddles this; the course must not repeat it."""
    for lesson in LESSONS:
        assert "runtime kernel" not in lesson.body.lower()
        assert not re.search(r"engine,? (which|that) is the kernel", lesson.body, re.IGNORECASE)


def test_no_twelve_word_run_of_the_seed_appears_in_any_lesson():
    seed = words(SEED.read_text())
    size = 12
    seed_runs = {tuple(seed[i : i + size]) for i in range(len(seed) - size + 1)}
    for lesson in LESSONS:
        text = words(lesson.body)
        copied = [
            " ".join(text[i : i + size])
            for i in range(len(text) - size + 1)
            if tuple(text[i : i + size]) in seed_runs
        ]
        assert not copied, f"{lesson.slug} copies the seed: {copied[:3]}"


def test_the_plagiarism_check_would_catch_a_copied_sentence():
    seed = words(SEED.read_text())
    copied = " ".join(seed[40:60])
    seed_runs = {tuple(seed[i : i + 12]) for i in range(len(seed) - 11)}
    text = words(f"Some words of our own. {copied} And more.")
    assert any(tuple(text[i : i + 12]) in seed_runs for i in range(len(text) - 11))


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_each_quiz_has_enough_varied_questions(lesson: LessonFile):
    questions = lesson.quiz["questions"]
    assert len(questions) >= 6
    assert len({question["type"] for question in questions}) >= 4
    assert {question["type"] for question in questions} <= QUESTION_TYPES
    assert len({question["id"] for question in questions}) == len(questions)


@pytest.mark.parametrize("item", QUESTIONS, ids=question_id)
def test_every_question_explains_and_points_at_a_heading(item: tuple[LessonFile, dict]):
    lesson, question = item
    assert re.fullmatch(r"[a-z0-9-]+", question["id"])
    assert question["prompt"].strip()
    assert question["explanation"].strip()
    assert question["teaches"] in lesson.heading_ids


@pytest.mark.parametrize(
    "item",
    [item for item in QUESTIONS if item[1]["type"] in {"single", "multiple"}],
    ids=question_id,
)
def test_every_choice_has_feedback_and_the_right_number_are_correct(
    item: tuple[LessonFile, dict],
):
    question = item[1]
    choices = question["choices"]
    assert len(choices) >= 3
    assert all(choice["text"].strip() and choice["feedback"].strip() for choice in choices)
    correct = sum(bool(choice.get("correct")) for choice in choices)
    assert correct == 1 if question["type"] == "single" else 1 <= correct < len(choices)


@pytest.mark.parametrize(
    "item", [item for item in QUESTIONS if item[1]["type"] == "truefalse"], ids=question_id
)
def test_true_false_questions_give_feedback_both_ways(item: tuple[LessonFile, dict]):
    question = item[1]
    assert isinstance(question["answer"], bool)
    assert question["feedback_true"].strip() and question["feedback_false"].strip()


def test_the_course_has_classify_questions_and_balanced_answers():
    answers = Counter(q["answer"] for _, q in QUESTIONS if q["type"] == "classify")
    assert sum(answers.values()) >= 3
    assert len(answers) >= 3


def test_every_course_file_is_a_lesson_its_quiz_or_the_course():
    names = {path.name for path in COURSE.iterdir() if path.is_file()}
    expected = {"course.yaml"} | {
        name for lesson in LESSONS for name in (lesson.path.name, f"{lesson.path.stem}.quiz.yaml")
    }
    assert names == expected


# The models each lesson's diagrams may show: its own, plus the ones it compares with.
DIAGRAM_MODELS = {
    "bare-metal": {"bare-metal"},
    "hypervisors": HYPERVISOR_MODELS,
    "containers": {"container-based", "containers-in-vms"},
    "comparing": MODELS,
}


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_every_diagram_parses_and_is_a_valid_stack_of_the_lesson(lesson: LessonFile):
    for notation in lesson.stacks:
        analysis = analysed(notation)
        assert analysis.valid, (notation, analysis.errors)
        assert analysis.model.value in DIAGRAM_MODELS[lesson.slug], notation


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_each_lesson_shows_its_main_model(lesson: LessonFile):
    shown = {analysed(notation).model.value for notation in lesson.stacks}
    assert shown == DIAGRAM_MODELS[lesson.slug]


@pytest.mark.parametrize(
    "item", [item for item in QUESTIONS if item[1]["type"] == "build"], ids=question_id
)
def test_build_solutions_meet_their_constraints(item: tuple[LessonFile, dict]):
    question = item[1]
    assert first_unmet(question["constraints"], analysed(question["solution"])) is None
    assert question["constraints"]["valid"] is True
    if "start" in question:
        parse(question["start"])


@pytest.mark.parametrize(
    "item", [item for item in QUESTIONS if item[1]["type"] == "build"], ids=question_id
)
def test_build_constraints_reject_a_stack_of_another_model(item: tuple[LessonFile, dict]):
    question = item[1]
    others = {
        "bare-metal": 'server > os > [4*app "Shop"]',
        "hypervisor": "server > hypervisor > [4*vm > os > libs > app]",
        "container": "server > os > engine > [4*container > libs > app]",
        "nested": "server > hypervisor > [2*vm > os > engine > [2*container > libs > app]]",
        "unfinished": "server > os",
    }
    target = analysed(question["solution"]).model.value
    for notation in others.values():
        wrong = analysed(notation)
        if wrong.model.value != target:
            assert first_unmet(question["constraints"], wrong) is not None, notation


@pytest.mark.parametrize(
    "item", [item for item in QUESTIONS if item[1]["type"] == "order"], ids=question_id
)
def test_order_questions_list_single_layers_that_stack_into_a_valid_model(
    item: tuple[LessonFile, dict],
):
    question = item[1]
    for layer in question["layers"] + question.get("distractors", []):
        assert parse(layer).above == ()
    assert analysed(" > ".join(question["layers"])).valid
    assert question.get("distractors"), "an order question needs a layer that does not belong"


@pytest.mark.parametrize(
    "item", [item for item in QUESTIONS if item[1]["type"] == "classify"], ids=question_id
)
def test_classify_answers_are_the_model_the_analysis_recognises(item: tuple[LessonFile, dict]):
    question = item[1]
    assert analysed(question["stack"]).model.value == question["answer"]
    assert question["answer"] in question["choices"]
    assert set(question["choices"]) <= MODELS


def model_family(model: str) -> str:
    return "hypervisor" if model in HYPERVISOR_MODELS else model


def test_each_of_the_three_models_has_a_build_and_an_order_question():
    built = {
        model_family(analysed(q["solution"]).model.value)
        for _, q in QUESTIONS
        if q["type"] == "build"
    }
    ordered = {
        model_family(analysed(" > ".join(q["layers"])).model.value)
        for _, q in QUESTIONS
        if q["type"] == "order"
    }
    for family in ("bare-metal", "hypervisor", "container-based"):
        assert family in built
        assert family in ordered


@pytest.mark.django_db
def test_the_course_imports_whole_and_published():
    summary = import_course(COURSE)
    course = Course.objects.get(slug="virtualization")
    assert summary.course_created
    assert course.status == Status.PUBLISHED
    lessons = list(course.lessons.order_by("order"))
    assert [lesson.slug for lesson in lessons] == [lesson.slug for lesson in LESSONS]
    for lesson, source in zip(lessons, LESSONS, strict=True):
        assert lesson.is_published
        assert lesson.quiz.questions.count() == len(source.quiz["questions"])
        assert all(f'id="{heading}"' in lesson.body_html for heading in source.heading_ids)
        assert lesson.body_html.count("<svg") >= len(source.stacks)
    assert not import_course(COURSE).changed
