"""The Instructors group, with exactly the permissions to author lessons.

The quizzes app adds its models' permissions to this group in its own migration.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Instructors"
MODELS = ["course", "lesson", "lessonimage"]
ACTIONS = ["view", "add", "change", "delete"]


def create_group(apps, schema_editor):
    # Permissions are normally made after all migrations; the group needs them now.
    lessons = apps.get_app_config("lessons")
    lessons.models_module = True
    create_permissions(lessons, apps=apps, verbosity=0)
    lessons.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="lessons", codename__in=codenames)
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("lessons", "0002_lesson_images"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
