"""Cutting Chinese text into words, the same way for what is indexed and what is searched.

Chinese is written without spaces, so a full-text engine that splits on spaces
stores 节水宣传进校园活动 as one word and never finds 节水 in it. Every text is
cut with jieba's dictionary (through rjieba, its Rust binding: the same tokens,
about thirty times faster, see the README) extended with the campaign's own
terms, and written back with spaces so that SQLite's FTS5 and PostgreSQL's
``simple`` configuration see words.

Indexed text is cut in jieba's search mode, which emits a long word and the
dictionary words inside it (节水型社会 gives 节水, 节水型, 社会 and 节水型社会), so
a query for any of them finds it. Queries are cut in precise mode: each query
word is then one token the index holds. A change to the dictionary or to this
module changes the tokens: rebuild the index afterwards.
"""

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import rjieba

DICTIONARY_DIR = Path(__file__).resolve().parent / "dictionary"
TERMS_FILE = DICTIONARY_DIR / "campaign_terms.txt"
SYNONYMS_FILE = DICTIONARY_DIR / "synonyms.txt"

# A query longer than this is cut short rather than refused: people paste whole
# sentences, and the first words carry the meaning.
MAX_QUERY_CHARS = 64
MAX_QUERY_TERMS = 12
DEFAULT_TERM_FREQUENCY = 50000

# Function words that carry no meaning in a query. They are kept when the query
# holds nothing else, so that searching 和 alone still searches something.
STOPWORDS = frozenset("的了和与及或在是等对把被从向于之其这那也都就将而并为中上里")

# The dots people type between the month and day of a date (3.22 世界水日).
_DATE_DOTS = re.compile(r"(?<=\d)\s*[·•・．。﹒‧∙]\s*(?=\d)")
_WORD_CHARACTER = re.compile(r"[^\W_]")
_NOT_TOKEN_CHARACTER = re.compile(r"[^\w.]+|_+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A run of Chinese characters, or of letters and digits with the dots of 3.22 or v1.5 inside.
_HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_OTHER_WORD = rf"(?:(?![{_HAN_CLASS}])[^\W_])+"
_RUNS = re.compile(rf"[{_HAN_CLASS}]+|{_OTHER_WORD}(?:\.{_OTHER_WORD})*")
_WORD_OUTSIDE_HAN = re.compile(_OTHER_WORD)

_FULL_WIDTH_ALPHANUMERICS = str.maketrans(
    {
        chr(code): chr(code - 0xFEE0)
        for block in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
        for code in range(block[0], block[1] + 1)
    }
)

_lock = threading.Lock()


def normalize_for_display(text):
    """Full-width letters and digits to half-width, one kind of date dot, single spaces.

    Chinese punctuation (，。：) is kept: it is correct where it stands, and
    only letters and digits typed in full width need to meet their usual form.
    """
    text = (text or "").translate(_FULL_WIDTH_ALPHANUMERICS)
    text = _DATE_DOTS.sub(".", text)
    return " ".join(text.split())


def normalize(text):
    """What is cut into words: every compatibility form folded (NFKC), date dots unified, lower case."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _DATE_DOTS.sub(".", text)
    return " ".join(text.lower().split())


def _read_lines(path):
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


@cache
def campaign_terms():
    """{word: frequency} from the campaign dictionary kept in the repository."""
    terms = {}
    for line in _read_lines(TERMS_FILE):
        word, _space, frequency = line.partition(" ")
        terms[normalize(word)] = int(frequency) if frequency.strip().isdigit() else DEFAULT_TERM_FREQUENCY
    return terms


@cache
def synonym_groups():
    """{word: (the word and what it also finds, in file order)} from the synonym list."""
    groups = {}

    def extend(word, others):
        known = groups.get(word, (word,))
        groups[word] = known + tuple(other for other in others if other not in known)

    for line in _read_lines(SYNONYMS_FILE):
        broader, arrow, narrower = line.partition("=>")
        if arrow:
            extend(normalize(broader), [normalize(word) for word in narrower.split()])
            continue
        words = tuple(dict.fromkeys(normalize(word) for word in line.split()))
        for word in words:
            extend(word, words)
    return groups


@cache
def vocabulary():
    """Every word the campaign dictionary and the synonym list know: what a misspelt word is corrected to."""
    words = set(campaign_terms())
    for word, group in synonym_groups().items():
        words.update(group, (word,))
    return frozenset(words)


@cache
def _jieba():
    with _lock:
        segmenter = rjieba.Jieba()
        words = dict(campaign_terms())
        for group in synonym_groups().values():
            for word in group:
                if len(word) > 1 and _HAN.search(word):
                    words.setdefault(word, DEFAULT_TERM_FREQUENCY)
        for word, frequency in words.items():
            segmenter.add_word(word, frequency, None)
        return segmenter


def _clean_token(token):
    if token.isalnum():
        return token
    token = _NOT_TOKEN_CHARACTER.sub("", token).strip(".")
    return token if _WORD_CHARACTER.search(token) else ""


def _cut_runs(normalized, search_mode):
    """Words of already normalised text: runs of Chinese through jieba, letters and numbers (3.22, h5) whole.

    jieba runs without its HMM, which guesses words the dictionary lacks and
    guesses differently in a short query than in a long text; without it an
    unknown name falls apart into characters the same way on both sides.
    """
    segmenter = _jieba()
    runs = []
    mixed = _mixed_script_words()
    pieces = mixed.split(normalized) if mixed else [normalized]
    for index, piece in enumerate(pieces):
        if index % 2:
            runs.append([piece])
            continue
        runs += _cut_piece(piece, segmenter, search_mode)
    return runs


@cache
def _mixed_script_words():
    """Dictionary words that mix Chinese with letters or digits (b站), kept whole before scripts are split."""
    words = sorted((word for word in vocabulary() if _HAN.search(word) and _WORD_OUTSIDE_HAN.search(word)), key=len)
    if not words:
        return None
    return re.compile("(" + "|".join(re.escape(word) for word in reversed(words)) + ")")


def _cut_piece(piece, segmenter, search_mode):
    """Runs of Chinese come back from jieba as Chinese words, clean already; other runs lose stray marks."""
    runs = []
    for run in _RUNS.findall(piece):
        if _HAN.match(run):
            runs.append(segmenter.cut_for_search(run, False) if search_mode else segmenter.cut(run, False))
        else:
            token = _clean_token(run)
            runs.append([token] if token else [])
    return runs


def index_tokens(text):
    """The words of ``text`` for the index: search mode, punctuation dropped."""
    return [token for run in _cut_runs(normalize(text), search_mode=True) for token in run]


@lru_cache(maxsize=2048)
def index_text(text, with_characters=False):
    """``text`` as space-separated words; ``with_characters`` adds each Chinese character, for one-character queries.

    Cached: the names of sectors, regions, units and venues recur on thousands
    of pages, and a title is cut both with and without its characters.
    """
    if with_characters:
        return " ".join(part for part in (index_text(text), " ".join(_HAN.findall(normalize(text)))) if part)
    return " ".join(index_tokens(text))


@dataclass(frozen=True)
class QueryTerm:
    """One word of a query and what a document may hold instead.

    ``alternatives`` are the word and its synonyms. ``parts`` are shorter words
    that together spell the word (节水宣传: 节水, 宣传): a document holding all of
    them matches too, so a dictionary compound in the query does not demand
    the same compound in the text. ``characters`` are set instead for a word
    the dictionary does not know (a name such as 海委): its characters must
    stand together in that order, as a phrase.
    """

    word: str
    alternatives: tuple
    parts: tuple = ()
    characters: tuple = ()

    @property
    def words(self):
        return self.alternatives + self.parts


def _covering_parts(word):
    """Dictionary words inside ``word`` that cover each of its characters, or () when they do not."""
    if len(word) < 3:
        return ()
    pieces = []
    for piece in _jieba().cut_for_search(word, False):
        if piece != word and len(piece) > 1:
            start = word.find(piece)
            if start >= 0:
                pieces.append((start, start + len(piece), piece))
    chosen, covered = [], 0
    while covered < len(word):
        reachable = [piece for piece in pieces if piece[0] <= covered < piece[1]]
        if not reachable:
            return ()
        best = max(reachable, key=lambda piece: piece[1])
        chosen.append(best[2])
        covered = best[1]
    return tuple(dict.fromkeys(chosen))


def query_terms(text):
    """The words of a query, each with its synonyms; empty when nothing searchable is left.

    Never fails: overlong input is cut to ``MAX_QUERY_CHARS`` characters and
    ``MAX_QUERY_TERMS`` words, and punctuation or emoji alone give no terms.
    Characters the dictionary left alone and that stood together in the query
    are joined again into one word searched as a phrase.
    """
    normalized = normalize(text)[:MAX_QUERY_CHARS]
    words = []
    for run in _cut_runs(normalized, search_mode=False):
        for position, token in enumerate(run):
            joins_previous = position > 0 and _is_lone_character(token) and _is_lone_character(words[-1][-1])
            if joins_previous and token not in STOPWORDS and words[-1][-1] not in STOPWORDS:
                words[-1].append(token)
            else:
                words.append([token])
    words = list(dict.fromkeys("".join(characters) if len(characters) > 1 else characters[0] for characters in words))
    meaningful = [word for word in words if word not in STOPWORDS]
    words = (meaningful or words)[:MAX_QUERY_TERMS]
    return [_term(word) for word in words]


def _is_lone_character(token):
    return len(token) == 1 and bool(_HAN.match(token))


def _term(word):
    alternatives = synonym_groups().get(word, (word,))
    in_dictionary = len(word) == 1 or not _HAN.match(word) or word in vocabulary() or _jieba().has_word(word)
    if in_dictionary:
        return QueryTerm(word, alternatives, _covering_parts(word))
    return QueryTerm(word, alternatives, characters=tuple(word))


@lru_cache(maxsize=1024)
def word_spans(text):
    """Where the words of ``text`` (already normalised for display) stand: ``(spans, boundaries)``.

    ``spans`` are the ``(start, end)`` of every word the index holds for the
    text (the words of jieba's precise cut and the dictionary words inside
    them, as search mode emits them); ``boundaries`` are the offsets between
    words. A highlight marks a span, or runs from one boundary to another,
    never a piece across two words (the 省水 of 江西省水利厅: 江西省 / 水利厅).
    """
    lowered = text.lower()
    segmenter = _jieba()
    spans, boundaries = set(), {0, len(text)}
    for run in _RUNS.finditer(lowered):
        if not _HAN.match(run.group()):
            spans.add(run.span())
            boundaries.update(run.span())
            continue
        offset = run.start()
        for word in segmenter.cut(run.group(), False):
            end = offset + len(word)
            spans.add((offset, end))
            boundaries.update((offset, end))
            for piece in segmenter.cut_for_search(word, False):
                start = word.find(piece)
                if len(piece) > 1 and start >= 0:
                    spans.add((offset + start, offset + start + len(piece)))
            offset = end
    return frozenset(spans), frozenset(boundaries)


def highlight_words(terms):
    """Every word a match can show, longest first, so that 节水型社会 is marked before 节水."""
    words = {word for term in terms for word in term.words} | {term.word for term in terms}
    return sorted(words, key=len, reverse=True)
