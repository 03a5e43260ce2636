"""Facet counts and totals from an in-memory index of what every published item is filed under.

Counting on the database means one ``GROUP BY`` per facet over every page
that matches: a common word matches 90,000 of 100,000 items and the nine
aggregates took seconds. Here each worker holds, for every live public page
of the searchable types, one bit in a bitset per facet value (a sector, a
province, a year, a subtree...), as Python integers. The pages matching a
search become one more bitset; a count is then ``(matching & value).bit_count()``
and a facet costs microseconds whatever the number of matches.

Bits are given in publication order (oldest first), so the newest items of
any filtered set are its highest bits and a showcase page needs no ``ORDER
BY`` either.

Nothing is served stale: before it answers, the index applies every
``SearchChange`` written since it last looked (one small query), reloading
the pages named there. Changes are logged by ``search.sync`` on save, publish,
unpublish, move and delete, and by whatever bypasses those signals
(``search.indexing.reindex`` after the demo's bulk inserts).
"""

import datetime
import threading
import uuid
from array import array
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone
from modelsearch.conf import get_app_config
from wagtail.models import Page

from search import registry
from search.models import SearchChange
from search.segmentation import normalize

# treebeard's step length: every prefix of a page's path that is this long, or longer by steps, is an ancestor's path.
STEP = 4
# CampaignHomePage sits at depth 2, right below the root: its path is the first two steps of every page in the campaign.
CAMPAIGN_PATH_LENGTH = 2 * STEP
# A worker reloads everything at least this often, so that no change missed by the log (a raw SQL edit) lasts.
MAX_AGE = datetime.timedelta(hours=1)
# Changes committed in this window are read again: a transaction that began earlier may commit after a later one.
REREAD = datetime.timedelta(minutes=2)
# Log rows older than this are deleted now and then; workers reload fully long before.
KEEP = datetime.timedelta(days=1)
# How old the view counts behind "most viewed" may be. Counting a view writes nothing the index hears of (views are
# batched in the cache, see showcase.zone.view_counts), so the ranking is re-read from the database at most this often.
POPULARITY_MAX_AGE = datetime.timedelta(seconds=60)
PRUNE_EVERY = 500
# Rows read from the database at a time while loading: a worker never holds every page's row at once.
ROWS_AT_ONCE = 5000
FACETS_IN_INDEX = ("type", "campaign", "sector", "region", "jurisdiction", "rating", "year")


def log_change(page_id=None):
    """Tell every worker's index that ``page_id`` (or, with None, anything) may have changed."""
    change = SearchChange.objects.create(page_id=page_id)
    if change.pk % PRUNE_EVERY == 0:
        SearchChange.objects.filter(at__lt=timezone.now() - KEEP).delete()


class FacetIndex:
    """The bitsets of one worker; use ``current()`` rather than building one."""

    def __init__(self):
        self.positions = {}  # page id -> bit
        self.ids = []  # bit -> page id
        self.keys = {}  # page id -> the (facet, value) pairs its bit is set in
        self.order = {}  # page id -> (first published, id): where its bit sits
        self.entry_positions = {}  # search index entry id -> bit of its page
        self.bits = defaultdict(int)
        self.labels = {}
        self.campaign_paths = {}
        self.last_change = 0
        self.recent = set()
        self.loaded_at = None
        self.lock = threading.Lock()
        self.token = uuid.uuid4().hex
        self.generation = 0
        self.popularity = None

    @property
    def version(self):
        """Changes whenever this index applies a change: a cache key for what is shown beside the listings.

        Unique to this worker's index, so a cache shared by several workers never mixes their versions.
        """
        return f"{self.token}.{self.generation}"

    # Loading and applying changes

    def sync(self):
        """Bring the index up to date with the database; one query when nothing changed."""
        with self.lock:
            now = timezone.now()
            if self.loaded_at is None or now - self.loaded_at > MAX_AGE:
                self._load_all(now)
                return
            changes = list(
                SearchChange.objects.filter(Q(pk__gt=self.last_change) | Q(at__gte=now - REREAD))
                .order_by("pk")
                .values_list("pk", "page_id")
            )
            fresh = [(pk, page_id) for pk, page_id in changes if pk not in self.recent]
            if not fresh:
                return
            if any(page_id is None for _pk, page_id in fresh):
                self._load_all(now)
                return
            if not self._apply(sorted({page_id for _pk, page_id in fresh})):
                self._load_all(now)
                return
            self.recent = {pk for pk, _page_id in changes} | {pk for pk, _page_id in fresh}
            self.last_change = max(self.last_change, changes[-1][0])
            self.generation += 1

    def _load_all(self, now):
        self.last_change = SearchChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.recent = set(SearchChange.objects.filter(at__gte=now - REREAD).values_list("pk", flat=True))
        self.labels, self.campaign_paths = _labels()
        # The old index is dropped first: a worker never holds two at once.
        self.positions, self.ids, self.keys, self.order, self.entry_positions = {}, [], {}, {}, {}
        self.bits = defaultdict(int)
        rows = _page_rows(self.campaign_paths)
        rows.sort(key=lambda row: row[1])
        # Positions per key in compact arrays (4 bytes a page) rather than lists of int objects.
        positions_of = defaultdict(lambda: array("I"))
        for page_id, order, keys in rows:
            position = len(self.ids)
            self.positions[page_id] = position
            self.ids.append(page_id)
            self.keys[page_id] = keys
            self.order[page_id] = order
            for key in keys:
                positions_of[key].append(position)
        del rows
        for key in list(positions_of):
            self.bits[key] = bitset_of(positions_of.pop(key))
        self._map_entries()
        self.loaded_at = now
        self.popularity = None
        self.generation += 1

    def _map_entries(self, page_ids=None):
        """Which bit each search index entry of a page stands for, so a full-text match needs no join."""
        entries = _index_entries(page_ids)
        for entry, object_id in entries.values_list("pk", "object_id").iterator(chunk_size=ROWS_AT_ONCE):
            position = self.positions.get(int(object_id))
            if position is not None:
                self.entry_positions[entry] = position

    def _apply(self, page_ids):
        """Reload ``page_ids``; False when a page would need a bit out of publication order (reload all then)."""
        rows = {page_id: (order, keys) for page_id, order, keys in _page_rows(self.campaign_paths, page_ids)}
        for page_id in page_ids:
            position = self.positions.get(page_id)
            if position is None:
                continue
            bit = 1 << position
            for key in self.keys.pop(page_id, ()):
                self.bits[key] &= ~bit
            if page_id in rows and rows[page_id][0] != self.order[page_id]:
                return False
        newest = self.order[self.ids[-1]] if self.ids else None
        for order, page_id in sorted((rows[page_id][0], page_id) for page_id in rows):
            if page_id not in self.positions:
                if newest is not None and order < newest:
                    return False
                newest = order
                self.positions[page_id] = len(self.ids)
                self.ids.append(page_id)
                self.order[page_id] = order
            bit = 1 << self.positions[page_id]
            self.keys[page_id] = rows[page_id][1]
            for key in self.keys[page_id]:
                self.bits[key] |= bit
        self._map_entries(page_ids)
        return True

    # Reading

    def named(self, words):
        """The pages filed under a unit or facet value one of ``words`` names in full (see ``registry.Names``)."""
        return self.bitset("name", [normalize(word) for word in words])

    def bitset(self, facet, values):
        """The pages filed under any of ``values`` of ``facet``."""
        result = 0
        for value in values:
            result |= self.bits.get((facet, value), 0)
        return result

    def of_ids(self, page_ids):
        """The bitset of the given pages (those not in the index, such as drafts, are left out)."""
        positions = self.positions
        return bitset_of(position for position in map(positions.get, page_ids) if position is not None)

    def newest_ids(self, bitset, start, stop):
        """Ids of the pages in ``bitset``, newest first, from ``start`` to ``stop``."""
        return [self.ids[position] for position in _highest_positions(bitset, start, stop)]

    def most_viewed_ids(self, bitset, start, stop):
        """Ids of the pages in ``bitset``, most viewed first and the newest first among equals.

        Membership is as fresh as every other answer of the index; the view
        counts are at most ``POPULARITY_MAX_AGE`` old. Sorting every published
        item by its count in the database cost a third of a second a request
        at 100,000 items.
        """
        if not bitset or stop <= start:
            return []
        with self.lock:
            popularity = self._popularity()
        ranked, views, viewed = popularity
        if bitset.bit_count() * 8 < len(ranked):
            positions = _highest_positions(bitset, 0, bitset.bit_count())
            positions.sort(key=lambda position: (views.get(position, 0), position), reverse=True)
            found = positions[:stop]
        else:
            member = membership(bitset)
            found = []
            for position in ranked:
                if member(position):
                    found.append(position)
                    if len(found) == stop:
                        break
            if len(found) < stop:
                found += _highest_positions(bitset & ~viewed, 0, stop - len(found))
        return [self.ids[position] for position in found[start:stop]]

    def _popularity(self):
        """``(positions with views, most viewed first; {position: views}; their bitset)``, re-read when too old."""
        now = timezone.now()
        if self.popularity is None or now - self.popularity[0] > POPULARITY_MAX_AGE:
            positions = self.positions
            views = {positions[page_id]: count for page_id, count in registry.view_counts() if page_id in positions}
            ranked = sorted(views, key=lambda position: (views[position], position), reverse=True)
            self.popularity = (now, (ranked, views, bitset_of(ranked)))
        return self.popularity[1]


def membership(bitset):
    """A test of whether a position is in ``bitset``, in constant time (shifting a big integer is not)."""
    data = bitset.to_bytes(-(-bitset.bit_length() // 8), "little")
    size = len(data)

    def member(position):
        index = position >> 3
        return index < size and (data[index] >> (position & 7)) & 1

    return member


_AS_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def bitset_of(positions):
    """The bitset with the given bits set; one byte per bit, then read as a binary numeral, all in C but the loop."""
    flags = bytearray()
    for position in positions:
        if position >= len(flags):
            flags.extend(bytes(max(position + 1 - len(flags), len(flags))))
        flags[position] = 1
    return int(flags.translate(_AS_DIGITS)[::-1], 2) if flags else 0


def _highest_positions(bitset, start, stop):
    """The set bits of ``bitset`` from the highest down, skipping ``start`` of them, up to ``stop``."""
    if not bitset or stop <= start:
        return []
    words = memoryview(bitset.to_bytes(-(-bitset.bit_length() // 64) * 8, "little")).cast("Q")
    found, skipped = [], 0
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        if not word:
            continue
        count = word.bit_count()
        if skipped + count <= start:
            skipped += count
            continue
        while word:
            top = word.bit_length() - 1
            word ^= 1 << top
            if skipped < start:
                skipped += 1
                continue
            found.append(index * 64 + top)
            if len(found) == stop - start:
                return found
    return found


def _index_entries(page_ids=None):
    type_ids = registry.content_type_ids().values()
    entries = get_app_config().get_model("IndexEntry").objects.filter(content_type_id__in=type_ids)
    if page_ids is not None:
        entries = entries.filter(object_id__in=[str(page_id) for page_id in page_ids])
    return entries.order_by()


def _labels():
    """{facet: {value: label}} in display order, and {campaign path: campaign slug}."""
    campaigns = list(
        registry.campaigns().model.objects.order_by("-first_published_at", "path").values_list("path", "slug", "title")
    )
    labels = {facet.name: dict(facet.labels(None)) for facet in registry.facets()}
    labels["campaign"] = {slug: title for _path, slug, title in campaigns}
    return labels, {path: slug for path, slug, _title in campaigns}


def _names_of_values(facet):
    """{value: its names, normalised} of a facet whose values have names a query may use."""
    names = defaultdict(list)
    if facet.names is not None:
        for value, name in facet.names():
            if name and normalize(name) not in names[value]:
                names[value].append(normalize(name))
    return names


def _page_rows(campaign_paths, page_ids=None):
    """``[(page id, (first published, id), keys)]`` for the live public pages of the searchable types."""
    type_of = {type_id: key for key, type_id in registry.content_type_ids().items()}
    pages = Page.objects.live().public().filter(content_type_id__in=list(type_of))
    if page_ids is not None:
        pages = pages.filter(pk__in=page_ids)
    # One object per distinct key and key set: a hundred thousand pages share a few thousand of each.
    shared = {}

    def add(page_keys, key):
        page_keys.append(shared.setdefault(key, key))

    keys = {}
    paths = {}
    orders = []
    oldest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    for page_id, path, type_id, published in (
        pages.order_by().values_list("pk", "path", "content_type_id", "first_published_at").iterator(ROWS_AT_ONCE)
    ):
        page_keys = []
        add(page_keys, ("type", type_of[type_id]))
        for length in range(CAMPAIGN_PATH_LENGTH, len(path), STEP):
            add(page_keys, ("scope", path[:length]))
        campaign = campaign_paths.get(path[:CAMPAIGN_PATH_LENGTH])
        if campaign:
            add(page_keys, ("campaign", campaign))
        if published:
            add(page_keys, ("year", str(timezone.localtime(published).year)))
        keys[page_id] = page_keys
        paths[page_id] = path
        orders.append((published or oldest, page_id))
    for facet in registry.facets():
        in_scope = keys
        if facet.scope is not None:
            scope = facet.scope()
            in_scope = {page_id for page_id, path in paths.items() if any(path.startswith(root) for root in scope)}
        names = _names_of_values(facet)
        for page_id, value in facet.pairs(page_ids):
            if page_id in in_scope:
                add(keys[page_id], (facet.name, value))
                for name in names.get(value, ()):
                    add(keys[page_id], ("name", name))
    for source in registry.names():
        for page_id, name in source.pairs(page_ids):
            if page_id in keys and name:
                add(keys[page_id], ("name", normalize(name)))
    result = []
    for order in orders:
        page_keys = tuple(dict.fromkeys(keys.pop(order[1])))
        result.append((order[1], order, shared.setdefault(page_keys, page_keys)))
    return result


_index = FacetIndex()


def current():
    """This worker's index, up to date with every change committed before the call."""
    _index.sync()
    _seen.version = _index.version
    return _index


_seen = threading.local()


def version_seen():
    """The version ``current()`` left the index at since ``forget_seen()`` in this thread; None if not called."""
    return getattr(_seen, "version", None)


def forget_seen():
    _seen.version = None


def forget():
    """Drop this worker's index (tests whose database is rolled back between them)."""
    global _index
    _index = FacetIndex()
