"""Course folders ↔ the database: check every file, then write; and export back to files.

The format is docs/course-format.md. Reading checks everything (front matter keys and types,
slugs, order, status, every ```stack fence, every image, every quiz via quizzes.content) and
raises ContentErrors before anything is written. Writing updates by slug and deletes nothing.
Exporting writes files that import to the same rows and export to the same bytes.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from django.core.files.base import ContentFile
from django.db import transaction

from lessons import images as image_files
from lessons.errors import ContentError, ContentErrors
from lessons.models import Course, Lesson, LessonImage, Status
from lessons.rendering import FenceError, check_body, heading_ids, render_markdown

COURSE_FILE = "course.yaml"
IMAGES_FOLDER = "images"
QUIZ_SUFFIX = ".quiz.yaml"
LESSON_FILE = re.compile(r"^(?P<number>\d+)-(?P<slug>[-a-zA-Z0-9_]+)\.md$")
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")

# Called as progress(done, total, what) while reading and writing a course.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Key:
    kind: type
    required: bool = True
    default: Any = None


# The keys in the order export writes them.
COURSE_KEYS = {
    "slug": Key(str),
    "title": Key(str),
    "summary": Key(str, False, ""),
    "order": Key(int, False, 0),
    "status": Key(str, False, Status.DRAFT.value),
}
LESSON_KEYS = {
    "title": Key(str),
    "slug": Key(str),
    "order": Key(int),
    "summary": Key(str, False, ""),
    "objectives": Key(list, False, []),
    "status": Key(str, False, Status.DRAFT.value),
}
TYPE_NAMES = {str: "text", int: "a whole number", list: "a list of texts"}


@dataclass
class LessonSource:
    file: str
    fields: dict[str, Any]
    body: str
    quiz_file: str | None = None
    quiz: Any = None


@dataclass
class ImageSource:
    name: str
    data: bytes


@dataclass
class CourseSource:
    fields: dict[str, Any]
    lessons: list[LessonSource]
    images: list[ImageSource]


@dataclass
class Summary:
    course_created: bool = False
    course_updated: bool = False
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    images_changed: list[str] = field(default_factory=list)
    quizzes_changed: list[str] = field(default_factory=list)
    not_in_folder: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.course_created
            or self.course_updated
            or self.created
            or self.updated
            or self.images_changed
            or self.quizzes_changed
        )


def quiz_content() -> ModuleType | None:
    """quizzes.content, which reads, saves and exports quiz files, once it exists."""
    if importlib.util.find_spec("quizzes.content") is None:
        return None
    return importlib.import_module("quizzes.content")


# Reading ------------------------------------------------------------------------------------


def load_yaml(file: str, text: str, first_line: int = 1) -> tuple[Any, dict[str, int]]:
    """The YAML document and the file line of each top-level key."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else None
        raise ContentError(file, line, f"not valid YAML: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise ContentError(file, None, f"not valid YAML: {error}") from None
    finally:
        loader.dispose()
    lines = {}
    if isinstance(node, yaml.MappingNode):
        for key, _value in node.value:
            lines[str(key.value)] = key.start_mark.line + first_line
    return data, lines


def check_keys(
    file: str, data: Any, lines: dict[str, int], keys: dict[str, Key], first_line: int
) -> dict[str, Any]:
    """The values of `keys` in `data`, checked; ContentError naming the line of the fault."""
    if not isinstance(data, dict):
        raise ContentError(file, first_line, f"expected keys ({', '.join(keys)}), found none")
    for name in data:
        if name not in keys:
            raise ContentError(
                file,
                lines.get(str(name)),
                f'unknown key "{name}" (expected {", ".join(keys)})',
            )
    values = {}
    for name, key in keys.items():
        line = lines.get(name, first_line)
        if name not in data:
            if key.required:
                raise ContentError(file, first_line, f'the key "{name}" is missing')
            values[name] = key.default
            continue
        value = data[name]
        wrong_type = not isinstance(value, key.kind) or isinstance(value, bool)
        if key.kind is list and not wrong_type:
            wrong_type = not all(isinstance(item, str) and item.strip() for item in value)
        if wrong_type:
            found = "nothing" if value is None else type(value).__name__
            raise ContentError(
                file, line, f'"{name}" must be {TYPE_NAMES[key.kind]}, found {found}'
            )
        if key.kind is str:
            value = value.strip()
            if key.required and not value:
                raise ContentError(file, line, f'"{name}" must not be empty')
        values[name] = value
    if not SLUG.match(values["slug"]) or len(values["slug"]) > 50:
        raise ContentError(
            file,
            lines.get("slug"),
            f'"{values["slug"]}" is not a slug: use letters, digits, "-" and "_" (50 at most)',
        )
    if values["order"] < 0:
        raise ContentError(file, lines.get("order"), '"order" must not be negative')
    if values["status"] not in Status.values:
        raise ContentError(
            file,
            lines.get("status"),
            f'"status" must be draft or published, found "{values["status"]}"',
        )
    if len(values["title"]) > 200:
        raise ContentError(file, lines.get("title"), '"title" is longer than 200 characters')
    return values


def read_text(path: Path, name: str) -> str:
    try:
        return path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise ContentError(name, None, "not UTF-8 text") from None
    except OSError as error:
        raise ContentError(name, None, f"cannot be read: {error.strerror}") from None


def with_final_newline(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n"


def split_front_matter(file: str, text: str) -> tuple[str, str, int]:
    """(front matter YAML, body, the file line the body starts on)."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise ContentError(
            file, 1, 'expected front matter: a line "---", the keys in YAML, then "---"'
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            body = "\n".join(lines[index + 1 :])
            return "\n".join(lines[1:index]), with_final_newline(body), index + 2
    raise ContentError(file, 1, 'the front matter is never closed by a line "---"')


def read_lesson(path: Path, image_names: set[str]) -> LessonSource:
    file = path.name
    name = LESSON_FILE.match(file)
    if not name:
        raise ContentError(file, None, "a lesson file is named NN-slug.md, e.g. 01-bare-metal.md")
    front, body, body_line = split_front_matter(file, read_text(path, file))
    data, lines = load_yaml(file, front, first_line=2)
    fields = check_keys(file, data, lines, LESSON_KEYS, first_line=1)
    if fields["slug"] != name["slug"]:
        raise ContentError(
            file,
            lines.get("slug"),
            f'the slug "{fields["slug"]}" differs from the file name ({name["slug"]})',
        )
    fields["objectives"] = [item.strip() for item in fields["objectives"]]
    errors = check_body(body, image_names)
    if errors:
        raise ContentError(file, body_line + errors[0].line - 1, body_error(errors[0]))
    return LessonSource(file=file, fields=fields, body=body)


def body_error(error: FenceError) -> str:
    return f"column {error.column}: {error.message}" if error.column else error.message


def read_images(folder: Path, errors: list[ContentError]) -> list[ImageSource]:
    images_folder = folder / IMAGES_FOLDER
    if not images_folder.is_dir():
        return []
    found = []
    for path in sorted(images_folder.iterdir()):
        if path.name.startswith("."):
            continue
        file = f"{IMAGES_FOLDER}/{path.name}"
        try:
            data = path.read_bytes()
            image_files.process_image(data, path.name)
        except image_files.ImageError as error:
            errors.append(ContentError(file, None, str(error)))
            continue
        found.append(ImageSource(path.name, data))
    return found


def read_course(folder: Path, progress: Progress | None = None) -> CourseSource:
    """Every file of the course folder, checked; ContentErrors listing every fault if any."""
    if not folder.is_dir():
        raise ContentErrors([ContentError(str(folder), None, "is not a folder")])
    errors: list[ContentError] = []
    course_fields: dict[str, Any] = {}
    try:
        data, lines = load_yaml(COURSE_FILE, read_text(folder / COURSE_FILE, COURSE_FILE))
        course_fields = check_keys(COURSE_FILE, data, lines, COURSE_KEYS, first_line=1)
    except ContentError as error:
        errors.append(error)
    images = read_images(folder, errors)
    image_names = {image.name for image in images}
    if course_fields:
        image_names |= set(
            LessonImage.objects.filter(course__slug=course_fields["slug"]).values_list(
                "name", flat=True
            )
        )
    paths = sorted(path for path in folder.glob("*.md") if not path.name.startswith("."))
    quiz_paths = {path.name: path for path in folder.glob(f"*{QUIZ_SUFFIX}")}
    quizzes = quiz_content()
    lessons: list[LessonSource] = []
    slugs: dict[str, str] = {}
    orders: dict[int, str] = {}
    for done, path in enumerate(paths, start=1):
        try:
            lesson = read_lesson(path, image_names)
        except ContentError as error:
            errors.append(error)
            continue
        slug, order = lesson.fields["slug"], lesson.fields["order"]
        if slug in slugs:
            errors.append(ContentError(lesson.file, 2, f'the slug "{slug}" is also {slugs[slug]}'))
        if order in orders:
            errors.append(
                ContentError(lesson.file, None, f"the order {order} is also {orders[order]}'s")
            )
        slugs.setdefault(slug, lesson.file)
        orders.setdefault(order, lesson.file)
        quiz_name = path.name.removesuffix(".md") + QUIZ_SUFFIX
        if quiz_name in quiz_paths and quizzes is not None:
            lesson.quiz_file = quiz_name
            try:
                ids = set(heading_ids(render_markdown(lesson.body)))
                lesson.quiz = quizzes.read_quiz(
                    quiz_name, read_text(quiz_paths.pop(quiz_name), quiz_name), heading_ids=ids
                )
            except ContentError as error:
                errors.append(error)
        else:
            quiz_paths.pop(quiz_name, None)
        lessons.append(lesson)
        if progress:
            progress(done, len(paths), f"checked {path.name}")
    for orphan in sorted(quiz_paths):
        errors.append(ContentError(orphan, None, "there is no lesson file for this quiz"))
    if not paths and not errors:
        errors.append(ContentError(str(folder), None, "holds no lesson files (NN-slug.md)"))
    if errors:
        raise ContentErrors(errors)
    return CourseSource(course_fields, lessons, images)


# Writing ------------------------------------------------------------------------------------


def update(instance: Course | Lesson, fields: dict[str, Any]) -> bool:
    """Set the fields that differ; True if any did."""
    changed = False
    for name, value in fields.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def write_image(course: Course, source: ImageSource) -> bool:
    existing = LessonImage.objects.filter(course=course, name=source.name).first()
    digest = image_files.sha256(source.data)
    if existing is not None:
        if digest == existing.source_sha256:
            return False
        with existing.image.open("rb") as stored:
            if image_files.sha256(stored.read()) == digest:
                return False
        existing.image.delete(save=False)
    image = existing or LessonImage(course=course, name=source.name)
    image.source_sha256 = digest
    processed = image_files.process_image(source.data, source.name)
    image.image.save(source.name, ContentFile(processed), save=False)
    image.save()
    return True


@transaction.atomic
def write_course(source: CourseSource, progress: Progress | None = None) -> Summary:
    summary = Summary()
    fields = dict(source.fields)
    course = Course.objects.filter(slug=fields["slug"]).first()
    if course is None:
        course = Course.objects.create(**fields)
        summary.course_created = True
    elif update(course, fields):
        course.save()
        summary.course_updated = True
    for image in source.images:
        if write_image(course, image):
            summary.images_changed.append(image.name)
    existing = {lesson.slug: lesson for lesson in course.lessons.all()}
    quizzes = quiz_content()
    for done, lesson_source in enumerate(source.lessons, start=1):
        lesson_fields = {**lesson_source.fields, "body": lesson_source.body}
        lesson = existing.pop(lesson_fields["slug"], None)
        if lesson is None:
            lesson = Lesson.objects.create(course=course, **lesson_fields)
            summary.created.append(lesson.slug)
        elif update(lesson, lesson_fields):
            lesson.save()
            summary.updated.append(lesson.slug)
        elif summary.images_changed:
            lesson.save()  # its images may have moved: render it again
            summary.unchanged.append(lesson.slug)
        else:
            summary.unchanged.append(lesson.slug)
        has_quiz = lesson_source.quiz is not None and quizzes is not None
        if has_quiz and quizzes.save_quiz(lesson, lesson_source.quiz):
            summary.quizzes_changed.append(lesson_source.quiz_file or lesson.slug)
        if progress:
            progress(done, len(source.lessons), f"wrote {lesson_source.file}")
    summary.not_in_folder = sorted(existing)
    return summary


def import_course(folder: Path, progress: Progress | None = None) -> Summary:
    return write_course(read_course(folder, progress), progress)


# Exporting ----------------------------------------------------------------------------------


def dump_yaml(data: dict[str, Any]) -> str:
    plain = {key: str(value) if isinstance(value, str) else value for key, value in data.items()}
    return yaml.safe_dump(
        plain, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )


def lesson_file_name(lesson: Lesson) -> str:
    return f"{lesson.order:02d}-{lesson.slug}.md"


def lesson_text(lesson: Lesson) -> str:
    front = dump_yaml({name: getattr(lesson, name) for name in LESSON_KEYS})
    body = with_final_newline(lesson.body.replace("\r\n", "\n"))
    return f"---\n{front}---\n{body}"


def export_course(course: Course, folder: Path) -> list[Path]:
    """Write the course as files into `folder` (created if need be); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []

    def write(name: str, content: str | bytes) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(content)
        written.append(path)

    write(COURSE_FILE, dump_yaml({name: getattr(course, name) for name in COURSE_KEYS}))
    quizzes = quiz_content()
    for lesson in course.lessons.order_by("order", "pk"):
        name = lesson_file_name(lesson)
        write(name, lesson_text(lesson))
        quiz = quizzes.export_quiz(lesson) if quizzes is not None else None
        if quiz is not None:
            write(name.removesuffix(".md") + QUIZ_SUFFIX, with_final_newline(quiz))
    for image in course.images.all():
        with image.image.open("rb") as stored:
            write(f"{IMAGES_FOLDER}/{image.name}", stored.read())
    return written
