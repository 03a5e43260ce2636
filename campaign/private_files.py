"""Storage for files only some people may read: finished exports, rendered certificates.

It lies outside MEDIA_ROOT (``PRIVATE_FILES_ROOT``), which the web server may
serve to anyone; each such file is served by a view that checks who asks.
"""

from django.core.files.storage import storages


def private_storage():
    return storages["private"]
