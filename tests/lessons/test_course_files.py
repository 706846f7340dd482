"""Course folders: every bad file rejected with nothing written; import/export round trips."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from lessons.course_files import export_course, import_course, read_course
from lessons.errors import ContentErrors
from lessons.models import Course, Lesson, LessonImage
from tests.lessons.factories import lesson_file, make_course_folder

pytestmark = pytest.mark.django_db


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def png_bytes(width: int = 40, height: int = 20) -> bytes:
    out = BytesIO()
    Image.new("RGB", (width, height), (30, 90, 200)).save(out, "PNG")
    return out.getvalue()


def only_error(folder: Path):
    with pytest.raises(ContentErrors) as caught:
        import_course(folder)
    assert Course.objects.count() == 0
    assert Lesson.objects.count() == 0
    [error] = caught.value.errors
    return error


def test_import_creates_the_course_and_its_lessons_rendered(tmp_path: Path) -> None:
    summary = import_course(make_course_folder(tmp_path, lessons=3))
    course = Course.objects.get(slug="test-course")
    assert course.title == "Test course: test-course"
    assert course.is_published
    lessons = list(course.lessons.all())
    assert [lesson.slug for lesson in lessons] == ["lesson-1", "lesson-2", "lesson-3"]
    assert lessons[0].objectives == ["Say what it is"]
    assert '<h2 id="about">' in lessons[0].body_html
    assert '<figure class="stack-figure"' in lessons[0].body_html
    assert summary.course_created and len(summary.created) == 3


def test_importing_twice_changes_nothing(tmp_path: Path) -> None:
    folder = make_course_folder(tmp_path)
    import_course(folder)
    before = list(Lesson.objects.values_list("pk", "updated_at", "body_html"))
    summary = import_course(folder)
    assert not summary.changed
    assert len(summary.unchanged) == 3
    assert list(Lesson.objects.values_list("pk", "updated_at", "body_html")) == before


def test_import_updates_by_slug_and_removes_nothing(tmp_path: Path) -> None:
    folder = make_course_folder(tmp_path)
    import_course(folder)
    first = Lesson.objects.get(slug="lesson-1")
    (folder / "01-lesson-1.md").write_text(lesson_file("lesson-1", 1, title="New title"))
    (folder / "03-lesson-3.md").unlink()
    summary = import_course(folder)
    assert summary.updated == ["lesson-1"]
    assert summary.not_in_folder == ["lesson-3"]
    assert Lesson.objects.get(pk=first.pk).title == "New title"
    assert Lesson.objects.filter(slug="lesson-3").exists()


def test_export_import_export_is_byte_identical(tmp_path: Path) -> None:
    folder = make_course_folder(tmp_path, lessons=3)
    (folder / "images").mkdir()
    (folder / "images" / "rack.png").write_bytes(png_bytes())
    (folder / "02-lesson-2.md").write_text(
        lesson_file(
            "lesson-2",
            2,
            body="Ünïcode — “quotes”: yes\n\n![A rack](images/rack.png)\n",
            title='"Colons: and quotes"',
            summary='"Line one\\nline two"',
        )
    )
    import_course(folder)
    first, second = tmp_path / "first", tmp_path / "second"
    course = Course.objects.get()
    export_course(course, first)
    assert import_course(first).changed is False
    export_course(Course.objects.get(), second)
    assert snapshot(first) == snapshot(second)
    assert sorted(snapshot(first)) == [
        "01-lesson-1.md",
        "02-lesson-2.md",
        "03-lesson-3.md",
        "course.yaml",
        "images/rack.png",
    ]
    lesson_2 = (first / "02-lesson-2.md").read_text()
    assert lesson_2.startswith("---\ntitle: 'Colons: and quotes'\nslug: lesson-2\norder: 2\n")
    assert lesson_2.endswith("![A rack](images/rack.png)\n")
    image = LessonImage.objects.get()
    assert f'src="{image.image.url}"' in Lesson.objects.get(slug="lesson-2").body_html


def test_export_of_admin_made_lessons_round_trips(tmp_path: Path) -> None:
    course = Course.objects.create(slug="made", title="Made in the admin")
    Lesson.objects.create(course=course, slug="only", title="Only", order=3, body="No newline")
    export_course(course, tmp_path / "a")
    import_course(tmp_path / "a")
    export_course(course, tmp_path / "b")
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    assert (tmp_path / "a" / "03-only.md").read_text().endswith("No newline\n")


def test_a_large_image_is_resized_and_reimporting_it_is_no_change(tmp_path: Path) -> None:
    folder = make_course_folder(tmp_path, lessons=1)
    (folder / "images").mkdir()
    (folder / "images" / "wide.png").write_bytes(png_bytes(2400, 300))
    import_course(folder)
    image = LessonImage.objects.get()
    assert (image.width, image.height) == (1600, 200)
    assert not import_course(folder).changed


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text)


@pytest.mark.parametrize(
    ("name", "text", "line", "fault"),
    [
        ("course.yaml", "slug: [unclosed\n", 2, "not valid YAML"),
        ("course.yaml", "title: No slug\n", 1, 'the key "slug" is missing'),
        ("course.yaml", "slug: x\ntitle: T\norder: first\n", 3, '"order" must be a whole number'),
        (
            "course.yaml",
            "slug: x\ntitle: T\nstatus: live\n",
            3,
            '"status" must be draft or published',
        ),
        ("course.yaml", "slug: x\ntitle: T\ncolour: red\n", 3, 'unknown key "colour"'),
        ("course.yaml", "slug: not a slug\ntitle: T\n", 1, "is not a slug"),
        ("01-lesson-1.md", "no front matter\n", 1, "expected front matter"),
        ("01-lesson-1.md", "---\ntitle: T\nslug: lesson-1\norder: 1\n", 1, "never closed"),
        ("01-lesson-1.md", "---\ntitle: T\nslug: lesson-1\n---\nText\n", 1, '"order" is missing'),
        ("01-lesson-1.md", "---\ntitle: [a\nslug: lesson-1\n---\n", 3, "not valid YAML"),
        ("01-lesson-1.md", "---\ntitle: T\nslug: lesson-1\norder: true\n---\n", 4, "whole number"),
        (
            "01-lesson-1.md",
            "---\ntitle: 5\nslug: lesson-1\norder: 1\n---\n",
            2,
            '"title" must be text',
        ),
        (
            "01-lesson-1.md",
            "---\ntitle: T\nslug: lesson-1\norder: 1\nobjectives: [1]\n---\n",
            5,
            "a list of texts",
        ),
        (
            "01-lesson-1.md",
            "---\ntitle: T\nslug: other\norder: 1\n---\n",
            3,
            "differs from the file name",
        ),
        (
            "01-lesson-1.md",
            "---\ntitle: T\nslug: lesson-1\norder: 1\n---\n\nText\n\n```stack\nserver > os >\nkernel\n```\n",
            11,
            "column 1: expected a layer kind (server, os, hypervisor, vm, engine, container, libs, app)",
        ),
        (
            "01-lesson-1.md",
            "---\ntitle: T\nslug: lesson-1\norder: 1\n---\n![x](images/nope.png)\n",
            6,
            "there is no image images/nope.png",
        ),
        ("1-Lesson 1.md", "---\ntitle: T\n---\n", None, "named NN-slug.md"),
    ],
)
def test_each_bad_file_is_rejected_with_its_line_and_nothing_written(
    tmp_path: Path, name: str, text: str, line: int | None, fault: str
) -> None:
    folder = make_course_folder(tmp_path, lessons=2)
    write(folder, name, text)
    error = only_error(folder)
    assert error.file == name
    assert error.line == line
    assert fault in error.message


def test_duplicate_slug_and_order_are_rejected(tmp_path: Path) -> None:
    folder = make_course_folder(tmp_path, lessons=2)
    write(folder, "05-lesson-1.md", lesson_file("lesson-1", 5))
    write(folder, "06-lesson-6.md", lesson_file("lesson-6", 2))
    with pytest.raises(ContentErrors) as caught:
        import_course(folder)
    messages = [str(error) for error in caught.value.errors]
    assert any(
        "05-lesson-1.md" in m and 'slug "lesson-1" is also 01-lesson-1.md' in m for m in messages
    )
    assert any("06-lesson-6.md" in m and "order 2 is also 02-lesson-2.md" in m for m in messages)
    assert Course.objects.count() == 0


def test_a_bad_file_anywhere_leaves_an_existing_course_untouched(tmp_path: Path) -> None:
    folder = make_course_folder(tmp_path, lessons=3)
    import_course(folder)
    before = list(Lesson.objects.values_list("title", "body", "updated_at"))
    write(folder, "01-lesson-1.md", lesson_file("lesson-1", 1, title="Changed"))
    write(folder, "03-lesson-3.md", lesson_file("lesson-3", 3, body="```stack\nvm >\n```\n"))
    with pytest.raises(ContentErrors):
        import_course(folder)
    assert list(Lesson.objects.values_list("title", "body", "updated_at")) == before


def test_bad_and_mislabelled_images_are_rejected(tmp_path: Path) -> None:
    folder = make_course_folder(tmp_path, lessons=1)
    (folder / "images").mkdir()
    (folder / "images" / "fake.png").write_bytes(b"<html>not an image</html>")
    (folder / "images" / "photo.jpg").write_bytes(png_bytes())
    with pytest.raises(ContentErrors) as caught:
        import_course(folder)
    messages = {error.file: error.message for error in caught.value.errors}
    assert "not an image" in messages["images/fake.png"]
    assert "PNG image but its name ends in .jpg" in messages["images/photo.jpg"]
    assert LessonImage.objects.count() == 0


def test_a_quiz_file_without_its_lesson_is_rejected(tmp_path: Path) -> None:
    folder = make_course_folder(tmp_path, lessons=1)
    write(folder, "09-ghost.quiz.yaml", "questions: []\n")
    error = only_error(folder)
    assert error.file == "09-ghost.quiz.yaml"


def test_a_missing_folder_or_an_empty_one_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ContentErrors):
        read_course(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "course.yaml").write_text("slug: e\ntitle: E\n")
    with pytest.raises(ContentErrors) as caught:
        read_course(tmp_path / "empty")
    assert "no lesson files" in str(caught.value)


def test_the_shipped_course_imports_and_round_trips(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[2] / "lessons" / "content" / "virtualization"
    summary = import_course(shipped)
    assert summary.created and not summary.not_in_folder
    assert not import_course(shipped).changed
    course = Course.objects.get(slug="virtualization")
    export_course(course, tmp_path / "first")
    assert not import_course(tmp_path / "first").changed
    export_course(course, tmp_path / "second")
    assert snapshot(tmp_path / "first") == snapshot(tmp_path / "second")


QUIZ = """questions:
  - type: truefalse
    id: one-os
    prompt: A bare-metal server runs one operating system.
    answer: true
    teaches: {teaches}
    explanation: One server, one OS, one application.
"""


def test_quiz_files_are_checked_against_their_lesson_and_round_trip(tmp_path: Path) -> None:
    folder = make_course_folder(tmp_path, lessons=2)
    write(folder, "01-lesson-1.quiz.yaml", QUIZ.format(teaches="nowhere"))
    error = only_error(folder)
    assert error.file == "01-lesson-1.quiz.yaml"
    assert "nowhere" in error.message
    write(folder, "01-lesson-1.quiz.yaml", QUIZ.format(teaches="about"))
    assert import_course(folder).quizzes_changed == ["01-lesson-1.quiz.yaml"]
    assert not import_course(folder).changed
    export_course(Course.objects.get(), tmp_path / "out")
    assert (tmp_path / "out" / "01-lesson-1.quiz.yaml").exists()
    assert not (tmp_path / "out" / "02-lesson-2.quiz.yaml").exists()
    assert not import_course(tmp_path / "out").changed
