"""manage.py createinstructor USERNAME --email E: a staff account in the Instructors group."""

from __future__ import annotations

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import transaction

INSTRUCTORS = "Instructors"
PASSWORD_ENV = "INSTRUCTOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create an instructor: a staff user in the Instructors group. The password comes "
        f"from --password, the {PASSWORD_ENV} environment variable, or a prompt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--password")

    def handle(self, *args, username: str, email: str, password: str | None, **options) -> None:
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f'"{email}" is not an e-mail address.') from None
        group = Group.objects.filter(name=INSTRUCTORS).first()
        if group is None:
            raise CommandError("The Instructors group is missing: run manage.py migrate first.")
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        password = password or os.environ.get(PASSWORD_ENV) or self.prompt(user is None)
        candidate = user or User(username=username, email=email)
        if password:
            try:
                validate_password(password, candidate)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        with transaction.atomic():
            candidate.email = email
            candidate.is_staff = True
            if password:
                candidate.set_password(password)
            candidate.save()
            candidate.groups.add(group)
        verb = "Updated" if user else "Created"
        self.stdout.write(self.style.SUCCESS(f"{verb} instructor {username}."))

    def prompt(self, required: bool) -> str:
        if not self.stdin_is_terminal():
            if required:
                raise CommandError(f"Give a password with --password or {PASSWORD_ENV}.")
            return ""
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        if required and not first:
            raise CommandError("A password is required.")
        return first

    def stdin_is_terminal(self) -> bool:
        return sys.stdin.isatty()
