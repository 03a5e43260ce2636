"""The host project. Importing it puts the repository root on ``sys.path``.

The reusable apps (campaign, showcase, assessment, search) sit at the
repository root beside ``site/`` so that they can be packaged on their own;
``manage.py`` and the WSGI entry point run from ``site/`` and find them here.
"""

import sys
from pathlib import Path

_REPO_DIR = str(Path(__file__).resolve().parents[2])
if _REPO_DIR not in sys.path:
    sys.path.insert(0, _REPO_DIR)
