"""The "Reviewers" group: the people an assessment's reviewer is chosen from.

Members may open the admin, see the checklist and add, change and view assessments. The owner
adds people to it under Settings → Groups (or Users); the assessment form offers only them.
"""

from django.db import migrations

REVIEWERS = "Reviewers"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("practice_trainings", "assessment", "add_assessment"),
    ("practice_trainings", "assessment", "change_assessment"),
    ("practice_trainings", "assessment", "view_assessment"),
    ("practice_trainings", "checklist", "view_checklist"),
]


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after every migration has run; make sure they exist.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=REVIEWERS)
    for app_label, model, codename in PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        ).first()
        if permission is not None:
            group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=REVIEWERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("practice_trainings", "0002_default_checklist"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
