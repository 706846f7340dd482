"""manage.py import_course FOLDER: check every file of a course folder, then write it."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lessons.course_files import Summary, import_course
from lessons.errors import ContentErrors

# Without a terminal (CI logs), progress is a line every this many lessons.
PROGRESS_EVERY = 50


class Command(BaseCommand):
    help = "Import a course folder (course.yaml, NN-slug.md lessons, quizzes, images)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, verbosity: int = 1, **options) -> None:
        try:
            summary = import_course(folder, self.progress_reporter(verbosity))
        except ContentErrors as errors:
            self.clear_counter()
            for error in errors.errors:
                self.stderr.write(self.style.ERROR(str(error)))
            count = len(errors.errors)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} found in {folder}; nothing was written."
            ) from None
        self.clear_counter()
        self.report(summary)

    def progress_reporter(self, verbosity: int):
        self.counter_shown = False
        terminal = self.stderr.isatty()

        def progress(done: int, total: int, what: str) -> None:
            if verbosity >= 2:
                self.stdout.write(f"  {done}/{total} {what}")
            elif terminal and verbosity >= 1:
                self.stderr.write(f"\r  {done}/{total} {what[:60]:<60}", ending="")
                self.stderr.flush()
                self.counter_shown = True
            elif verbosity >= 1 and total > PROGRESS_EVERY and done % PROGRESS_EVERY == 0:
                self.stdout.write(f"  {done}/{total} {what.split(' ')[0]}")

        return progress

    def clear_counter(self) -> None:
        if getattr(self, "counter_shown", False):
            self.stderr.write("\r" + " " * 72 + "\r", ending="")

    def report(self, summary: Summary) -> None:
        total = len(summary.created) + len(summary.updated) + len(summary.unchanged)
        if not summary.changed:
            self.stdout.write(f"No changes: {total} lesson{'s' if total != 1 else ''} up to date.")
        else:
            parts = [
                f"{len(summary.created)} created",
                f"{len(summary.updated)} updated",
                f"{len(summary.unchanged)} up to date",
            ]
            course = (
                "Course created"
                if summary.course_created
                else "Course updated"
                if summary.course_updated
                else "Course unchanged"
            )
            self.stdout.write(self.style.SUCCESS(f"{course}; lessons: {', '.join(parts)}."))
            if summary.images_changed:
                self.stdout.write(f"Images written: {', '.join(summary.images_changed)}.")
            if summary.quizzes_changed:
                self.stdout.write(f"Quizzes written: {', '.join(summary.quizzes_changed)}.")
        if summary.not_in_folder:
            self.stdout.write(
                self.style.WARNING(
                    "Left as they are (in the database, not in the folder): "
                    + ", ".join(summary.not_in_folder)
                    + ". Delete them in the admin if they should go."
                )
            )
