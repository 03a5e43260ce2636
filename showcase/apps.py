from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcaseConfig(AppConfig):
    name = "showcase"
    label = "showcase"
    verbose_name = _("Showcase")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import searchable, signals  # noqa: F401
        from .review import notifications

        searchable.register()
        notifications.connect()
        register_scoped_policies()
        register_log_scopes()


def register_scoped_policies():
    """Put the scoped policies in Wagtail's registry, so that every stock view asking it is scoped.

    Registered for the exact document and image classes, which take
    precedence over the policies Wagtail's own apps register in their
    ``ready()`` whatever the order of INSTALLED_APPS.
    """
    from wagtail.documents import get_document_model, get_document_model_string
    from wagtail.images import get_image_model, get_image_model_string
    from wagtail.models import Page
    from wagtail.permissions import register_permission_policy

    from showcase.permissions.grants import JurisdictionEvidence
    from showcase.permissions.policies import (
        ScopedDocumentPermissionPolicy,
        ScopedPagePermissionPolicy,
        ScopedUploadPermissionPolicy,
        register_private_documents,
    )

    register_permission_policy(Page, ScopedPagePermissionPolicy(Page))
    register_permission_policy(
        get_document_model(),
        ScopedDocumentPermissionPolicy(
            get_document_model_string(), auth_model="wagtaildocs.Document", owner_field_name="uploaded_by_user"
        ),
        exact_class=True,
    )
    register_permission_policy(
        get_image_model(),
        ScopedUploadPermissionPolicy(
            get_image_model_string(), auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
        ),
        exact_class=True,
    )
    register_private_documents(JurisdictionEvidence())


def register_log_scopes():
    """Whose history of the showcase's models, tokens and uploads the site history shows to whom."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import APIToken
    from wagtail.permissions import policy_registry
    from wagtail.users.utils import get_manageable_token_owners

    from showcase.models import Jurisdiction, Liaison, Unit
    from showcase.permissions.scope import register_log_scope, tenant_scope

    def in_jurisdictions(model, lookup):
        def scope(user):
            jurisdictions = tenant_scope(user)
            if jurisdictions.national:
                return None
            return model.objects.filter(**{f"{lookup}__in": jurisdictions.jurisdiction_ids})

        return scope

    def uploads(model):
        def scope(user):
            return policy_registry.get_by_type(model).instances_user_has_any_permission_for(user, ["choose", "change"])

        return scope

    register_log_scope(Jurisdiction, in_jurisdictions(Jurisdiction, "pk"))
    register_log_scope(Unit, in_jurisdictions(Unit, "jurisdiction"))
    register_log_scope(Liaison, in_jurisdictions(Liaison, "unit__jurisdiction"))
    register_log_scope(APIToken, lambda user: APIToken.objects.filter(user__in=get_manageable_token_owners(user)))
    register_log_scope(get_document_model(), uploads(get_document_model()))
    register_log_scope(get_image_model(), uploads(get_image_model()))
