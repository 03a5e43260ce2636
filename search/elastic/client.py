"""The one Elasticsearch client of the process, and what counts as the cluster being away.

A public search must answer within ``ELASTICSEARCH_TIMEOUT`` seconds whatever
the cluster does, so the client never retries: a retry would double the wait
before the service falls back to the database, which answers anyway. The
client is built once per URL and timeout (it holds a connection pool) and is
safe to share between threads.
"""

import contextlib
import threading

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, UnsupportedProductError

from search.elastic import ElasticsearchUnavailable

# Statuses that say "not now" rather than "your request is wrong": the service
# answers from the database instead. 404 is the index (alias) not existing
# yet, before the first rebuild; 429 is the cluster shedding load.
UNAVAILABLE_STATUSES = frozenset({404, 408, 429})

_clients = {}
_lock = threading.Lock()


def get_client():
    """The shared client for ``settings.ELASTICSEARCH_URL``."""
    url = settings.ELASTICSEARCH_URL
    if not url:
        raise ImproperlyConfigured("ELASTICSEARCH_URL is not set; the Elasticsearch engine cannot be used.")
    key = (url, float(settings.ELASTICSEARCH_TIMEOUT))
    with _lock:
        if key not in _clients:
            _clients[key] = _build_client(*key)
        return _clients[key]


def _build_client(url, timeout):
    try:
        return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False, retry_on_status=())
    except ValueError as error:
        raise ImproperlyConfigured(f"ELASTICSEARCH_URL={url!r} is not a usable URL: {error}") from error


def reset_clients():
    """Close and forget the shared clients, so the next call builds one from the settings of that moment."""
    with _lock:
        clients = list(_clients.values())
        _clients.clear()
    for client in clients:
        client.close()


def alias_name():
    """The alias every read and write goes through; rebuilds point it at a new index."""
    return settings.ELASTICSEARCH_INDEX


def is_unavailable(error):
    """True when ``error`` means the cluster could not serve us now, as opposed to a bug in our request."""
    if isinstance(error, UnsupportedProductError):
        return True
    if isinstance(error, ApiError):
        return error.meta.status >= 500 or error.meta.status in UNAVAILABLE_STATUSES
    return isinstance(error, TransportError)


@contextlib.contextmanager
def unavailable_as_exception(action):
    """Turn the cluster being away into ``ElasticsearchUnavailable`` naming ``action``; let other errors through."""
    try:
        yield
    except (ApiError, TransportError) as error:
        if is_unavailable(error):
            raise ElasticsearchUnavailable(f"Elasticsearch {action} failed: {error}") from error
        raise
