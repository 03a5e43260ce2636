"""Short ASCII slugs for pages with Chinese titles.

Wagtail would slug a Chinese title as the title itself, which becomes about
300 percent-encoded characters in a shared link, cut by chat apps. Pinyin
keeps the link readable and short; digits and Latin letters are kept, other
characters are dropped, and a title with nothing left gives ``fallback``.
"""

from django.utils.text import slugify
from pypinyin import lazy_pinyin

MAX_SLUG_LENGTH = 50


def _kept_as_written(characters):
    """Digits and Latin letters in a title (年份, 0.6 升) stay in the link; slugify drops the rest."""
    return characters


def pinyin_slug(text, fallback="item"):
    """``2026年节水进社区`` → ``2026-nian-jie-shui-jin-she-qu``, at most ``MAX_SLUG_LENGTH`` characters."""
    slug = slugify(" ".join(lazy_pinyin(text or "", errors=_kept_as_written)), allow_unicode=False)
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0]
    return slug or fallback


def available_slug(base, parent, exclude=None):
    """``base``, or ``base-2``, ``base-3``… : the first slug no other child of ``parent`` uses."""
    # Only ``base`` and ``base-N`` can clash: a jurisdiction with thousands of items sends back only those.
    siblings = parent.get_children().filter(slug__startswith=base).exclude(pk=getattr(exclude, "pk", None))
    taken = set(siblings.values_list("slug", flat=True))
    candidate, suffix = base, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate


def is_ascii_slug(slug):
    return bool(slug) and slug.isascii()
