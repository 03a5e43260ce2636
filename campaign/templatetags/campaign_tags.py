from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import timezone, translation
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """Open Graph consumers need absolute URLs; build one from the current request."""
    request = context.get("request")
    if not url or request is None:
        return url or ""
    return request.build_absolute_uri(url)


@register.simple_tag(takes_context=True)
def language_versions(context):
    """[(code, name, address, current)]: this page in every language of the site, for the switch and hreflang.

    The language is part of the address (Chinese unprefixed, English under
    ``/en/``), so switching is a plain link and needs no cookie.
    """
    request = context.get("request")
    if request is None:
        return []
    current = translation.get_language()
    path = request.get_full_path()
    return [(code, name, translate_url(path, code), code == current) for code, name in settings.LANGUAGES]


@register.simple_tag(takes_context=True)
def site_home(context):
    """The campaign or office whose header and footer frame the page.

    A Wagtail page names its own; a view that is not a page (the search,
    the points table, certificates) takes the home of the site that serves it.
    """
    page = context.get("page")
    home = getattr(page, "site_home", None)
    if home is not None:
        return home
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    root = site.root_page.specific if site else None
    return root if getattr(root, "is_site_home", False) else None


@register.inclusion_tag("campaign/includes/site_nav.html", takes_context=True)
def campaign_nav(context, campaign):
    """The campaign's main navigation: its news, bulletins and the pages marked “show in menus”."""
    current = context.get("page")
    items = []
    if campaign:
        items = list(campaign.get_children().live().public().in_menu().specific())
    return {
        "campaign": campaign,
        "menu_pages": items,
        "current": current,
        "request": context.get("request"),
    }


@register.filter
def is_today_or_past(day):
    return day is not None and day <= timezone.localdate()


@register.simple_tag
def api_token_expiry(token):
    """The day an API token stops working (see campaign.api.tokens)."""
    from campaign.api.tokens import expires_at

    return expires_at(token)
