"""Local development and the demo: debug on, console email, a throwaway key."""

from config.env import env_bool, env_str, task_backend_config

from .base import *  # noqa: F403

# The demo builder (`manage.py campaign_demo`) is a host-only app: development and tests install it, production never.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
# Serve static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks run in the request unless TASK_BACKEND=database (then start `manage.py config_worker`).
TASKS = task_backend_config("TASK_BACKEND", "immediate")
