"""Small factories for the lessons tests: courses, lessons, users, and course folders."""

from __future__ import annotations

from itertools import count
from pathlib import Path

from django.contrib.auth.models import Group, User

from lessons.models import Course, Lesson, Status

_serial = count(1)
PASSWORD = "a-Long-passphrase-42"


def make_user(**overrides) -> User:
    n = next(_serial)
    fields = {"username": f"user{n}", "email": f"user{n}@example.com"} | overrides
    password = fields.pop("password", PASSWORD)
    return User.objects.create_user(password=password, **fields)


def make_instructor(**overrides) -> User:
    user = make_user(is_staff=True, **overrides)
    user.groups.add(Group.objects.get(name="Instructors"))
    return user


def make_course(**overrides) -> Course:
    n = next(_serial)
    fields = {"slug": f"course-{n}", "title": f"Course {n}", "status": Status.PUBLISHED}
    return Course.objects.create(**(fields | overrides))


def make_lesson(course: Course | None = None, **overrides) -> Lesson:
    n = next(_serial)
    fields = {
        "course": course or make_course(),
        "slug": f"lesson-{n}",
        "title": f"Lesson {n}",
        "order": n,
        "status": Status.PUBLISHED,
        "body": f"## Part {n} {{#part}}\n\nText of lesson {n}.\n",
    }
    return Lesson.objects.create(**(fields | overrides))


def lesson_file(slug: str, order: int, body: str = "", **front: str) -> str:
    keys = {
        "title": f"Lesson {slug}",
        "slug": slug,
        "order": str(order),
        "summary": f"About {slug}.",
        "status": "published",
    } | front
    lines = [f"{key}: {value}" for key, value in keys.items() if value is not None]
    body = (
        body
        or f"## About {slug} {{#about}}\n\nSome text.\n\n```stack\nserver > os > app\ncaption: One server.\n```\n"
    )
    return "---\n" + "\n".join(lines) + "\nobjectives:\n  - Say what it is\n---\n" + body


def make_course_folder(root: Path, lessons: int = 3, slug: str = "test-course") -> Path:
    """A small valid course folder with `lessons` lessons."""
    folder = root / slug
    folder.mkdir(parents=True)
    (folder / "course.yaml").write_text(
        f'slug: {slug}\ntitle: "Test course: {slug}"\nsummary: A course for tests.\norder: 1\n'
        "status: published\n"
    )
    for n in range(1, lessons + 1):
        (folder / f"{n:02d}-lesson-{n}.md").write_text(lesson_file(f"lesson-{n}", n))
    return folder
