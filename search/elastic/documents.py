"""The Elasticsearch index: one document per public activity, video and news item.

The analyzer
------------
Chinese has no spaces, and a plugin analyzer (IK, smartcn) is not something
every cluster we may be given has installed. Of the built-in choices, the
``cjk`` analyzer indexes overlapping character pairs (节水宣传 gives 节水, 水宣,
宣传): any query of two or more characters is then a phrase of pairs, which
finds exactly the texts containing it. It has no single characters, so a
one-character query (水, 河) finds nothing, and a query whose character stands
alone between digits (the 日 of 3月22日) misses every text where another
character follows it (3月22日开展).

So text is indexed with a custom chain that also keeps single characters:
``standard`` tokenizer (one token per Han character, Latin words and numbers
such as 3.22 whole), ``cjk_width`` (full-width letters and digits to
half-width, like the database engine's normalization), ``lowercase``, and
``cjk_bigram`` with ``output_unigrams: true``. Queries are analyzed by the same
chain without unigrams, and every query word is a ``match_phrase``: its pairs
must stand next to each other in the text, while a lone character (or a word
next to no other Han character) is looked up as the single character it is.
A date's dots (3·22, 3．22) become one dot before tokenizing, as in
``search.segmentation``.

Measured with the same Lucene filters (Debian's Lucene 8.7; the filters are
unchanged in the Lucene 9 of Elasticsearch 8) on 3,000 texts built from the
demo's activity and video templates and 38 queries (7 of one character),
counting a match right when the query occurs in the text (method and
figures in ``tests/search/elastic/analyzer_measurement/``):

=====================================================  =========  ======  =========  =========
index / query analysis                                  precision  recall  1-char ok  per query
=====================================================  =========  ======  =========  =========
built-in ``cjk``, match_phrase                          1.000      0.643   0 of 7     405 µs
pairs + characters both sides, match_phrase             1.000      1.000   7 of 7     1,118 µs
pairs + characters both sides, match (AND)              0.983      1.000   7 of 7     449 µs
pairs + characters indexed, pairs searched, phrase      1.000      1.000   7 of 7     71 µs
=====================================================  =========  ======  =========  =========

The last row is what this module uses. The second finds the same texts, but
its queries are token graphs that Lucene runs as span queries, far slower
than the plain phrase of pairs; the third also matches texts that hold the
characters apart. The cost is an index about twice as large (845,000 tokens
against 405,000; 1.38 MB against 0.71 MB here). Synonyms and dictionary
compounds come from ``search.segmentation.query_terms``, as on the database
engine, not from the analyzer, so both engines agree on what a query means.

What goes in
------------
Only live pages without a view restriction, loaded afresh from the database
(a revision's page object carries draft content), and only what their public
pages show: no evidence documents, liaisons, unit addresses, reviewers'
comments or private ratings. Facets are keyword fields holding the stable keys
of ``search.types.SearchFilters``; a recommended slot is stored as its display
period, so "featured" follows the clock without reindexing.
"""

import re
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from elasticsearch.dsl import (
    Completion,
    Date,
    DateRange,
    Document,
    Integer,
    Keyword,
    MetaField,
    Text,
    analyzer,
    char_filter,
    token_filter,
)
from wagtail.models import Page

from search import registry
from search.segmentation import index_tokens, normalize

CAMPAIGN_TIMEZONE = ZoneInfo("Asia/Shanghai")

# Completion inputs longer than this are cut by Elasticsearch; titles rarely are.
SUGGEST_INPUT_CHARS = 50
# A title gives itself and the rest of it from each word on, so 校园 suggests
# 节水宣传进校园活动; a long title stops at this many inputs.
MAX_SUGGEST_INPUTS = 12
# Completion weights must stay below 2**31; views beyond this rank alike.
MAX_SUGGEST_WEIGHT = 1_000_000

date_dots = char_filter(
    "date_dots",
    type="pattern_replace",
    pattern=r"(?<=[0-9０-９])\s*[·•・．。﹒‧∙]\s*(?=[0-9０-９])",
    replacement=".",
)
cjk_pairs_and_characters = token_filter("cjk_pairs_and_characters", type="cjk_bigram", output_unigrams=True)

chinese_index = analyzer(
    "chinese_index",
    tokenizer="standard",
    char_filter=[date_dots],
    filter=["cjk_width", "lowercase", cjk_pairs_and_characters],
)
chinese_query = analyzer(
    "chinese_query",
    tokenizer="standard",
    char_filter=[date_dots],
    filter=["cjk_width", "lowercase", "cjk_bigram"],
)
# Completion matches a prefix of the whole input, so the input stays one token.
title_prefix = analyzer("title_prefix", tokenizer="keyword", char_filter=[date_dots], filter=["cjk_width", "lowercase"])


def chinese_text(**kwargs):
    """A text field searched by phrases of pairs; offsets stored so long bodies highlight without reanalysis."""
    return Text(analyzer=chinese_index, search_analyzer=chinese_query, index_options="offsets", **kwargs)


class ItemDocument(Document):
    page_id = Integer()
    type = Keyword()
    title = chinese_text()
    title_suggest = Completion(analyzer=title_prefix, max_input_length=SUGGEST_INPUT_CHARS)
    summary = chinese_text()
    body = chinese_text()
    # The venue and the keywords: found, never highlighted.
    related_text = chinese_text()
    # The names of the unit, sectors, regions and jurisdiction, normalised: found only by a whole name.
    names = Keyword(multi=True)
    campaign = Keyword()
    sectors = Keyword(multi=True)
    regions = Keyword(multi=True)
    jurisdiction = Keyword()
    rating = Keyword()
    year = Keyword()
    featured_periods = DateRange(multi=True)
    path = Keyword()
    first_published_at = Date()
    view_count = Integer()

    class Index:
        name = settings.ELASTICSEARCH_INDEX
        settings = {
            "number_of_shards": 1,
            # One node in development (compose), a replica as soon as a second node joins.
            "auto_expand_replicas": "0-1",
        }

    class Meta:
        # A field the mapping does not name is a bug here, not something to guess a type for.
        dynamic = MetaField("strict")


def index_definition():
    """Settings and mappings of a new index, as sent when one is created."""
    return ItemDocument._index.to_dict()


class Ancestry:
    """What an item inherits from the pages above it: its campaign's slug and where its facets apply.

    Campaigns and the subtrees of scoped facets (zones showing ratings) are
    few, so they are read once for a whole batch and looked up by the item's
    materialized path instead of one query per item.
    """

    def __init__(self):
        self.campaign_slugs = dict(registry.campaigns().model.objects.values_list("path", "slug"))
        self.scopes = {facet.name: facet.scope() for facet in registry.facets() if facet.scope is not None}
        self.value_names = defaultdict(list)
        for facet in registry.facets():
            for value, name in facet.names() if facet.names is not None else ():
                self.value_names[facet.name, value].append(name)

    @staticmethod
    def _nearest(mapping, path):
        for end in range(len(path) - Page.steplen, 0, -Page.steplen):
            if path[:end] in mapping:
                return mapping[path[:end]]
        return None

    def campaign_slug(self, page):
        return self._nearest(self.campaign_slugs, page.path)

    def applies(self, facet, page):
        """Whether ``facet`` applies to ``page``: always, or below one of the subtrees of its scope."""
        scope = self.scopes.get(facet.name)
        return scope is None or any(page.path.startswith(path) for path in scope)


def indexed_models():
    return list(registry.type_models().values())


def indexable(model):
    """The pages of ``model`` that may be indexed, with what their documents read."""
    return registry.item_type_of(model).indexable(model.objects.live().public())


def count_indexable():
    return sum(indexable(model).count() for model in indexed_models())


def iter_documents(chunk_size=500):
    """Every document the index should hold, for a rebuild."""
    ancestry = Ancestry()
    for model in indexed_models():
        for page in indexable(model).order_by("pk").iterator(chunk_size=chunk_size):
            yield build_document(page, ancestry)


def documents_for(page_ids):
    """``{page_id: document or None}`` for the ids that are, or may have been, items; None where none may be indexed.

    Pages of other types (a campaign, a jurisdiction page) are left out: they
    never had a document. Ids of pages that no longer exist map to None, as
    they may have been items.
    """
    page_ids = set(page_ids)
    documents = dict.fromkeys(page_ids)
    by_model = defaultdict(list)
    for page_id, content_type_id in Page.objects.filter(pk__in=page_ids).values_list("pk", "content_type_id"):
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model in indexed_models():
            by_model[model].append(page_id)
        else:
            del documents[page_id]
    if by_model:
        ancestry = Ancestry()
        for model, ids in by_model.items():
            for page in indexable(model).filter(pk__in=ids):
                documents[page.pk] = build_document(page, ancestry)
    return documents


def document_for(page):
    """The document of ``page`` as the public sees it now; None when it is not live and public."""
    return documents_for([page.pk]).get(page.pk)


def build_document(page, ancestry):
    """The document of a page loaded through ``indexable``."""
    item_type = registry.item_type_of(type(page))
    published = page.first_published_at
    document = ItemDocument(
        meta={"id": page.pk},
        page_id=page.pk,
        type=item_type.key,
        title=page.title,
        title_suggest=_suggest_entry(page),
        summary=page.summary,
        body=_body_text(page) or None,
        campaign=ancestry.campaign_slug(page),
        path=page.path,
        first_published_at=published,
        year=str(published.astimezone(CAMPAIGN_TIMEZONE).year) if published else None,
        view_count=getattr(page, "view_count", 0),
    )
    names = item_type.own_names(page)
    for facet in registry.facets():
        values = facet.values_of(page) if ancestry.applies(facet, page) else []
        setattr(
            document, FACET_FIELDS[facet.name], sorted(set(values)) if facet.many else (values[0] if values else None)
        )
        names += [name for value in values for name in ancestry.value_names[facet.name, value]]
    document.names = list(dict.fromkeys(normalize(name) for name in names if name)) or None
    document.featured_periods = [_period(*period) for period in registry.featured().periods_of(page)]
    related = item_type.related_names(page)
    document.related_text = "\n".join(dict.fromkeys(word for word in related if word)) or None
    return document


# The document field holding each facet's keys.
FACET_FIELDS = {"sector": "sectors", "region": "regions", "jurisdiction": "jurisdiction", "rating": "rating"}


def _period(starts_at, ends_at):
    """A display window; an open end is simply left out, which Elasticsearch reads as unbounded."""
    period = {}
    if starts_at:
        period["gte"] = starts_at
    if ends_at:
        period["lt"] = ends_at
    return period


def _body_text(page):
    """The plain text Wagtail itself would index for the page's body fields (block text, no markup, no files)."""
    parts = []
    for name in registry.item_type_of(type(page)).body_fields:
        field = page._meta.get_field(name)
        parts += [str(text) for text in field.get_searchable_content(getattr(page, name)) if text]
    return "\n".join(" ".join(part.split()) for part in parts if part.strip())


def _suggest_entry(page):
    return {"input": suggest_inputs(page.title), "weight": 1 + min(getattr(page, "view_count", 0), MAX_SUGGEST_WEIGHT)}


def suggest_inputs(title):
    """The title and the rest of it from the start of each word of two or more characters, longest first."""
    text = normalize(title)
    starts = {0}
    for word in index_tokens(text):
        if len(word) < 2:
            continue
        starts.update(match.start() for match in re.finditer(re.escape(word), text))
    inputs = [text[start:].strip() for start in sorted(starts)]
    inputs = [entry for entry in dict.fromkeys(inputs) if len(entry) > 1 or entry == text]
    return inputs[:MAX_SUGGEST_INPUTS]
