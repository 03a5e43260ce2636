"""What the API accepts, declared once, so that the OpenAPI document states exactly what the server enforces.

Each type carries its bounds into the JSON Schema (``maximum``, ``maxLength``,
``pattern``, ``format``) and the same bounds into validation, so a request the
document allows is never refused for its shape and one it forbids always is,
with a message naming the field. pydantic alone is laxer than its own schema:
it reads " 1" and "1_000" as integers, true as 1, and 0 or "2023" as dates,
which the document does not promise; these types take only what it does.

Ids stop at PostgreSQL's ``integer`` (2**31-1): no row has a larger one, and
both databases answer a larger number with an error instead of an empty result
(SQLite's OverflowError, PostgreSQL's "integer out of range", which also breaks
the transaction). PostgreSQL also refuses NUL in any text, so no text takes it.
"""

import datetime
import re
from html.parser import HTMLParser
from typing import Annotated

from ninja import Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

LARGEST_ID = 2**31 - 1
# Counts people type (participants, offsets) share the id's bound: every count column is an integer too.
LARGEST_COUNT = LARGEST_ID

NO_NUL = r"^[^\x00]*$"
NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f]*$"
# A title, venue or summary: no control characters, and at least one character that is not a space
# (the admin's form strips spaces and would then find the field empty).
VISIBLE_TEXT = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
# Years 0001 to 9999, as Python (and so Django) takes them; the document's ``format: date`` rules out 2023-02-30.
ISO_DATE_PATTERN = r"^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"

# JSON Schema's integers include 30.0; a URL carries them in ASCII digits, so that is what is read.
DIGITS = re.compile(r"-?([0-9]+)(?:\.0+)?")
# Longer than any id or count by far: refused before Python converts it (which it does up to 4,300 digits).
MAX_DIGITS = 30
_ISO_DATE = re.compile(ISO_DATE_PATTERN)


def read_whole_number(value):
    """The integer a URL's ``value`` writes, or a ``PydanticCustomError`` saying why there is none."""
    match = DIGITS.fullmatch(value)
    if match is None:
        raise PydanticCustomError("int_parsing", "Not a whole number")
    if len(match.group(1)) > MAX_DIGITS:
        raise PydanticCustomError("int_too_large", "Number too large")
    return int(value.partition(".")[0])


def _whole_number(value):
    """pydantic alone also reads " 1", "1_000" and true; the document promises digits. JSON numbers pass on."""
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Not a whole number")
    return read_whole_number(value) if isinstance(value, str) else value


def _iso_date(value):
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("iso_date", "Not a date in the form YYYY-MM-DD")


def whole_number(ge, le):
    """An integer from ``ge`` to ``le``, declared as such (the bounds must come before the validator to be)."""
    return Annotated[int, Field(ge=ge, le=le), BeforeValidator(_whole_number)]


Id = whole_number(1, LARGEST_ID)
Count = whole_number(0, LARGEST_COUNT)
IsoDate = Annotated[
    datetime.date,
    PlainValidator(_iso_date, json_schema_input_type=str),
    WithJsonSchema({"type": "string", "format": "date", "pattern": ISO_DATE_PATTERN}),
]


def text(max_length, *, min_length=None, pattern=NO_NUL):
    """A string type of at most ``max_length`` characters (and at least ``min_length``) matching ``pattern``."""
    return Annotated[str, StringConstraints(min_length=min_length, max_length=max_length, pattern=pattern)]


class _LinkedIds(HTMLParser):
    """The ids that Wagtail's database HTML names in its links and embeds (``<a linktype="page" id="3">``)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "linktype" in attrs or "embedtype" in attrs:
            self.ids.append(attrs.get("id") or "")

    handle_startendtag = handle_starttag


def _linked_ids_are_ids(value):
    """Wagtail renders such a link by looking its id up: "abc" or a 20-digit number would break every reading."""
    parser = _LinkedIds()
    parser.feed(value)
    parser.close()
    for ident in parser.ids:
        match = DIGITS.fullmatch(ident)
        if match is None or "." in ident or len(match.group(1)) > MAX_DIGITS or not 1 <= int(ident) <= LARGEST_ID:
            raise PydanticCustomError("rich_text_reference", "Link to no id", {"id": ident[:40]})
    return value


def rich_text(max_length):
    """Database HTML (Wagtail's rich text) whose links and embeds name ids a lookup can take."""
    return Annotated[str, StringConstraints(max_length=max_length, pattern=NO_NUL), AfterValidator(_linked_ids_are_ids)]


def visible_text(max_length):
    """A required line of text (a title, a venue): something to read, no control characters."""
    return text(max_length, min_length=1, pattern=VISIBLE_TEXT)


# A slug, code or facet value, as the list endpoints give them; the search drops longer ones and control characters.
Key = text(100, pattern=NO_CONTROL_CHARACTERS)


def keys(description, *, max_items=20):
    """A repeatable filter of keys; the same bounds as the public search's filters (20 values of 100 characters)."""
    return Field(default_factory=list, max_length=max_items, description=description)


class BodySchema(Schema):
    """A JSON body: a field the operation does not take is refused, not ignored, so a misspelt one is noticed."""

    model_config = ConfigDict(extra="forbid")
