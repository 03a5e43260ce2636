from django import template

from search import registry, service

register = template.Library()


@register.filter
def item_type_label(page):
    """活动 / 视频 / 新闻 for a hit's page, whichever class the page was loaded as."""
    item_type = registry.item_type_of(page.specific_class or type(page))
    return item_type.label if item_type is not None else ""


@register.simple_tag(takes_context=True)
def content_version(context):
    """A key that changes with every published change: the site's navigation and footer are cached under it.

    A listing has just brought the facet index up to date and put its version
    in the context; other pages bring it up to date here.
    """
    return context.get("content_version") or service.content_version()
