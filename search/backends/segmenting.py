"""What the database backends share: indexers that cut text into words, and queries built from query words."""

from contextlib import contextmanager

from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.query import And, MatchAll, Or, Phrase, PlainText

from search.segmentation import index_text, query_terms

TEXT_FIELDS = (SearchField, AutocompleteField, RelatedFields)


def segmenting(indexer_class):
    """A subclass of a modelsearch ``ObjectIndexer`` that cuts every value into words for segmenting backends."""

    class SegmentingObjectIndexer(indexer_class):
        def __init__(self, obj, backend):
            super().__init__(obj, backend)
            self.segments_text = getattr(backend, "segments_text", False)
            # Filter fields give no text, yet every column's walk would visit them: a page has a dozen.
            self.search_fields = [field for field in self.search_fields if isinstance(field, TEXT_FIELDS)]
            self.prepared_fields = {}

        def prepare_value(self, value):
            text = super().prepare_value(value)
            return index_text(text) if self.segments_text else text

        def prepare_field(self, obj, field):
            """The object's own fields are prepared once, not once per column.

            modelsearch's ``title``, ``body`` and ``autocomplete`` (and on
            PostgreSQL ``title_text`` and ``body_text``) each walk every search
            field: without this, each value would be read, rendered (a
            StreamField to text) and cut into words three to five times.
            """
            if obj is not self.obj:
                return self._prepare_field(obj, field)
            if id(field) not in self.prepared_fields:
                self.prepared_fields[id(field)] = list(self._prepare_field(obj, field))
            return self.prepared_fields[id(field)]

        def _prepare_field(self, obj, field):
            for prepared in super().prepare_field(obj, field):
                indexed_field, value = prepared[0], prepared[-1]
                is_title = indexed_field is field and isinstance(field, SearchField) and field.field_name == "title"
                if self.segments_text and is_title:
                    characters = index_text(str(field.get_value(obj) or ""), with_characters=True)
                    value = characters if characters else value
                yield (*prepared[:-1], value)

    SegmentingObjectIndexer.__name__ = f"Segmenting{indexer_class.__name__}"
    return SegmentingObjectIndexer


def install(engine_module):
    """Replace ``engine_module.ObjectIndexer`` (once) by its segmenting subclass; see ``search.backends.database``."""
    if not getattr(engine_module.ObjectIndexer, "segments_for_backend", False):
        engine_module.ObjectIndexer = segmenting(engine_module.ObjectIndexer)
        engine_module.ObjectIndexer.segments_for_backend = True


def segmented_query(query_string, operator=None):
    """The engine query for a user's query string; None when nothing searchable is left."""
    terms = query_terms(query_string)
    if not terms:
        return None
    return terms_query(terms, operator)


def terms_query(terms, operator=None):
    """``And`` (or ``Or`` when ``operator`` is "or") of one clause per term.

    A term's clause is an ``Or`` of its synonyms and of all its parts, or the
    phrase of its characters for a word the dictionary does not know.
    """
    clauses = []
    for term in terms:
        if term.characters:
            clauses.append(Phrase(" ".join(term.characters)))
            continue
        options = [PlainText(word) for word in term.alternatives]
        if term.parts:
            options.append(And([PlainText(part) for part in term.parts]))
        clauses.append(options[0] if len(options) == 1 else Or(options))
    if len(clauses) == 1:
        return clauses[0]
    return Or(clauses) if (operator or "and").lower() == "or" else And(clauses)


class DeferrableTitleNormsMixin:
    """An engine's index whose title norms a bulk reindex sets once (``SegmentingBackendMixin.title_norms_once``)."""

    def _refresh_title_norms(self, full=False):
        if full or not self.backend.title_norms_deferred:
            super()._refresh_title_norms(full)


class SegmentingBackendMixin:
    """Cuts query strings into words before the engine sees them."""

    segments_text = True
    title_norms_deferred = False

    @contextmanager
    def title_norms_once(self):
        """Index in bulk with the new rows' title norms set once at the end, not after every batch.

        After each batch modelsearch averages the title lengths of the whole
        index and updates the rows still at the default norm: two scans of the
        table per batch, so reindexing grows with the square of the index.
        Meanwhile new rows keep the default norm (1.0), which only
        modelsearch's PostgreSQL ranking reads (ours on SQLite uses bm25):
        during a reindex there, new titles weigh as if of average length.
        """
        self.title_norms_deferred = True
        try:
            yield
        finally:
            self.title_norms_deferred = False
        self.index_class(self)._refresh_title_norms()

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if isinstance(query, PlainText):
            kwargs["operator"] = kwargs.get("operator") or query.operator
            query = query.query_string
        if isinstance(query, str):
            query = segmented_query(query, kwargs.get("operator"))
            if query is None:
                query = ""
        elif query is None:
            query = MatchAll()
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)
