from django.db import migrations

NATIONAL_EDITORS = "国家级编辑 National editors"
PAGE_CODENAMES = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
SNIPPET_MODELS = ["sector", "region", "recommendedslot"]


def create_national_editors(apps, schema_editor):
    """National editors run every campaign: full page rights from the tree root, the showcase snippets and media."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    group, _created = Group.objects.get_or_create(name=NATIONAL_EDITORS)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for model in SNIPPET_MODELS:
        for action in ("add", "change", "delete"):
            group.permissions.add(
                Permission.objects.get(content_type__app_label="showcase", codename=f"{action}_{model}")
            )
    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        for codename in PAGE_CODENAMES:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root_page,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for app_label, codenames in {
            "wagtailimages": ["add_image", "change_image", "choose_image"],
            "wagtaildocs": ["add_document", "change_document", "choose_document"],
        }.items():
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
                )


def remove_national_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=NATIONAL_EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("showcase", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_national_editors, remove_national_editors)]
