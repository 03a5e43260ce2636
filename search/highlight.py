"""Marking the searched words in titles and snippets, for engines that do not do it themselves.

The text is normalised the way queries are (full-width to half-width, one kind
of date dot), so a search for 3.22 marks ３．２２ too; everything outside a
match is escaped, so no markup from a unit's text ever reaches the page.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.segmentation import highlight_words, normalize_for_display

SNIPPET_CHARS = 120
CONTEXT_BEFORE = 30


def _pattern(terms):
    words = highlight_words(terms)
    if not words:
        return None
    return re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)


def _marked(text, pattern):
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    return "".join(parts)


def highlight_title(title, terms):
    """The title with every searched word marked (safe HTML)."""
    text = normalize_for_display(title)
    pattern = _pattern(terms)
    # Every part is escaped by _marked or escape.
    return mark_safe(_marked(text, pattern) if pattern else escape(text))


def snippet(text, terms, length=SNIPPET_CHARS):
    """About ``length`` characters of ``text`` around the first searched word, words marked (safe HTML)."""
    text = normalize_for_display(text)
    pattern = _pattern(terms)
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - CONTEXT_BEFORE) if first else 0
    window = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    body = _marked(window, pattern) if pattern else escape(window)
    return mark_safe(f"{prefix}{body}{suffix}")
