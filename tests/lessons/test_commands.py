"""The management commands: import_course, export_course, createinstructor."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from lessons.models import Course, Lesson
from tests.lessons.factories import lesson_file, make_course_folder

pytestmark = pytest.mark.django_db


def run(*args: str, **options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_import_then_import_again_says_no_changes(tmp_path: Path) -> None:
    folder = make_course_folder(tmp_path, lessons=4)
    out, _err = run("import_course", str(folder))
    assert "Course created; lessons: 4 created, 0 updated, 0 up to date." in out
    out, _err = run("import_course", str(folder))
    assert out.strip() == "No changes: 4 lessons up to date."


def test_import_of_a_bad_folder_names_every_fault_and_writes_nothing(tmp_path: Path) -> None:
    folder = make_course_folder(tmp_path, lessons=3)
    (folder / "02-lesson-2.md").write_text(
        lesson_file("lesson-2", 2, body="```stack\nvm > \n```\n")
    )
    (folder / "03-lesson-3.md").write_text("---\ntitle: T\nslug: lesson-3\n---\n")
    err = StringIO()
    with pytest.raises(CommandError, match=r"2 problems found in .*; nothing was written"):
        call_command("import_course", str(folder), stdout=StringIO(), stderr=err)
    assert "02-lesson-2.md, line 11: column 6: expected a layer kind" in err.getvalue()
    assert '03-lesson-3.md, line 1: the key "order" is missing' in err.getvalue()
    assert not Course.objects.exists()


def test_import_reports_progress_on_a_large_course(tmp_path: Path) -> None:
    folder = make_course_folder(tmp_path, lessons=120)
    out, _err = run("import_course", str(folder))
    assert "  50/120 checked" in out and "  100/120 wrote" in out
    assert Lesson.objects.count() == 120
    out, _err = run("import_course", str(folder), verbosity=2)
    assert out.count("checked ") == 120


def test_import_warns_about_lessons_left_in_the_database(tmp_path: Path) -> None:
    folder = make_course_folder(tmp_path, lessons=2)
    run("import_course", str(folder))
    (folder / "02-lesson-2.md").unlink()
    out, _err = run("import_course", str(folder))
    assert "Left as they are (in the database, not in the folder): lesson-2." in out


def test_export_command_writes_files(tmp_path: Path) -> None:
    run("import_course", str(make_course_folder(tmp_path, lessons=2)))
    out, _err = run("export_course", "test-course", str(tmp_path / "out"))
    assert "Wrote 3 files" in out
    assert (tmp_path / "out" / "02-lesson-2.md").exists()
    with pytest.raises(CommandError, match="no course with the slug"):
        run("export_course", "nope", str(tmp_path / "x"))


def test_createinstructor_makes_a_staff_member_of_the_group() -> None:
    out, _err = run(
        "createinstructor", "alice", email="alice@example.org", password="a-Long-passphrase-42"
    )
    assert "Created instructor alice." in out
    alice = User.objects.get(username="alice")
    assert alice.is_staff and not alice.is_superuser
    assert alice.check_password("a-Long-passphrase-42")
    assert list(alice.groups.values_list("name", flat=True)) == ["Instructors"]
    assert alice.has_perm("lessons.change_lesson")
    assert not alice.has_perm("auth.change_user")


def test_createinstructor_reads_the_password_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("INSTRUCTOR_PASSWORD", "another-Long-passphrase-7")
    run("createinstructor", "bob", email="bob@example.org")
    assert User.objects.get(username="bob").check_password("another-Long-passphrase-7")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"email": "not-an-email", "password": "a-Long-passphrase-42"}, "is not an e-mail address"),
        ({"email": "c@example.org", "password": "123"}, "too short"),
        ({"email": "c@example.org"}, "Give a password"),
    ],
)
def test_createinstructor_rejects_bad_input(options: dict, message: str, monkeypatch) -> None:
    monkeypatch.delenv("INSTRUCTOR_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match=message):
        run("createinstructor", "carol", **options)
    assert not User.objects.filter(username="carol").exists()
