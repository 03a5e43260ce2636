"""The installable distribution ships the apps only: no demo and no benchmark.

The packages and package data are found the way setuptools finds them when
it builds the wheel, from ``[tool.setuptools]`` in pyproject.toml, so a demo
module or a benchmark command put back into an app, or an include pattern
that widens to the host's demo or to ``bench/``, fails here.
"""

import os
import subprocess
import sys
import warnings
from pathlib import Path

from setuptools.config.pyprojecttoml import read_configuration

REPO_DIR = Path(__file__).resolve().parents[2]
APPS = {"campaign", "showcase", "assessment", "search"}
NOT_SHIPPED = ("demo", "bench")


def shipped_files(repo_dir):
    """(packages, files relative to ``repo_dir``) of the distribution that ``repo_dir``'s pyproject.toml builds."""
    with warnings.catch_warnings():
        # setuptools calls its pyproject.toml support "beta" on every read.
        warnings.simplefilter("ignore")
        config = read_configuration(repo_dir / "pyproject.toml", expand=True)["tool"]["setuptools"]
    packages = sorted(config["packages"])
    data = config.get("package-data", {})
    files = set()
    for package in packages:
        folder = repo_dir.joinpath(*package.split("."))
        files.update(path for path in folder.glob("*.py"))
        for pattern in data.get("", []) + data.get("*", []) + data.get(package, []):
            files.update(path for path in folder.glob(pattern) if path.is_file())
    return packages, sorted(str(path.relative_to(repo_dir)) for path in files)


def _offending(names):
    return [name for name in names if any(word in name.lower() for word in NOT_SHIPPED)]


def test_the_distribution_ships_the_apps_and_nothing_of_the_demo_or_the_benchmarks():
    packages, files = shipped_files(REPO_DIR)
    assert {package.split(".")[0] for package in packages} == APPS
    assert "showcase.models" in packages and "campaign/models/__init__.py" in files
    assert "search/dictionary/synonyms.txt" in files and "campaign/locale/zh_Hans/LC_MESSAGES/django.mo" in files
    assert _offending(packages) == [], "demo or benchmark packages would be installed with the apps"
    assert _offending(files) == [], "demo or benchmark modules or data would be installed with the apps"


def test_production_does_not_install_the_demo():
    environment = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "DATABASE_URL"}}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="k3P9v-q2_LmZr8sXw1Yt6Nb4Hc7Dj0Fg5Ke2Ua9Ri3Os8Pl1Qm6Tn4Vx7Wz0Ay5Bu2Ce",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    script = "import django; django.setup(); from django.apps import apps; print(apps.is_installed('demo'))"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_DIR / "site",
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
