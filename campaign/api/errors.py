"""Every error the API answers, in one shape and in the reader's language.

pydantic, django-ninja and Wagtail's API v3 write their messages in English
whatever the request's language, and pydantic's describe the type rather than
what to send ("Input should be less than or equal to 100"). Here each error
keeps its ``type``, ``loc`` and ``ctx`` and gets a message of ours, a
translatable template filled from ``ctx`` (``le``, ``max_length``…): Chinese by
default, English for ``Accept-Language: en``. The messages Wagtail's page list
and django-ninja raise as plain English text are recognised by their wording
and translated the same way. Django's own form and model messages are already
translated by Django and pass through unchanged.

Malformed requests that Django itself cannot read (a multipart body without a
boundary, too many fields, a body over the size limit) are answered 400 or 413
here: they are raised while ninja reads the parameters, so without these
handlers they reached the catch-all as server errors.
"""

import re
import typing

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy, pgettext_lazy
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError as PydanticValidationError
from pydantic_core.core_schema import ErrorType
from wagtail.api.rich_text import RichTextFormatError
from wagtail.api.v3.errors import problem_response
from wagtail.utils.forms import FormValidationError

from campaign.api.inputs import LARGEST_ID, NO_CONTROL_CHARACTERS, NO_NUL, VISIBLE_TEXT

# django-ninja reports a response that does not fit its own schema as this model's validation error.
RESPONSE_SCHEMA_TITLE = "NinjaResponseSchema"

TITLES = {
    400: gettext_lazy("Bad request"),
    401: gettext_lazy("API token required"),
    403: gettext_lazy("Not allowed"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    409: gettext_lazy("Conflict"),
    413: gettext_lazy("Request too large"),
    415: gettext_lazy("Unsupported media type"),
    422: gettext_lazy("Invalid values"),
    429: gettext_lazy("Too many requests"),
    500: gettext_lazy("Server error"),
    503: gettext_lazy("Service temporarily unavailable"),
}


def problem(status, detail="", errors=None):
    """An ``application/problem+json`` response with a title in the request's language."""
    title = TITLES.get(status)
    return problem_response(status=status, title=str(title) if title else None, detail=str(detail), errors=errors)


def invalid(errors):
    """The 422 answer for field errors, each with ``loc`` and a message saying what to send instead."""
    return problem(
        422,
        _("Some values cannot be used: each entry of “errors” names the field (“loc”) and says what to send instead."),
        errors,
    )


AT_LEAST_CHARACTERS = ngettext_lazy(
    "Enter at least %(min_length)s character.", "Enter at least %(min_length)s characters.", "min_length"
)
DATE = gettext_lazy("Enter a date as YYYY-MM-DD, such as 2023-03-22.")
DATETIME = gettext_lazy("Enter a date and time such as 2023-03-22T09:30:00+08:00.")
WHOLE_NUMBER = gettext_lazy("Enter a whole number written with the digits 0–9, such as 12.")
CHOICE = gettext_lazy("Choose one of: %(expected)s.")
LIST = gettext_lazy("Send a list of values here.")
OBJECT = gettext_lazy('Send an object with named fields here, such as {"name": …}.')
# Django's own forms use these two texts: a context keeps our wording from replacing theirs in the admin.
NUMBER = pgettext_lazy("API error", "Enter a number.")


def _count(message):
    """The message of a plural-aware lazy string, whose number is the ``ctx`` key it names."""
    return lambda ctx: str(message % ctx)


def _pattern_message(ctx):
    pattern = ctx.get("pattern")
    if pattern == NO_NUL:
        return _("Remove the NUL character (\\0) from this text.")
    if pattern == NO_CONTROL_CHARACTERS:
        return _("Remove the control characters (such as tabs or line breaks) from this value.")
    if pattern == VISIBLE_TEXT:
        return _("Enter some visible text, without control characters such as tabs or line breaks.")
    return _("This value does not have the expected form (%(pattern)s).") % {"pattern": pattern}


def _string_too_short(ctx):
    if int(ctx.get("min_length", 0)) <= 1:
        return _("This field cannot be empty.")
    return _count(AT_LEAST_CHARACTERS)(ctx)


def _choices(expected):
    """pydantic lists the choices in English ("'a', 'b' or 'c'"); the message lists them alone."""
    return str(CHOICE) % {"expected": ", ".join(re.split(r", | or ", str(expected)))}


def _fixed(message):
    return lambda ctx: str(message)


def _formatted(message):
    return lambda ctx: str(message) % ctx


# pydantic's error types (and the types of our own input checks) and what to tell the user for each.
MESSAGES = {
    "missing": _fixed(pgettext_lazy("API error", "This field is required.")),
    "int_parsing": _fixed(WHOLE_NUMBER),
    "int_type": _fixed(WHOLE_NUMBER),
    "int_from_float": _fixed(gettext_lazy("Enter a whole number, without a fractional part.")),
    "int_too_large": lambda ctx: (
        _("This number is too large: ids and counts go up to %(largest)s.") % {"largest": LARGEST_ID}
    ),
    "int_parsing_size": lambda ctx: (
        _("This number is too large: ids and counts go up to %(largest)s.") % {"largest": LARGEST_ID}
    ),
    "greater_than_equal": _formatted(gettext_lazy("Enter a number of at least %(ge)s.")),
    "greater_than": _formatted(gettext_lazy("Enter a number greater than %(gt)s.")),
    "less_than_equal": _formatted(gettext_lazy("Enter a number of at most %(le)s.")),
    "less_than": _formatted(gettext_lazy("Enter a number less than %(lt)s.")),
    "finite_number": _fixed(gettext_lazy("Enter a finite number.")),
    "float_parsing": _fixed(NUMBER),
    "float_type": _fixed(NUMBER),
    "decimal_parsing": _fixed(NUMBER),
    "decimal_type": _fixed(NUMBER),
    "string_type": _fixed(gettext_lazy("Enter text here.")),
    "string_too_short": _string_too_short,
    "string_too_long": _count(
        ngettext_lazy(
            "Shorten this to at most %(max_length)s character.",
            "Shorten this to at most %(max_length)s characters.",
            "max_length",
        )
    ),
    "string_pattern_mismatch": _pattern_message,
    "bool_parsing": _fixed(gettext_lazy("Enter true or false.")),
    "bool_type": _fixed(gettext_lazy("Enter true or false.")),
    "literal_error": lambda ctx: (
        _("Confirm this by sending true.") if ctx.get("expected") == "True" else _choices(ctx.get("expected", ""))
    ),
    "enum": lambda ctx: _choices(ctx.get("expected", "")),
    "union_tag_invalid": lambda ctx: _choices(ctx.get("expected_tags", "")),
    "union_tag_not_found": _formatted(gettext_lazy("Give “%(discriminator)s” to say which kind this is.")),
    "page_reference": lambda ctx: _("Enter a page id (1 to %(largest)s) or “root”.") % {"largest": LARGEST_ID},
    "rich_text_reference": _formatted(
        gettext_lazy(
            "A link or embed in this text names “%(id)s”, which is not a valid id: "
            "choose the page, document or image again."
        )
    ),
    "pk_and_id": _fixed(gettext_lazy("Give the page's id as id or as pk, not both.")),
    "iso_date": _fixed(DATE),
    "date_type": _fixed(DATE),
    "date_parsing": _fixed(DATE),
    "date_from_datetime_parsing": _fixed(DATE),
    "date_from_datetime_inexact": _fixed(DATE),
    "datetime_out_of_range": _fixed(
        gettext_lazy("This moment is outside the years 1 to 9999 once converted to UTC; give a date in that range.")
    ),
    "datetime_type": _fixed(DATETIME),
    "datetime_parsing": _fixed(DATETIME),
    "datetime_from_date_parsing": _fixed(DATETIME),
    "list_type": _fixed(LIST),
    "tuple_type": _fixed(LIST),
    "set_type": _fixed(LIST),
    "too_short": _count(
        ngettext_lazy("Give at least %(min_length)s item.", "Give at least %(min_length)s items.", "min_length")
    ),
    "too_long": _count(
        ngettext_lazy("Give at most %(max_length)s item.", "Give at most %(max_length)s items.", "max_length")
    ),
    "dict_type": _fixed(OBJECT),
    "model_type": _fixed(OBJECT),
    "model_attributes_type": _fixed(OBJECT),
    "dataclass_type": _fixed(OBJECT),
    "extra_forbidden": _fixed(
        gettext_lazy("This field is not accepted here: remove it, or check its spelling in the API documentation.")
    ),
    "json_invalid": _fixed(gettext_lazy("This is not valid JSON.")),
    "json_type": _fixed(gettext_lazy("This is not valid JSON.")),
    "none_required": _fixed(gettext_lazy("Leave this field out.")),
    "url_parsing": _fixed(gettext_lazy("Enter a full web address, starting with https://.")),
    "url_scheme": _fixed(gettext_lazy("Enter a full web address, starting with https://.")),
}
PYDANTIC_TYPES = set(typing.get_args(ErrorType))
# Types whose message is the text the validator raised (ours are translated when raised; Wagtail's are matched below).
RAISED_MESSAGE_TYPES = {"value_error", "assertion_error"}
GENERIC = gettext_lazy(
    "This value cannot be used here: see the field's type and limits in the API documentation (/api/v3/docs/)."
)


def _wagtail_messages():
    """English texts raised by Wagtail's API v3 page list and by django-ninja, with the message to give instead."""
    return [
        (
            r"Field filter error, '(?P<value>.*)' is not a valid value for (?P<field>\w+)\. \(.*\)",
            gettext_lazy("“%(value)s” is not a valid value for the filter “%(field)s”."),
        ),
        (
            r"search is disabled\.",
            gettext_lazy("The pages list cannot be searched here; use /api/v3/search/."),
        ),
        (
            r"\w+ is not indexed for search\.",
            gettext_lazy("Pages of this type cannot be searched here; use /api/v3/search/."),
        ),
        (
            r"Cannot (?:filter|order) by '(?P<field>\w+)' while searching \(field is not indexed\)\.",
            gettext_lazy("“%(field)s” cannot be used while searching; leave it out or search with /api/v3/search/."),
        ),
        (
            r"Your query returned multiple sites\..*",
            gettext_lazy("Several sites have this host name: add the port to site, such as example.cn:443."),
        ),
        (
            r"Cannot parse request body.*",
            gettext_lazy(
                "The body cannot be read as JSON: send a JSON object (UTF-8 text without NaN, Infinity or unpaired "
                "surrogates) with the fields the API documentation lists."
            ),
        ),
        (
            r"Expected UploadFile, received: .*",
            gettext_lazy("Send a file here, as a part of a multipart/form-data body."),
        ),
        (
            r"Rich text input .*|rich_text_format must be one of .*|Invalid Markdown in rich text.*",
            gettext_lazy("Send rich text as an HTML string."),
        ),
    ]


WAGTAIL_MESSAGES = [(re.compile(pattern, re.DOTALL), message) for pattern, message in _wagtail_messages()]
RAISED_PREFIXES = ("Value error, ", "Assertion failed, ")


def translate_text(text):
    """Our message for an English text from Wagtail or django-ninja, or the text itself (already ours)."""
    for prefix in RAISED_PREFIXES:
        text = text.removeprefix(prefix)
    for pattern, message in WAGTAIL_MESSAGES:
        match = pattern.fullmatch(text)
        if match:
            return str(message) % match.groupdict()
    return text


def localize(error):
    """One validation error with the message of ours for its type; ``type``, ``loc`` and ``ctx`` unchanged."""
    error = {key: value for key, value in error.items() if key not in ("input", "url")}
    kind = error.get("type", "")
    ctx = dict(error.get("ctx") or {})
    if "error" in ctx:
        ctx["error"] = str(ctx["error"])
        error["ctx"] = ctx
    if kind in MESSAGES:
        error["msg"] = MESSAGES[kind](ctx)
    elif kind in RAISED_MESSAGE_TYPES or kind not in PYDANTIC_TYPES:
        error["msg"] = translate_text(str(error.get("msg", "")))
    else:
        error["msg"] = str(GENERIC)
    error["loc"] = list(error.get("loc", ()))
    return error


def validation_error(error_contexts):
    """django-ninja's validation error with each ``loc`` as the request names the field.

    ninja maps an error of a flattened parameter schema (``Query[ItemFilters]``)
    back to its query name only when it is the field itself; an error inside
    it (the first value of ``?campaign=…``) kept the schema's argument name:
    ``["query", "filters", "campaign", 0]`` for ``["query", "campaign", 0]``.
    """
    errors = []
    for context in error_contexts:
        model = context.model
        reverse = getattr(model, "__ninja_flatten_map_reverse__", {})
        for error in context.pydantic_validation_error.errors(include_url=False):
            loc = tuple(error["loc"])
            for length in range(len(loc), 0, -1):
                if loc[:length] in reverse:
                    loc = tuple(reverse[loc[:length]]) + loc[length:]
                    break
            error = {key: value for key, value in error.items() if key != "input"}
            errors.append({**error, "loc": (model.__ninja_param_source__, *loc)})
    return NinjaValidationError(errors)


def _form_errors(exc):
    if isinstance(exc, FormValidationError):
        return [
            {"type": code, "loc": list(path), "msg": message}
            for path, coded_messages in exc.loc_errors
            for message, code in coded_messages
        ]
    return [{"msg": message} for message in exc.messages]


def register_error_handlers(api, *, server_error):
    """Answer every exception an operation can raise with a problem document; ``server_error`` answers the rest."""

    @api.exception_handler(PydanticValidationError)
    def pydantic_invalid(request, exc):
        if exc.title == RESPONSE_SCHEMA_TITLE:
            return server_error(request, exc)
        return invalid([localize(error) for error in exc.errors(include_url=False)])

    @api.exception_handler(NinjaValidationError)
    def ninja_invalid(request, exc):
        return invalid([localize(error) for error in exc.errors])

    @api.exception_handler(DjangoValidationError)
    def form_invalid(request, exc):
        return invalid(_form_errors(exc))

    @api.exception_handler(AuthenticationError)
    def authentication_required(request, exc):
        return problem(
            401,
            _(
                "A valid API token is required: send “Authorization: Bearer <token>”. "
                "Tokens are issued, and expire or are revoked, in the admin under Settings → API tokens."
            ),
        )

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        if not request.user.is_authenticated:
            return authentication_required(request, exc)
        return problem(403, str(exc) or _("Your account may not do this."))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return problem(404, _("Not found, or not public."))

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        return problem(
            429, _("Too many requests. Wait %(seconds)s seconds and try again.") % {"seconds": int(exc.wait or 1)}
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return problem(exc.status_code, translate_text(str(exc)), getattr(exc, "errors", None))

    @api.exception_handler(RichTextFormatError)
    def rich_text_format(request, exc):
        return problem(400, translate_text(str(exc)))

    @api.exception_handler(MultiPartParserError)
    def unreadable_multipart(request, exc):
        return problem(
            400,
            _(
                "The multipart body cannot be read: send multipart/form-data with the boundary named in its "
                "Content-Type header, as HTTP clients do when given a file to upload. Nothing was saved."
            ),
        )

    @api.exception_handler(UnreadablePostError)
    def unreadable_body(request, exc):
        return problem(400, _("The body of the request could not be read completely. Send it again."))

    @api.exception_handler(RequestDataTooBig)
    def too_large(request, exc):
        return problem(
            413, _("The request is too large. Upload files one at a time, and keep other bodies under 2.5 MB.")
        )

    @api.exception_handler(SuspiciousOperation)
    def unreadable_request(request, exc):
        return problem(
            400,
            _("The request cannot be read: it has too many fields or files, or a malformed header. Nothing was saved."),
        )

    @api.exception_handler(Exception)
    def unexpected(request, exc):
        return server_error(request, exc)
