"""Django for the benchmarks: the host project's development settings (the demo app installed), debug off."""

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def setup():
    """Set Django up on ``DATABASE_URL`` (the host's default database when unset)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ.setdefault("DEBUG", "0")
    sys.path.insert(0, str(REPO / "site"))
    import django

    django.setup()
