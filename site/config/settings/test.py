"""The pytest suite: fast hashing, in-memory cache and mail, plain static storage."""

import os

from config.env import task_backend_config

from .base import *  # noqa: F403

# pytest-xdist names each worker (gw0, gw1, ...); pytest-django gives each its own test database,
# and the folders and index names below follow, so parallel workers never share a file or an alias.
TEST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")

# The tests build the demo (`campaign_demo`), a host-only app that production never installs.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105 - the test suite's own key
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
MEDIA_ROOT = REPO_DIR / "var" / "test-media" / TEST_WORKER
PRIVATE_FILES_ROOT = MEDIA_ROOT / "private"
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_FILES_ROOT
ALLOWED_HOSTS = ["*"]
# Serve static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# A live cluster (ELASTICSEARCH_URL set for the live tests) is written to under its own alias, never the site's.
ELASTICSEARCH_INDEX = f"jieshui-test-items-{TEST_WORKER}"
# Django's test client signs in without a request, which axes refuses; the lockout tests switch it back on.
AXES_ENABLED = False
# Tasks run when enqueued; the fault drill starts workers with TASK_BACKEND=database (tests/faults/).
TASKS = task_backend_config("TASK_BACKEND", "immediate")
