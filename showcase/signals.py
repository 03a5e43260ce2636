"""Keep derived showcase data in step with the page tree and the directory."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_unpublished, post_page_move

from showcase.models import (
    ActivityPage,
    Jurisdiction,
    JurisdictionPage,
    RecommendedSlot,
    ShowcaseIndexPage,
    ShowcaseItemPage,
    VideoPage,
)
from showcase.models.pages import jurisdiction_page_of


@receiver(post_save, sender=Jurisdiction)
def set_up_new_jurisdiction(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from showcase.permissions.grants import set_up_jurisdiction

        set_up_jurisdiction(instance)


@receiver(post_save, sender=JurisdictionPage)
def grant_new_jurisdiction_page(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from showcase.permissions.grants import grant_jurisdiction_page

        grant_jurisdiction_page(instance)


@receiver(post_save, sender=ShowcaseIndexPage)
def review_new_showcase(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from showcase.review.workflow import assign_tiered_review

        assign_tiered_review(instance)


# Wagtail sends its page signals with the page's most specific class: one receiver per item class.
@receiver(post_page_move, sender=ActivityPage)
@receiver(post_page_move, sender=VideoPage)
def refresh_jurisdiction_after_move(sender, instance, **kwargs):
    """An item moved to another jurisdiction's page takes that jurisdiction."""
    item = ShowcaseItemPage.objects.get(pk=instance.pk)
    parent = jurisdiction_page_of(item)
    if parent is not None:
        ShowcaseItemPage.objects.filter(pk=item.pk).update(jurisdiction=parent.jurisdiction_id)


@receiver(page_unpublished, sender=ActivityPage)
@receiver(page_unpublished, sender=VideoPage)
def unpublished_item_leaves_its_slots(sender, instance, **kwargs):
    RecommendedSlot.objects.filter(item_id=instance.pk).delete()
