"""Bump the content generation whenever something the public can see may have changed.

Publishing, unpublishing, moving and deleting pages are Wagtail's signals; the
campaign apps' own models (units, jurisdictions, taxonomies, recommended
slots, ratings, assessment results) are caught by their saves and deletes.
Bumping too often only costs a revalidation; bumping too rarely would serve
stale content, so the net is wide.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

PUBLIC_CONTENT_APPS = ("campaign", "showcase", "assessment")


def _bump(**kwargs):
    from campaign.models import ContentGeneration

    ContentGeneration.bump()


def _bump_for_model(sender, **kwargs):
    from campaign.models import ContentGeneration

    if sender._meta.app_label not in PUBLIC_CONTENT_APPS or sender is ContentGeneration:
        return
    # Migrations save through historical models, before this table may exist; they change no public content.
    if apps.get_model(sender._meta.label) is not sender:
        return
    ContentGeneration.bump()


def connect():
    page_published.connect(_bump, dispatch_uid="freshness-published")
    page_unpublished.connect(_bump, dispatch_uid="freshness-unpublished")
    post_page_move.connect(_bump, dispatch_uid="freshness-moved")
    post_delete.connect(_bump, sender=Page, dispatch_uid="freshness-page-deleted")
    post_save.connect(_bump, sender=PageViewRestriction, dispatch_uid="freshness-restriction-saved")
    post_delete.connect(_bump, sender=PageViewRestriction, dispatch_uid="freshness-restriction-deleted")
    post_save.connect(_bump_for_model, dispatch_uid="freshness-model-saved")
    post_delete.connect(_bump_for_model, dispatch_uid="freshness-model-deleted")
