"""Steps in Wagtail's admin that several browser tests take, as a person takes them."""

DESKTOP = {"width": 1366, "height": 900}


def log_in(browser, live_server, username, password, **context_options):
    """A new browser context signed in as ``username``, on the admin home; returns (context, page)."""
    context = browser.new_context(viewport=DESKTOP, **context_options)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', password)
    page.locator('form button[type="submit"]').click()
    page.wait_for_url(f"{live_server.url}/admin/")
    return context, page


def open_action_menu(page):
    page.locator("footer .w-dropdown-button .w-dropdown__toggle").click()


def workflow_action(page, name):
    """Open the editor's action menu and launch the workflow action ``name``; its form opens in a modal."""
    open_action_menu(page)
    page.locator(f'[data-workflow-action-name="{name}"]').click()
    modal = page.locator(".modal-content form")
    modal.wait_for()
    return modal


def choose_tag(page, field, name):
    """Pick ``name`` from the tag field's suggestions: type it, then choose it in the list."""
    page.locator(f'input[name="{field}"]').locator("xpath=..").locator(".tagit-new input").click()
    page.keyboard.type(name)
    page.locator(".ui-autocomplete:visible .ui-menu-item", has_text=name).first.click()
