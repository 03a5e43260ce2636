"""The search engine on the database: Wagtail's (segmenting) backend for the text, the facet index for the rest.

Hits are ``Page`` rows of the searchable types, so one ranking covers
activities, videos and news together. The text match is the backend's own
compiled query (FTS5 ``MATCH`` or a ``tsquery``) run on the full-text index
alone; filters, totals and each facet's counts (the items that match the text
and every *other* facet's filters) are bitset operations on the worker's
facet index (``search.facet_index``).
"""

import threading
from array import array
from collections import OrderedDict
from itertools import islice
from math import ceil

from django.db.models import Q
from modelsearch.backends import get_search_backend
from wagtail.models import Page

from search import facet_index, registry
from search.backends.segmenting import terms_query
from search.registry import content_type_ids
from search.segmentation import QueryTerm, query_terms, vocabulary
from search.types import FACETS, FEATURED, EngineResult, SearchRequest

# Below this many pages holding every word, the pages holding some of them are offered apart, at most PARTIAL_HITS.
PARTIAL_BELOW = 3
PARTIAL_HITS = 5
# Each suggestion is checked against the index (one unranked full-text query) before it is offered.
MAX_SUGGESTION_CHECKS = 6


def _under_any(paths, prefix="path"):
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{prefix}__startswith": path})
    return condition


def base_queryset(request):
    """Published, public pages of the requested types inside the requested subtree."""
    type_ids = content_type_ids()
    queryset = Page.objects.live().public().filter(content_type_id__in=[type_ids[t] for t in request.types])
    if request.scope_path:
        queryset = queryset.filter(path__startswith=request.scope_path)
    if request.within:
        queryset = queryset.filter(_under_any(request.within))
    return queryset


class FilterContext:
    """What applying filters needs beyond the filters themselves, looked up once per search."""

    def __init__(self, filters):
        self.filters = filters
        self._scopes = {}

    def scope(self, facet):
        """The paths where a facet with a scope applies (the showcases whose ratings are public), read once."""
        if facet.name not in self._scopes:
            self._scopes[facet.name] = facet.scope()
        return self._scopes[facet.name]

    def apply(self, queryset, skip=None):
        filters = self.filters
        joins_many = False
        for name in FACETS:
            values = getattr(filters, name)
            if not values or name == skip:
                continue
            if name == "type":
                type_ids = content_type_ids()
                queryset = queryset.filter(content_type_id__in=[type_ids[t] for t in values if t in type_ids])
            elif name == "campaign":
                queryset = queryset.filter(_campaign_condition(values))
            elif name == "year":
                years = [int(year) for year in values if year.isdigit() and len(year) == 4]
                queryset = queryset.filter(first_published_at__year__in=years)
            elif name == "featured":
                queryset = queryset.filter(pk__in=_featured_item_ids()) if FEATURED in values else queryset
            elif (facet := registry.facet(name)) is not None:
                queryset = queryset.filter(facet.condition(values))
                if facet.scope is not None:
                    queryset = queryset.filter(_under_any(self.scope(facet)))
                joins_many = joins_many or facet.many
        if joins_many:
            queryset = queryset.distinct()
        return queryset


def filter_pages(queryset, filters):
    """``queryset`` (of pages) narrowed to the pages passing ``filters``, by the database alone."""
    return FilterContext(filters).apply(queryset)


def _campaign_condition(slugs):
    paths = registry.campaigns().model.objects.filter(slug__in=slugs).values_list("path", flat=True)
    return _under_any(list(paths))


def _featured_item_ids():
    return registry.featured().item_ids()


def ranked_ids(queryset, terms, start, stop, operator="and"):
    """Ids of the pages of ``queryset`` matching ``terms``, best first, from ``start`` to ``stop``."""
    backend = get_search_backend()
    results = backend.search(terms_query(terms, operator), queryset, order_by_relevance=True)
    return [page.pk for page in results[start:stop]]


def search(request, terms):
    """Run ``request`` (already cut into ``terms``) on the database; see ``search.service.search``.

    The full-text engine says which pages match the words; which of those
    pass the filters, how many there are per facet value and, for the newest
    first, which come first, is read from the facet index (``search.facet_index``).

    A hit holds every word (each as itself, a synonym or its parts). Pages
    holding only some of them are never added to fill the list: when fewer
    than ``PARTIAL_BELOW`` pages hold every word, the first page of the answer
    also carries the best of those pages apart (``partial_ids``), for the
    caller to show under their own heading.
    """
    index = facet_index.current()
    context = FilterContext(request.filters)
    chosen = _filter_bitsets(index, request.filters)
    universe = _universe(index, request)
    by_relevance = request.sort == "relevance"
    text = _text_or_names(index, terms, universe, by_relevance) if terms else None
    matched = universe & text.bitset if text else universe
    passing = _intersection(matched, chosen.values())

    start, stop = request.offset, request.offset + request.per_page
    if text and by_relevance:
        ids = text.ranked(request, context, passing, start, stop)
    elif request.sort == "most_viewed":
        ids = index.most_viewed_ids(passing, start, stop)
    else:
        ids = index.newest_ids(passing, start, stop)
    partial_ids, partial_total = _partial(request, context, index, terms, universe, chosen, passing)
    counts, labels = facet_counts(request, index, matched, chosen)
    return EngineResult(
        ids=ids,
        total=passing.bit_count(),
        facet_counts=counts,
        facet_labels=labels,
        engine="database",
        partial_ids=partial_ids,
        partial_total=partial_total,
    )


def _partial(request, context, index, terms, universe, chosen, passing):
    """``(ids, total)`` of the pages holding some of the words but not all, when too few hold them all.

    Only for a query of several words, on the first page of its answer; best
    match first (the pages holding more of the words before the others),
    within the same filters and scope as the hits.
    """
    if len(terms) < 2 or request.page != 1 or passing.bit_count() >= PARTIAL_BELOW:
        return [], 0
    some = text_match(index, terms, operator="or")
    partial = _intersection(universe & some.bitset, chosen.values()) & ~passing
    return some.ranked(request, context, partial, 0, PARTIAL_HITS), partial.bit_count()


def _text_or_names(index, terms, universe, ranked):
    """The pages holding every term, a term being found in the text or, when it names one, as a unit or facet value.

    Names are not text (``search.registry.Names``): 黄委 finds the items of the
    jurisdiction it names, 河南 those filed under the province, but 水利 finds
    no item for its unit's name. Pages found by a name come after those holding
    every word in their text. A name cut into several words (山西 广播电视台)
    is one term again.
    """
    terms = _names_joined(index, terms)
    named = [index.named(term.alternatives) for term in terms]
    if not any(named):
        return text_match(index, terms, ranked=ranked)
    return NamedMatch(index, terms, named, universe, ranked)


def _names_joined(index, terms):
    """``terms`` with each run of consecutive words that spells a whole name made one term: the name or its words."""
    joined, start = [], 0
    while start < len(terms):
        for stop in range(len(terms), start + 1, -1):
            words = tuple(term.word for term in terms[start:stop])
            name = "".join(words)
            if index.named([name]):
                joined.append(QueryTerm(name, (name,), parts=words))
                start = stop
                break
        else:
            joined.append(terms[start])
            start += 1
    return joined


class NamedMatch:
    """A ``TextMatch`` widened by the names the query's words are (see ``_text_or_names``), ranked the same way."""

    def __init__(self, index, terms, named, universe, ranked):
        self.index = index
        self.text = text_match(index, terms, ranked=ranked)
        unnamed = [term for term, bits in zip(terms, named, strict=True) if not bits]
        self.rest = text_match(index, unnamed, ranked=ranked) if unnamed else None
        bitset = self.rest.bitset if self.rest else universe
        for term, bits in zip(terms, named, strict=True):
            if bits:
                bitset &= text_match(index, [term], ranked=False).bitset | bits
        self.bitset = bitset | self.text.bitset

    def ranked(self, request, context, passing, start, stop):
        in_text = passing & self.text.bitset
        ids = self.text.ranked(request, context, in_text, start, stop)
        found = in_text.bit_count()
        if stop > found:
            by_name = passing & ~self.text.bitset
            window = max(0, start - found), stop - found
            if self.rest is not None:
                ids += self.rest.ranked(request, context, by_name, *window)
            else:
                ids += self.index.newest_ids(by_name, *window)
        return ids


class TextMatch:
    """The pages whose indexed text matches the words, as a bitset of the facet index, and their ranking.

    Where the backend can answer with index entry ids (SQLite FTS5, and
    PostgreSQL through its index on ``title || body``), one query on the
    full-text index alone scores and sorts every match, best first; the set
    and every later ranking of it (any filters, any page) are read from that
    order. A match made only to know whether anything matches (a suggestion)
    skips the scoring, and is ranked when a search first asks. Elsewhere the
    set comes from one unranked query and ranking asks the engine with the
    filters compiled in.
    """

    def __init__(self, index, terms, operator="and", ranked=True):
        self.index, self.terms, self.operator = index, terms, operator
        backend = get_search_backend()
        results = backend.search(terms_query(terms, operator), Page.objects.all(), order_by_relevance=False)
        self.compiler = results.query_compiler
        self.config = self.compiler.get_config(backend)
        self.by_entry = hasattr(self.compiler, "ranked_entry_ids")
        self.best_from_index = self.by_entry and getattr(self.compiler, "ranks_best_from_index", bool)()
        self.best_first = None
        self.best = (0, array("I"), False)  # (candidates asked for, their positions best first, all the matches?)
        if self.by_entry and ranked and not self.best_from_index:
            self._rank()
        elif self.by_entry:
            self.bitset = self._bitset_of_entries(self.compiler.matching_entry_ids(self.config))
        else:
            self.bitset = index.of_ids(results.get_queryset().values_list("pk", flat=True))

    def _positions_of(self, entries):
        found = map(self.index.entry_positions.get, entries)
        # The facet index's positions of the matching pages, in the order given (entries of other models dropped).
        return array("I", [position for position in found if position is not None])

    def _bitset_of_entries(self, entries):
        self.positions = self._positions_of(entries)
        return facet_index.bitset_of(self.positions)

    def _rank(self):
        self.bitset = self._bitset_of_entries(self.compiler.ranked_entry_ids(self.config))
        self.positions = _after(self.best[1], self.positions)
        self.best_first = self.positions

    def ranked(self, request, context, passing, start, stop):
        """Ids of the pages of ``passing``, best match first, from ``start`` to ``stop``."""
        if not passing or stop <= start:
            return []
        if not self.by_entry:
            return _ranked(request, context, self.index, passing, self.terms, start, stop, self.operator)
        member = facet_index.membership(passing)
        if self.best_first is None:
            window = self._window_of_the_candidates(member, passing, start, stop)
            if window is not None:
                return window
            self._rank()
        window = islice(filter(member, self.best_first), start, stop)
        return [self.index.ids[position] for position in window]

    def _window_of_the_candidates(self, member, passing, start, stop):
        """The window ranked among the index's nearest matches alone, or None when they might not hold it.

        Where the engine has an index that returns its nearest matches without
        reading the rest (PostgreSQL's RUM), a first page ranks a few hundred
        of them, more under a narrowing filter (in proportion to the share of
        the matches it lets through); they are kept for the next page and the
        next search of the words. Deeper, or narrower than ``CANDIDATES_AT_MOST``
        candidates can serve, every match is ranked, the candidates keeping
        the places they were shown in. With fewer matches than candidates, the
        order is exactly the full ranking's.
        """
        if not self.best_from_index:
            return None
        matches = self.bitset.bit_count()
        wanted = max(CANDIDATES, ceil(stop * CANDIDATE_MARGIN * matches / passing.bit_count()))
        asked, candidates, complete = self.best
        while True:
            window = list(islice(filter(member, candidates), start, stop))
            if len(window) == stop - start or complete:
                return [self.index.ids[position] for position in window]
            if asked >= CANDIDATES_AT_MOST or wanted > CANDIDATES_AT_MOST:
                return None
            # Every ask scans the index whatever its size: one that fell short asks for many more at once.
            asked = min(CANDIDATES_AT_MOST, max(wanted, CANDIDATES_GROWTH * asked))
            entries = self.compiler.best_entry_ids(self.config, asked)
            complete = len(entries) < asked
            candidates = _after(candidates, self._positions_of(entries))
            self.best = asked, candidates, complete


def _after(kept, ranked):
    """``ranked`` with the positions of ``kept`` first, in their order: pages already shown keep their places."""
    if not kept:
        return ranked
    seen = set(kept)
    return kept + array("I", [position for position in ranked if position not in seen])


# How many of the index's nearest matches a first page ranks: at least CANDIDATES, and CANDIDATE_MARGIN times what
# its window needs among the matches its filters let through; CANDIDATES_GROWTH times more when that falls short;
# beyond CANDIDATES_AT_MOST, every match is ranked.
CANDIDATES = 200
CANDIDATE_MARGIN = 10
CANDIDATES_AT_MOST = 10_000
CANDIDATES_GROWTH = 8


# How many searches' text matches a worker keeps for the current version of its index. Publishing anything
# changes the version and drops them all, so a kept match is never stale. A word found in every one of a hundred
# thousand pages costs under 1 MB (its pages' positions, best first, and their bitset).
MATCHES_KEPT = 16
_matches = OrderedDict()
_matches_lock = threading.Lock()


def text_match(index, terms, operator="and", ranked=True):
    """The ``TextMatch`` of ``terms``, shared by every search of the same words until the index changes.

    On SQLite the words found in nearly every item (水, 节水) cost a scan of
    ninety thousand index entries and their scores, far over any latency
    target, however the query is written; a campaign's visitors ask for the
    same few words again and again. ``ranked=False`` skips the scores when
    only the set is wanted; a kept match is ranked when a search first needs it.
    """
    key = (index.version, tuple(terms), operator)
    with _matches_lock:
        match = _matches.get(key)
        if match is not None:
            _matches.move_to_end(key)
            return match
    match = TextMatch(index, terms, operator, ranked)
    with _matches_lock:
        for stale in [kept for kept in _matches if kept[0] != index.version]:
            del _matches[stale]
        _matches[key] = match
        while len(_matches) > MATCHES_KEPT:
            _matches.popitem(last=False)
    return match


def forget_text_matches():
    """Drop every kept text match (a benchmark measuring the first search of a word)."""
    with _matches_lock:
        _matches.clear()


# Below this many candidates, ranking is told their ids; above, the filters are compiled into the ranking query.
RANK_IDS_UP_TO = 5000


def _ranked(request, context, index, passing, terms, start, stop, operator="and"):
    """Ids of the passing pages, best match first; the engine ranks, the index says which pages may be ranked."""
    if not passing:
        return []
    base = base_queryset(request)
    if request.filters.is_empty():
        candidates = base
    elif passing.bit_count() <= RANK_IDS_UP_TO:
        candidates = Page.objects.filter(pk__in=_ids_of(index, passing))
    else:
        candidates = base.filter(pk__in=context.apply(base).values("pk"))
    return ranked_ids(candidates, terms, start, stop, operator)


def _universe(index, request):
    """The pages of the requested types inside the requested subtree, from the facet index."""
    universe = index.bitset("type", request.types)
    if request.scope_path:
        universe &= index.bits.get(("scope", request.scope_path), 0)
    if request.within:
        universe &= index.bitset("scope", request.within)
    return universe


def _ids_of(index, bitset):
    return index.newest_ids(bitset, 0, bitset.bit_count())


def _intersection(bitset, others):
    for other in others:
        bitset &= other
    return bitset


def filtered_bitset(index, types, filters):
    """The live public pages of ``types`` passing ``filters``, from the facet index: a listing without text."""
    return _intersection(index.bitset("type", types), _filter_bitsets(index, filters).values())


def _filter_bitsets(index, filters):
    """{facet: bitset of the pages passing that facet's filter} for the facets with a choice."""
    chosen = {}
    for facet in facet_index.FACETS_IN_INDEX:
        values = getattr(filters, facet)
        if values:
            chosen[facet] = index.bitset(facet, values)
    if FEATURED in filters.featured:
        chosen["featured"] = index.of_ids(_featured_item_ids())
    return chosen


def facet_counts(request, index, matched, chosen):
    """``({facet: {value: count}}, {facet: {value: label}})`` for the requested facets, in display order.

    A facet counts the matching pages that pass every *other* facet's filter,
    so that ticking a sector still shows what the other sectors hold.
    """
    counts, labels = {}, {}
    featured = None
    for facet in request.facets:
        pages = _intersection(matched, [bits for other, bits in chosen.items() if other != facet])
        if facet == "featured":
            if featured is None:
                featured = chosen.get("featured")
                if featured is None:
                    featured = index.of_ids(_featured_item_ids())
            count = (pages & featured).bit_count()
            counts[facet], labels[facet] = ({FEATURED: count} if count else {}), {}
            continue
        counts[facet], labels[facet] = {}, {}
        for value, label in _facet_values(index, facet):
            count = (pages & index.bits.get((facet, value), 0)).bit_count()
            if count:
                counts[facet][value] = count
                if label is not None:
                    labels[facet][value] = label
    return counts, labels


def _facet_values(index, facet):
    """``[(value, label)]`` of ``facet`` in display order; a label of None leaves naming to the service."""
    if facet == "type":
        return [(key, None) for key in content_type_ids()]
    if facet == "year":
        years = sorted((value for kind, value in index.bits if kind == "year"), reverse=True)
        return [(year, year) for year in years]
    return list(index.labels.get(facet, {}).items())


def pages_by_id(ids, types=("activity", "video", "news")):
    """{id: page} for the hits, with what a result card shows, in a fixed number of queries.

    Each requested type's registered loader runs once; types sharing a loader (activities and videos) share it.
    """
    if not ids:
        return {}
    loaders = []
    for key in types:
        load = registry.item_type(key).load_cards
        if load not in loaders:
            loaders.append(load)
    pages = {}
    for load in loaders:
        pages.update({page.pk: page for page in load(ids)})
    return pages


def facet_labels(facet, values):
    """{value: label} in display order for facet values an engine counted without naming them."""
    values = list(values)
    if facet == "campaign":
        return dict(registry.campaigns().model.objects.filter(slug__in=values).values_list("slug", "title"))
    if facet == "year":
        return {value: value for value in sorted(values, reverse=True) if value.isdigit()}
    registered = registry.facet(facet)
    return dict(registered.labels(values)) if registered is not None else {}


def suggest(prefix, limit, within=()):
    """Titles of published items and news that start with, or contain words starting with, ``prefix``."""
    request = SearchRequest(within=within)
    terms = query_terms(prefix)
    if not terms:
        return []
    backend = get_search_backend()
    results = backend.autocomplete(terms_query(terms), base_queryset(request), order_by_relevance=True)
    titles = []
    for page in results[: limit * 3]:
        if page.title not in titles:
            titles.append(page.title)
        if len(titles) == limit:
            break
    return titles


def suggestions(request, terms):
    """Other queries worth trying when ``terms`` found nothing: a misspelt word corrected, or a word left out."""
    known = vocabulary()
    words = [term.word for term in terms]
    candidates = []
    whole = "".join(words)
    if len(terms) > 1 and whole not in known:
        candidates += [[word] for word in _one_edit_away(whole, known)]
    for position, word in enumerate(words):
        if len(word) >= 2 and word not in known:
            candidates += [[*words[:position], fixed, *words[position + 1 :]] for fixed in _one_edit_away(word, known)]
    if len(terms) > 1:
        candidates += [words[:position] + words[position + 1 :] for position in range(len(words))]

    found = []
    index = facet_index.current()
    allowed = _intersection(_universe(index, request), _filter_bitsets(index, request.filters).values())
    for text in dict.fromkeys(" ".join(candidate) for candidate in candidates[:MAX_SUGGESTION_CHECKS]):
        words = query_terms(text)
        if words and text_match(index, words, ranked=False).bitset & allowed:
            found.append(text)
    return found


def _one_edit_away(word, known):
    """Known words one substitution, insertion or deletion away from ``word`` (typos of one character)."""
    matches = []
    for candidate in known:
        if abs(len(candidate) - len(word)) > 1 or candidate == word:
            continue
        if len(candidate) == len(word):
            if sum(a != b for a, b in zip(candidate, word, strict=True)) == 1:
                matches.append(candidate)
        else:
            shorter, longer = sorted((candidate, word), key=len)
            if any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer))):
                matches.append(candidate)
    return sorted(matches, key=lambda candidate: (-len(candidate), candidate))[:3]
