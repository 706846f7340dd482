"""Give the Instructors group (made by lessons' migration) the quiz authoring permissions.

Instructors edit quizzes, questions and choices and see every learner's results; attempts
and responses are the learners' records, so instructors may view them, not change them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Instructors"
CODENAMES = [
    *(f"{action}_{model}" for model in ("quiz", "question", "choice") for action in ("view", "add", "change", "delete")),
    "view_attempt",
    "view_response",
    "view_results",
]


def add_permissions(apps, schema_editor):
    # Permissions are normally made after all migrations; the group needs them now.
    quizzes = apps.get_app_config("quizzes")
    quizzes.models_module = True
    create_permissions(quizzes, apps=apps, verbosity=0)
    quizzes.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="quizzes", codename__in=CODENAMES)
    )


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="quizzes", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0001_initial"),
        ("lessons", "0003_instructors_group"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
