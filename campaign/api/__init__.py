"""What every app's part of the headless API shares: HTTP caching, throttles, token expiry, common schemas.

The API itself is one django-ninja instance built in ``site/config/api.py`` on
Wagtail's API v3; each app owns its routers (``<app>/api.py``) and this
package gives them the same behaviour at the edges.
"""
