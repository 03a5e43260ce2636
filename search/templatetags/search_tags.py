from django import template

from search.service import TYPE_LABELS

register = template.Library()


@register.filter
def item_type_label(page):
    """活动 / 视频 / 新闻 for a hit's page, whichever class the page was loaded as."""
    return TYPE_LABELS.get(getattr(page, "item_type", "news"), "")
