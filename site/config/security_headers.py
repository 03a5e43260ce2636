"""Content-Security-Policy for every response, strict on the public site, scoped looser in the admin.

Django 5.2 has no CSP of its own. Our public templates load scripts and
styles only from our static files (no inline ``<script>``, no ``style=``), so
the public policy has no 'unsafe-inline' at all: an injected script or a
stray inline handler does not run even if escaping ever failed. Wagtail's
admin relies on inline scripts and styles, so URLs under the admin prefix
get a policy that allows them but still keeps every other origin out.
Videos are embedded from the platforms' players over HTTPS.
"""

COMMON = {
    "default-src": "'self'",
    "img-src": "'self' data: blob:",
    "media-src": "'self'",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
PUBLIC = {**COMMON, "script-src": "'self'", "style-src": "'self'", "frame-src": "https:", "frame-ancestors": "'none'"}
ADMIN = {
    **COMMON,
    "script-src": "'self' 'unsafe-inline'",
    "style-src": "'self' 'unsafe-inline'",
    "frame-src": "'self' https:",
    "frame-ancestors": "'self'",
}


def _header(policy):
    return "; ".join(f"{directive} {sources}" for directive, sources in policy.items())


# Paths whose pages come from Wagtail's admin templates, and the API's interactive docs (Swagger UI, which
# styles its own elements inline); neither shows content the public wrote.
ADMIN_PREFIXES = ("/admin/", "/api/v3/docs/")
PUBLIC_HEADER = _header(PUBLIC)
ADMIN_HEADER = _header(ADMIN)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response.headers:
            admin = request.path.startswith(ADMIN_PREFIXES)
            response.headers["Content-Security-Policy"] = ADMIN_HEADER if admin else PUBLIC_HEADER
        return response
