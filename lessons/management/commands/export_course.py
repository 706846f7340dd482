"""manage.py export_course SLUG FOLDER: write a course back as files."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lessons.course_files import export_course
from lessons.models import Course


class Command(BaseCommand):
    help = "Export a course as a folder of files that import_course reads back."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("folder", type=Path)

    def handle(self, *args, slug: str, folder: Path, **options) -> None:
        course = Course.objects.filter(slug=slug).first()
        if course is None:
            raise CommandError(f'There is no course with the slug "{slug}".')
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{folder} exists and is not a folder.")
        written = export_course(course, folder)
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(written)} files to {folder}."))
