"""Searching the Elasticsearch index: the same request, filters and answer shape as the database engine.

A query is what ``search.segmentation.query_terms`` makes of the text: every
term must match, as one of its alternatives (the word and its synonyms) or
as all of its parts. When too few documents hold every term, a second
request finds the best of those holding some but not all of them, answered
apart (see ``search``). Each word is a phrase over the text fields (see the
analyzer in ``documents``), title first.

Facet counts follow the multi-select rule of ``SearchFilters``: the chosen
values narrow the hits through a ``post_filter``, and each facet's counts
come from an aggregation that applies every other facet's filter but not its
own, so choosing 河北 still shows how many items 山西 would add. ``types`` and
``scope_path`` are not choices among facet values but the bounds of the
search, so they sit in the query and narrow the counts too.
"""

from elasticsearch.dsl import Search
from elasticsearch.dsl.query import Bool, MatchAll, MatchNone, MultiMatch, Prefix, Range, Terms

from search.database_engine import PARTIAL_BELOW, PARTIAL_HITS
from search.elastic import client as elastic_client
from search.segmentation import MAX_QUERY_CHARS, normalize
from search.types import FACETS, FEATURED, ITEM_TYPES, EngineResult

FACET_FIELDS = {
    "type": "type",
    "campaign": "campaign",
    "sector": "sectors",
    "region": "regions",
    "jurisdiction": "jurisdiction",
    "rating": "rating",
    "year": "year",
}
# More values than any facet has today (about 350 regions with their cities is the largest).
FACET_SIZE = 500

TEXT_FIELDS = ["title^3", "summary^2", "body", "related_text"]
# A document with the user's own word ranks above one with a synonym, and
# above one that only has the parts of a compound somewhere in it.
SYNONYM_BOOST = 0.8
PARTS_BOOST = 0.5
# A word that is the whole name of the item's unit, sector, region or jurisdiction: found, below the text.
NAME_BOOST = 0.2
# Part of the other fields' scores counts too, so a word in the title and the body beats the title alone.
FIELD_TIE_BREAKER = 0.3

SNIPPET_CHARS = 100
MARK_TAGS = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"]}

# Elasticsearch refuses to page past this many hits (index.max_result_window).
MAX_RESULT_WINDOW = 10_000
# "Did you mean" is offered when a search finds fewer hits than this.
FEW_HITS = 3
MAX_CORRECTIONS = 5
# Fuzzy completion builds an automaton from the whole prefix; past this length
# it grows costly, and typing ahead has long found its title. Longer queries
# get no spelling correction, and typing ahead uses their first characters.
MAX_SUGGEST_PREFIX_CHARS = 20
SUGGEST_FUZZY = {"fuzziness": 1, "prefix_length": 0, "min_length": 2, "unicode_aware": True}
# Typing-ahead is fuzzy only from three characters on and never in the first
# one: below that nearly everything is one edit away.
TYPEAHEAD_FUZZY = {"fuzziness": 1, "prefix_length": 1, "min_length": 3, "unicode_aware": True}

NEWEST = {"first_published_at": {"order": "desc", "missing": "_last"}}
TIE_BREAK = {"page_id": {"order": "desc"}}


def build_search(request, terms):
    """The Elasticsearch request for ``request`` (a ``SearchRequest``) and its ``terms`` (from ``query_terms``).

    Every term is a ``must`` clause: a hit holds them all.
    """
    es_search = Search(index=elastic_client.alias_name()).source(False).extra(track_total_hits=True)
    es_search = es_search.query(_bounded_query(request, [_term_query(term) for term in terms] or [MatchAll()]))
    chosen = _chosen_filters(request)
    if chosen:
        es_search = es_search.post_filter(Bool(filter=list(chosen.values())))
    for facet in FACETS:
        others = [query for other, query in chosen.items() if other != facet]
        bucket = es_search.aggs.bucket(f"facet_{facet}", "filter", filter=Bool(filter=others) if others else MatchAll())
        if facet == "featured":
            bucket.bucket("values", "filter", filter=featured_now())
        else:
            bucket.bucket("values", "terms", field=FACET_FIELDS[facet], size=FACET_SIZE)
    es_search = es_search.sort(*_sort_order(request.sort, bool(terms)))
    start = min(request.offset, MAX_RESULT_WINDOW)
    es_search = es_search[start : min(request.offset + request.per_page, MAX_RESULT_WINDOW)]
    if terms:
        es_search = _with_highlight(es_search)
        typed = _suggest_text(request.text)
        if len(typed) <= MAX_SUGGEST_PREFIX_CHARS:
            es_search = es_search.suggest("did_you_mean", typed, completion=_completion(SUGGEST_FUZZY))
    return es_search


def build_partial_search(request, terms):
    """The request for the documents holding some of the ``terms`` but not all, best first, within the filters.

    Sent only when the search for every term found too little; its hits are
    answered apart, never among the hits.
    """
    every_term = [_term_query(term) for term in terms]
    some_terms = Bool(should=every_term, minimum_should_match=1, must_not=[Bool(must=every_term)])
    es_search = Search(index=elastic_client.alias_name()).source(False).extra(track_total_hits=True)
    es_search = es_search.query(_bounded_query(request, [some_terms]))
    chosen = _chosen_filters(request)
    if chosen:
        es_search = es_search.filter(Bool(filter=list(chosen.values())))
    return _with_highlight(es_search.sort(*_sort_order("relevance", True))[:PARTIAL_HITS])


def search(request, terms):
    """Run ``request`` and answer an ``EngineResult``; ``ElasticsearchUnavailable`` when the cluster cannot.

    As on the database engine, when fewer than ``PARTIAL_BELOW`` documents
    hold every term of a query of several, the first page's answer also
    carries the best of those holding some of them, apart (``partial_ids``).
    """
    client = elastic_client.get_client()
    with elastic_client.unavailable_as_exception("search"):
        body = build_search(request, terms).using(client).execute().to_dict()
        result = result_from_response(body, request)
        if len(terms) > 1 and request.page == 1 and result.total < PARTIAL_BELOW:
            partial_body = build_partial_search(request, terms).using(client).execute().to_dict()
            partial = result_from_response(partial_body, request)
            result.partial_ids, result.partial_total = partial.ids, partial.total
            result.highlights.update(partial.highlights)
    return result


def build_suggest(prefix, limit=8, within=()):
    """The request behind suggest-as-you-type: titles whose words start with ``prefix``; None for an empty one.

    The completion suggester cannot filter by path, so with ``within`` it is
    asked for more options and ``suggest`` keeps those inside the area.
    """
    text = _suggest_text(prefix)[:MAX_SUGGEST_PREFIX_CHARS].strip()
    if not text:
        return None
    completion = _completion(TYPEAHEAD_FUZZY, size=limit * (6 if within else 2))
    es_search = (
        Search(index=elastic_client.alias_name()).source(["title", "path"] if within else ["title"]).extra(size=0)
    )
    return es_search.suggest("titles", text, completion=completion)


def suggest(prefix, limit=8, within=()):
    """Up to ``limit`` titles for what the user has typed so far, below any path of ``within``; popular items first."""
    request = build_suggest(prefix, limit, within)
    if request is None:
        return []
    with elastic_client.unavailable_as_exception("suggest"):
        response = request.using(elastic_client.get_client()).execute().to_dict()
    titles = []
    for entry in response.get("suggest", {}).get("titles", []):
        for option in entry.get("options", []):
            source = option.get("_source", {})
            title = source.get("title")
            if within and not source.get("path", "").startswith(tuple(within)):
                continue
            if title and title not in titles:
                titles.append(title)
    return titles[:limit]


def featured_now():
    """Items whose recommended slot is showing at the moment the search runs."""
    return Range(featured_periods={"gte": "now", "lte": "now"})


def _bounded_query(request, must):
    """The ``must`` clauses within the bounds of the search: its item types and its subtree."""
    bounds = []
    if set(request.types) != set(ITEM_TYPES):
        bounds.append(Terms(type=list(request.types)))
    if request.scope_path:
        bounds.append(Prefix(path=request.scope_path))
    if request.within:
        bounds.append(Bool(should=[Prefix(path=path) for path in request.within], minimum_should_match=1))
    return Bool(must=must, filter=bounds)


def _chosen_filters(request):
    return {facet: _facet_filter(facet, values) for facet in FACETS if (values := getattr(request.filters, facet))}


def _term_query(term):
    """One term as Elasticsearch sees it; ``term.characters`` needs no clause of its own.

    A term is found in the text or, when one of its words is the whole name
    of the item's unit, sector, region or jurisdiction, in ``names`` (low
    score): a name is not text, so 水利 does not find every item of a …水利局.

    Every word is searched as a phrase of its characters (see the analyzer in
    ``documents``), so a word the dictionary does not know already has to
    stand in the text with its characters together and in order.
    """
    options = [_phrase(word, 1.0 if word == term.word else SYNONYM_BOOST) for word in term.alternatives]
    if term.parts:
        options.append(Bool(must=[_phrase(part) for part in term.parts], boost=PARTS_BOOST))
    options.append(Terms(names=[normalize(word) for word in term.alternatives], boost=NAME_BOOST))
    return Bool(should=options, minimum_should_match=1)


def _phrase(word, boost=1.0):
    boosted = {"boost": boost} if boost != 1.0 else {}
    return MultiMatch(query=word, type="phrase", fields=TEXT_FIELDS, tie_breaker=FIELD_TIE_BREAKER, **boosted)


def _facet_filter(facet, values):
    if facet == "featured":
        return featured_now() if FEATURED in values else MatchNone()
    return Terms(**{FACET_FIELDS[facet]: list(values)})


def _sort_order(sort, has_terms):
    if sort == "most_viewed":
        return [{"view_count": {"order": "desc"}}, NEWEST, TIE_BREAK]
    if sort == "relevance" and has_terms:
        return ["_score", NEWEST, TIE_BREAK]
    return [NEWEST, TIE_BREAK]


def _with_highlight(es_search):
    snippet = {"fragment_size": SNIPPET_CHARS, "number_of_fragments": 1}
    return (
        es_search.highlight_options(encoder="html", **MARK_TAGS)
        .highlight("title", number_of_fragments=0)
        .highlight("summary", **snippet)
        .highlight("body", **snippet)
    )


def _suggest_text(text):
    return normalize(text)[:MAX_QUERY_CHARS]


def _completion(fuzzy, size=MAX_CORRECTIONS * 2):
    return {"field": "title_suggest", "size": size, "skip_duplicates": True, "fuzzy": fuzzy}


def result_from_response(body, request):
    """An ``EngineResult`` from a search response body (a dict as Elasticsearch sends it)."""
    hits = body.get("hits", {})
    total = hits.get("total", {}).get("value", 0)
    ids, highlights = [], {}
    for hit in hits.get("hits", []):
        page_id = int(hit["_id"])
        ids.append(page_id)
        marked = _highlight_of(hit.get("highlight", {}))
        if marked:
            highlights[page_id] = marked
    return EngineResult(
        ids=ids,
        total=total,
        facet_counts=_facet_counts(body.get("aggregations", {})),
        highlights=highlights,
        suggestions=_corrections(body, request.text) if total < FEW_HITS else [],
        engine="elasticsearch",
    )


def _highlight_of(fields):
    marked = {}
    if fields.get("title"):
        marked["title"] = fields["title"][0]
    snippet = fields.get("summary") or fields.get("body")
    if snippet:
        marked["snippet"] = snippet[0]
    return marked


def _facet_counts(aggregations):
    counts = {}
    for facet in FACETS:
        values = aggregations.get(f"facet_{facet}", {}).get("values", {})
        if facet == "featured":
            counts[facet] = {FEATURED: values["doc_count"]} if values.get("doc_count") else {}
        else:
            counts[facet] = {str(bucket["key"]): bucket["doc_count"] for bucket in values.get("buckets", [])}
    return counts


def _corrections(body, text):
    """What the user probably meant: the start of each fuzzily matched title, as long as what they typed.

    The completion suggester answers with the whole title input that a typo
    still matched (节税宣传 matches 节水宣传进校园活动); the start of it that is
    closest to the query, one character shorter, as long or longer, is the
    corrected query.
    """
    query = _suggest_text(text)
    corrections = []
    for entry in body.get("suggest", {}).get("did_you_mean", []):
        for option in entry.get("options", []):
            candidate = _closest_prefix(query, normalize(option.get("text", "")))
            if candidate and candidate != query and candidate not in corrections:
                corrections.append(candidate)
    return corrections[:MAX_CORRECTIONS]


def _closest_prefix(query, matched):
    lengths = [length for length in (len(query), len(query) - 1, len(query) + 1) if 0 < length <= len(matched)]
    prefixes = [matched[:length].strip() for length in lengths]
    return min(prefixes, key=lambda prefix: _edit_distance(query, prefix), default="")


def _edit_distance(first, second):
    previous = list(range(len(second) + 1))
    for row, first_char in enumerate(first, 1):
        current = [row]
        for column, second_char in enumerate(second, 1):
            current.append(
                min(previous[column] + 1, current[column - 1] + 1, previous[column - 1] + (first_char != second_char))
            )
        previous = current
    return previous[-1]
