from django.db import migrations

ASSESSORS = "考核员 Assessors"
EXPERTS = "评审专家 Experts"
COVERAGE_EVIDENCE_ROOT = "考核佐证 Coverage evidence"
GROUPS, LOGIN = "groups", "login"


def forwards(apps, schema_editor):
    """The assessment's roles become permissions; each body's officers name their evidence collection."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Task = apps.get_model("assessment", "CoverageVerificationTask")
    BodyOfficers = apps.get_model("assessment", "BodyOfficers")
    Collection = apps.get_model("wagtailcore", "Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")

    def assessment_permission(codename):
        return Permission.objects.get(content_type__app_label="assessment", codename=codename)

    # The assessors are whoever verifies coverage: the groups of the verification task.
    group_ids = {pk for pk in Task.objects.values_list("groups", flat=True) if pk}
    assessors = Group.objects.filter(pk__in=group_ids) if group_ids else Group.objects.filter(name=ASSESSORS)
    for group in assessors:
        group.permissions.add(
            assessment_permission("view_every_body"),
            assessment_permission("publish_points_table"),
            # One write path: the admin lets assessors record on a body's behalf, as the service always has.
            assessment_permission("add_coveragerecord"),
        )
    national = Permission.objects.get(content_type__app_label="showcase", codename="view_every_jurisdiction")
    for group in Group.objects.filter(permissions=national):
        group.permissions.add(assessment_permission("run_awards"))
    for group in Group.objects.filter(name=EXPERTS):
        group.permissions.add(assessment_permission("score_nominations"))

    root = Collection.objects.filter(depth=2, name=COVERAGE_EVIDENCE_ROOT).first()
    if root is None:
        return
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for group in assessors:
        for codename in ("choose_document", "change_document"):
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root,
                permission=Permission.objects.get(content_type__app_label="wagtaildocs", codename=codename),
            )
    for officers in BodyOfficers.objects.filter(evidence_collection__isnull=True).select_related("unit"):
        collection = Collection.objects.filter(
            path__startswith=root.path, depth=root.depth + 1, name=f"{officers.unit.name} ({officers.unit.pk})"
        ).first()
        if collection is None:
            continue
        officers.evidence_collection = collection
        officers.save(update_fields=["evidence_collection"])
        restrictions = CollectionViewRestriction.objects.filter(collection=collection)
        restrictions.filter(restriction_type=GROUPS).delete()
        restrictions.get_or_create(collection=collection, restriction_type=LOGIN)


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0004_roles_as_permissions"),
        ("showcase", "0009_roles_data"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
