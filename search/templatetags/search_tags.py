from django import template

from search.service import TYPE_LABELS

register = template.Library()


@register.filter
def item_type_label(page):
    """活动 / 视频 / 新闻 for a hit's page, whichever class the page was loaded as."""
    return TYPE_LABELS.get(getattr(page, "item_type", "news"), "")


@register.simple_tag(takes_context=True)
def content_version(context):
    """A key that changes with every published change: the site's navigation and footer are cached under it.

    A listing has just brought the facet index up to date and put its version
    in the context; other pages bring it up to date here.
    """
    from search import facet_index

    return context.get("content_version") or facet_index.current().version
