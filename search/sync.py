"""Keeping the search index in step with what the public may see.

Wagtail indexes a page when it is saved, but it neither removes a page that
is unpublished (the stale entry would stay searchable) nor reindexes pages
whose visibility changes because an ancestor gained a view restriction. Our
pages index only their live, public state (``CampaignBasePage.get_indexed_objects``),
so these handlers add or remove the pages concerned. The Elasticsearch index,
when configured, follows the same events through ``search.elastic.sync``.

The same events are logged for the facet index every worker keeps in memory
(``search.facet_index``): a saved, published, unpublished or deleted item, a
rating, a move, a view restriction, a renamed sector, region or jurisdiction.
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from modelsearch import index
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from search import facet_index


def _refresh_database_index(page):
    page = page.specific_deferred if isinstance(page, Page) else page
    if index.get_indexed_instance(page) is not None:
        index.insert_or_update_object(page)
    else:
        index.remove_object(page)


def _refresh_elasticsearch(page_ids):
    if settings.ELASTICSEARCH_URL:
        from search.elastic import sync as elastic_sync

        elastic_sync.refresh_pages(page_ids)


def refresh_page(page):
    """Put ``page`` in the index if the public may see it, take it out otherwise."""
    _refresh_database_index(page)
    _refresh_elasticsearch([page.pk])


def refresh_subtree(page):
    """After a move or a change of view restriction, every page below may have changed visibility."""
    descendants = list(page.get_descendants(inclusive=True).specific(defer=True))
    for descendant in descendants:
        _refresh_database_index(descendant)
    _refresh_elasticsearch([descendant.pk for descendant in descendants])


def _on_published(sender, instance, **kwargs):
    # Wagtail's own post_save handler has already put the live page in the database index.
    _refresh_elasticsearch([instance.pk])


def _on_unpublished(sender, instance, **kwargs):
    refresh_page(instance)


def _on_moved(sender, instance, **kwargs):
    refresh_subtree(instance)


def _on_slug_changed(sender, instance, **kwargs):
    # The database index holds no URLs; only Elasticsearch documents carry them.
    if settings.ELASTICSEARCH_URL:
        _refresh_elasticsearch(list(instance.get_descendants(inclusive=True).values_list("pk", flat=True)))


def _on_restriction_changed(sender, instance, **kwargs):
    if instance.page_id:
        page = Page.objects.filter(pk=instance.page_id).first()
        if page is not None:
            refresh_subtree(page)


def _log_page(sender, instance, **kwargs):
    from campaign.models import CampaignHomePage
    from showcase.models import ShowcaseIndexPage

    if isinstance(instance, (CampaignHomePage, ShowcaseIndexPage)):
        # Their titles and slugs name the campaign facet; a showcase says whether ratings are public.
        facet_index.log_change()
    elif isinstance(instance, Page):
        facet_index.log_change(instance.pk)


def _log_everything(sender, **kwargs):
    facet_index.log_change()


def _log_rating(sender, instance, **kwargs):
    facet_index.log_change(instance.item_id)


def connect():
    page_published.connect(_on_published, dispatch_uid="search-page-published")
    page_unpublished.connect(_on_unpublished, dispatch_uid="search-page-unpublished")
    post_page_move.connect(_on_moved, dispatch_uid="search-page-moved")
    page_slug_changed.connect(_on_slug_changed, dispatch_uid="search-page-slug-changed")
    post_save.connect(_on_restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-saved")
    post_delete.connect(_on_restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-deleted")
    connect_facet_log()


def connect_facet_log():
    from showcase.models import ItemRating, Jurisdiction, Region, Sector

    post_save.connect(_log_page, dispatch_uid="facets-page-saved")
    post_delete.connect(_log_page, dispatch_uid="facets-page-deleted")
    post_page_move.connect(_log_everything, dispatch_uid="facets-page-moved")
    for model in (PageViewRestriction, Sector, Region, Jurisdiction):
        post_save.connect(_log_everything, sender=model, dispatch_uid=f"facets-{model.__name__}-saved")
        post_delete.connect(_log_everything, sender=model, dispatch_uid=f"facets-{model.__name__}-deleted")
    post_save.connect(_log_rating, sender=ItemRating, dispatch_uid="facets-rating-saved")
    post_delete.connect(_log_rating, sender=ItemRating, dispatch_uid="facets-rating-deleted")
