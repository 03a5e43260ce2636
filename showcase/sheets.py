"""Reading the spreadsheets people fill in by hand: the liaison form and the bulk filing sheet.

Sheets come from many bodies, typed in Excel or WPS, so reading is forgiving
about layout (title rows above the header, full-width characters, numbers
typed as numbers, invisible characters pasted from chat apps) and leaves
judging the content to each import.
"""

import io
import re
import unicodedata
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from campaign.uploads import check_archive_expansion

INVISIBLE_RE = re.compile("[\u200b-\u200d\u2060\ufeff]")
WHITESPACE_RE = re.compile(r"\s+")


class SheetError(Exception):
    """The whole sheet (not one row) cannot be read; the message says what to do."""


def clean_cell(value, fold=False):
    """Cell value -> trimmed text; whole numbers typed as numbers lose their ``.0``.

    With ``fold``, full-width letters, digits and punctuation become half-width.
    Names are not folded when stored: （） in a unit's name is its real spelling.
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if fold:
        text = unicodedata.normalize("NFKC", text)
    text = INVISIBLE_RE.sub("", text)
    return WHITESPACE_RE.sub(" ", text).strip()


def matching_key(value):
    """The form of a name that two spellings of it share: folded, without any spaces."""
    return clean_cell(value, fold=True).replace(" ", "")


def file_name(file):
    if isinstance(file, str | Path):
        return Path(file).name
    return Path(getattr(file, "name", "") or "").name or _("the uploaded sheet")


def first_sheet_rows(file, empty_message):
    """All rows of the first sheet as tuples, or a SheetError saying the file is empty or not a workbook."""
    if isinstance(file, str | Path):
        data = Path(file).read_bytes()
    elif isinstance(file, bytes):
        data = file
    else:
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read()
    if not data:
        raise SheetError(empty_message)
    try:
        check_archive_expansion(io.BytesIO(data), file_name(file), len(data))
    except ValidationError as error:
        raise SheetError(" ".join(error.messages)) from error
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception as error:  # any failure to parse an uploaded file means it is not a usable workbook
        raise SheetError(
            _(
                "The file is not an Excel .xlsx workbook. Open it in Excel or WPS and save it as "
                "“Excel workbook (*.xlsx)”, then upload it again. Old .xls files and scanned PDFs cannot be read."
            )
        ) from error
    try:
        sheet = workbook.worksheets[0]
        return [tuple(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def find_header(rows, aliases, is_header, search_rows):
    """(index, {column key: position}) of the first of the top ``search_rows`` rows whose cells ``is_header``
    accepts, each cell read through ``aliases`` (folded header text -> column key); None if no row is."""
    for index, row in enumerate(rows[:search_rows]):
        columns = {}
        for position, value in enumerate(row):
            key = aliases.get(matching_key(value))
            if key and key not in columns:
                columns[key] = position
        if is_header(columns):
            return index, columns
    return None
