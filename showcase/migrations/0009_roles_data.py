from django.db import migrations

NATIONAL_EDITORS = "国家级编辑 National editors"
EVIDENCE_ROOT_NAME = "佐证材料 Evidence"
NATIONAL_PERMISSIONS = [
    "view_every_jurisdiction",
    "file_outside_window",
    "import_liaisons",
    "view_review_report",
    "add_jurisdiction",
    "change_jurisdiction",
    "delete_unit",
    "delete_liaison",
]
DIRECTORY_MODERATION = [
    "view_jurisdiction",
    "view_unit",
    "add_unit",
    "change_unit",
    "view_liaison",
    "add_liaison",
    "change_liaison",
]
GROUPS, LOGIN = "groups", "login"


def national_editors(apps):
    """The national editors, whatever the group is called now: migration 0002 gave only them the slots."""
    Group = apps.get_model("auth", "Group")
    holders = Group.objects.filter(
        permissions__content_type__app_label="showcase", permissions__codename="add_recommendedslot"
    ).distinct()
    return holders if holders.exists() else Group.objects.filter(name=NATIONAL_EDITORS)


def forwards(apps, schema_editor):
    """Roles become permissions; jurisdictions name their administering office and evidence collection.

    The liaisons whom the old import made moderators because their unit had no
    parent, while it is not the jurisdiction's administering office, are
    moved to the jurisdiction's submitters.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Permission = apps.get_model("auth", "Permission")
    Jurisdiction = apps.get_model("showcase", "Jurisdiction")
    Unit = apps.get_model("showcase", "Unit")
    Liaison = apps.get_model("showcase", "Liaison")
    Collection = apps.get_model("wagtailcore", "Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")

    def showcase_permissions(codenames):
        return Permission.objects.filter(content_type__app_label="showcase", codename__in=codenames)

    for group in national_editors(apps):
        group.permissions.add(*showcase_permissions(NATIONAL_PERMISSIONS + DIRECTORY_MODERATION))

    evidence_root = Collection.objects.filter(depth=2, name=EVIDENCE_ROOT_NAME).first()
    for jurisdiction in Jurisdiction.objects.all():
        if jurisdiction.moderators_id:
            jurisdiction.moderators.permissions.add(*showcase_permissions(DIRECTORY_MODERATION))
        if jurisdiction.administering_office_id is None:
            office = Unit.objects.filter(jurisdiction=jurisdiction, name=jurisdiction.name).first()
            jurisdiction.administering_office = office
        if evidence_root is not None and jurisdiction.evidence_collection_id is None:
            jurisdiction.evidence_collection = Collection.objects.filter(
                path__startswith=evidence_root.path,
                depth=evidence_root.depth + 1,
                name=f"{jurisdiction.short_name} ({jurisdiction.code})",
            ).first()
        jurisdiction.save(update_fields=["administering_office", "evidence_collection"])
        if jurisdiction.evidence_collection_id:
            restrictions = CollectionViewRestriction.objects.filter(collection=jurisdiction.evidence_collection)
            restrictions.filter(restriction_type=GROUPS).delete()
            restrictions.get_or_create(collection=jurisdiction.evidence_collection, restriction_type=LOGIN)
        if jurisdiction.moderators_id and jurisdiction.submitters_id:
            accidental = Liaison.objects.filter(
                unit__jurisdiction=jurisdiction, user__groups=jurisdiction.moderators
            ).exclude(unit_id=jurisdiction.administering_office_id)
            for liaison in accidental.select_related("user"):
                liaison.user.groups.remove(jurisdiction.moderators)
                liaison.user.groups.add(jurisdiction.submitters)


class Migration(migrations.Migration):
    dependencies = [
        ("showcase", "0008_roles_as_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
