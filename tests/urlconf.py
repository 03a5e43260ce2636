"""The routes of the URL configuration, for the tests that walk every URL instead of a hand-kept list."""

from django.urls import URLPattern, URLResolver, get_resolver


def routes(resolver=None, prefix=""):
    """Every route as one string (``admin/pages/<int:page_id>/edit/``, regex routes as they are written)."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)
