"""Query values no database can take, refused at the edge of the API and of the admin before any view runs.

SQLite cannot bind an integer beyond 64 bits (``OverflowError``) and
PostgreSQL refuses a NUL character in any text (``DataError``, after breaking
the transaction). Django checks the range only for plain integer columns:
lookups through a relation (``?owner=``, ``?site=``, a snippet's foreign key,
a page's ``page_ptr``) and ``pk__in`` lists reach the database unchecked from
Wagtail's own listing filters, which we cannot change.
"""

import math
import sys
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

# The largest integer either database can compare: SQLite's INTEGER and PostgreSQL's bigint.
LARGEST_COMPARABLE = 2**63 - 1


def as_integer(text):
    """The integer Django's fields read from ``text`` (``int()``: sign, spaces, any script's digits), or None.

    Python refuses to convert more than 4,300 digits; such a number reads as infinity, beyond every limit.
    """
    try:
        return int(text)
    except (TypeError, ValueError):
        digits = str(text).strip().lstrip("+-")
        return math.inf if len(digits) > sys.get_int_max_str_digits() and digits.isdecimal() else None


def beyond(text, largest):
    """Whether ``text`` reads as an integer larger in size than ``largest``."""
    number = as_integer(text)
    return number is not None and abs(number) > largest


ADMIN_PREFIX = "/admin/"
# Free text: the search box and the link chooser's fields may hold any number a person types.
TEXT_PARAMETERS = {"q", "link_text", "link_url", "email_address", "phone_number"}
# Wagtail's choosers read these as ids without checking them (a chosen-multiple ``id``, a link chooser's page).
ID_PARAMETERS = {"id", "parent_page_id"}


def is_record_number(text):
    """Whether ``text`` can be the id of one of our or Wagtail's records: plain digits that a database can compare."""
    return text.isascii() and text.isdigit() and as_integer(text) <= LARGEST_COMPARABLE


def _names_a_record(name):
    return name == "pk" or name.endswith(("_pk", "_id"))


def admin_refusal(name, value):
    """What is wrong with one admin query value, in words that say what to do; None when nothing is."""
    if "\x00" in value:
        return _("“%(name)s” contains a NUL character, which no search or filter can use. Remove it from the address.")
    if name in ID_PARAMETERS and not is_record_number(value):
        return _("“%(name)s” must be the number of a record. Choose the record again, or remove it from the address.")
    number = as_integer(value)
    if name not in TEXT_PARAMETERS and number is not None and abs(number) > LARGEST_COMPARABLE:
        return _(
            "“%(name)s” is a number larger than any record's id or count. "
            "Choose the value from the list's filters, or remove it from the address."
        )
    return None


class AdminQueryGuardMiddleware:
    """Under /admin/, a query value no view can use is answered 400 with what to fix, never a server error.

    The admin's counterpart of the API's ``refuse_unqueryable_input``: one
    check in front of every listing, report and chooser, Wagtail's included,
    rather than a validator in each of their filter sets. It refuses only what
    would reach the database as an error; anything else is left to the views'
    own forms, which ignore or report a value they do not know. An id in the
    path (``pk``, ``instance_pk``, ``…_id``) that is no record number names no
    record, so it is answered 404 as a missing record is; Wagtail's choosers
    and wagtail-modeladmin take such ids as text and hand them to the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN_PREFIX):
            try:
                route = resolve(request.path_info)
            except Resolver404:
                route = None
            if route is not None and any(
                _names_a_record(name) and not is_record_number(str(value)) for name, value in route.kwargs.items()
            ):
                raise Http404
            for name, values in request.GET.lists():
                refusal = next(filter(None, (admin_refusal(name, value) for value in values)), None)
                if refusal is not None:
                    return self.refuse(request, name, refusal)
        return self.get_response(request)

    def refuse(self, request, name, refusal):
        kept = [(key, value) for key, values in request.GET.lists() if key != name for value in values]
        context = {
            "page_title": _("This address holds a value the admin cannot use"),
            "message": refusal % {"name": name},
            "without_it": request.path + ("?" + urlencode(kept) if kept else ""),
        }
        return render(request, "config/bad_query.html", context, status=400)
