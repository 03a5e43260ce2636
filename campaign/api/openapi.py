"""Complete the OpenAPI document: every error a client can receive, with its shape and headers.

django-ninja documents only each operation's success responses, and Wagtail's
anonymous-access marker is emitted as an incomplete security scheme. The API
instance passes its generated document through ``complete_openapi`` so the
document describes what the server really answers.
"""

from copy import deepcopy

from wagtail.api.v3.errors import PROBLEM_JSON, ProblemDetail

ANONYMOUS_SCHEME = "AllowAnonymous"
BEARER_SCHEME = "BearerTokenAuth"
PROBLEM_REF = {"$ref": "#/components/schemas/ProblemDetail"}
CACHE_HEADERS = {
    "ETag": {"description": "Validator for conditional requests (If-None-Match).", "schema": {"type": "string"}},
    "Last-Modified": {"description": "When public content last changed.", "schema": {"type": "string"}},
    "Cache-Control": {"description": "public, max-age=… for anonymous reads.", "schema": {"type": "string"}},
}
ERROR_DESCRIPTIONS = {
    "400": "Bad request: a parameter or the body cannot be used.",
    "401": "No valid API token (missing, unknown, revoked or expired).",
    "403": "The token's user may not do this.",
    "404": "Not found, or not public.",
    "409": "Conflict: the object changed state (for example, another reviewer acted first).",
    "422": "Validation failed: `errors` lists each field to fix.",
    "429": "Rate limit reached: retry after the number of seconds in Retry-After.",
    "500": "Server error (reported to the operators; no details are given).",
    "503": "Service temporarily unavailable.",
}


def _problem(description, headers=None):
    response = {"description": description, "content": {PROBLEM_JSON: {"schema": PROBLEM_REF}}}
    if headers:
        response["headers"] = headers
    return response


# Operations mark what the generic completion cannot see with these openapi_extra keys.
RATE_LIMITED = "x-rate-limited"
CONFLICTS = "x-conflicts"
UNCACHED = "x-uncached"
EXTRA_ERRORS = "x-errors"


def complete_openapi(document):
    document = deepcopy(document)
    components = document.setdefault("components", {})
    components.setdefault("schemas", {})["ProblemDetail"] = ProblemDetail.model_json_schema()
    components.get("securitySchemes", {}).pop(ANONYMOUS_SCHEME, None)
    for path_item in document.get("paths", {}).values():
        for method, operation in path_item.items():
            _complete_operation(method, operation)
    return document


def _complete_operation(method, operation):
    rate_limited, conflicts, uncached = (bool(operation.pop(key, False)) for key in (RATE_LIMITED, CONFLICTS, UNCACHED))
    security = operation.get("security", [])
    anonymous = any(ANONYMOUS_SCHEME in entry for entry in security)
    operation["security"] = [{} if ANONYMOUS_SCHEME in entry else entry for entry in security]
    uses_token = any(BEARER_SCHEME in entry for entry in security)
    responses = {str(code): response for code, response in operation.get("responses", {}).items()}
    operation["responses"] = responses
    codes = ["400", "404", "422", "500", "503", *operation.pop(EXTRA_ERRORS, [])]
    if uses_token:
        codes += ["401", "403"]
    if rate_limited:
        codes.append("429")
    if conflicts:
        codes.append("409")
    for code in sorted(codes):
        headers = {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}}
        responses.setdefault(code, _problem(ERROR_DESCRIPTIONS[code], headers if code == "429" else None))
    if method == "get" and anonymous and not uncached:
        responses.setdefault(
            "304", {"description": "Not modified since the validator given.", "headers": CACHE_HEADERS}
        )
        for code, response in responses.items():
            if code.startswith("2"):
                response.setdefault("headers", {}).update(CACHE_HEADERS)
