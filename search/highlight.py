"""Marking the searched words in titles and snippets, for engines that do not do it themselves.

The text is normalised the way queries are (full-width to half-width, one kind
of date dot), so a search for 3.22 marks ３．２２ too; everything outside a
match is escaped, so no markup from a unit's text ever reaches the page.

Only whole words are marked, as the segmenter cuts the text
(``search.segmentation.word_spans``): a searched word or synonym that the
text holds only across two of its words (省水 in 江西省水利厅) is not marked.
A one-character query word is marked wherever it stands: titles are indexed
character by character too, so that is where such a query finds them.
"""

import html
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.segmentation import highlight_words, normalize_for_display, word_spans

SNIPPET_CHARS = 120
CONTEXT_BEFORE = 30


def _pattern(terms):
    words = highlight_words(terms)
    if not words:
        return None
    return re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)


def _matches(text, pattern):
    """The spans of ``text`` to mark: searched words standing as whole words, longest first, never overlapping."""
    spans, boundaries = word_spans(text)
    found, position = [], 0
    while (match := pattern.search(text, position)) is not None:
        start = match.start()
        end = _whole_word_end(text, pattern, start, spans, boundaries)
        if end is None:
            position = start + 1
            continue
        found.append((start, end))
        position = end
    return found


def _whole_word_end(text, pattern, start, spans, boundaries):
    """The end of the longest searched word at ``start`` that is a word of the text or runs between words."""
    for end in sorted({start + len(word) for word in _words_at(text, pattern, start)}, reverse=True):
        if (start, end) in spans or (start in boundaries and end in boundaries) or end - start == 1:
            return end
    return None


def _words_at(text, pattern, start):
    words, end = [], len(text)
    while end > start and (match := pattern.match(text, start, end)) is not None:
        words.append(match.group(0))
        end = match.end() - 1
    return words


def _marked(text, pattern):
    parts, position = [], 0
    for start, end in _matches(text, pattern):
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
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
    first = _matches(text, pattern)[:1] if pattern else []
    start = max(0, first[0][0] - CONTEXT_BEFORE) if first else 0
    window = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    body = _marked(window, pattern) if pattern else escape(window)
    return mark_safe(f"{prefix}{body}{suffix}")


_MARKS = re.compile(r"</?mark>")


def remarked(fragment, terms):
    """An engine's highlighted fragment (escaped HTML with ``<mark>``) marked again here, by whole words.

    Elasticsearch marks what its analyzer matched, pairs of characters, so it
    marks 省水 inside 江西省水利厅 too; its fragment choice is kept, its marks are not.
    """
    return highlight_title(html.unescape(_MARKS.sub("", fragment)), terms)
