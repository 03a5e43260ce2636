"""Browser tests drive Debian's Chromium with Playwright against a live server.

Playwright cannot download its own browser here, so the tests use the system
Chromium (``apt-get install chromium``; .ci/run installs it). Where it is
missing the tests are skipped with a message saying so; in CI they fail instead,
because a green CI run must include them.
"""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_path():
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def browser(live_server):
    """Function-scoped on purpose, and started after the database work.

    While Playwright's sync API runs, code executes in a greenlet with its own
    context variables, where Django's connections are fresh objects: database
    work done then opens a connection the test teardown never closes. So tests
    prepare data in fixtures that run before this one, and only drive the
    browser in their body.
    """
    path = _chromium_path()
    if path is None:
        message = (
            "浏览器测试需要 Debian 的 Chromium（apt-get install chromium）。"
            " / Browser tests need Debian's Chromium: apt-get install chromium"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; Django's ORM refuses to run
    # beside one unless told that the test thread is synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def browser_page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo_campaign(transactional_db):
    """The demo campaign, built before the browser starts (see ``browser``)."""
    call_command("campaign_demo", activities=40, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def artifacts_dir():
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR
