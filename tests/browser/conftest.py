"""Browser tests: Debian's Chromium driven by Playwright, pages checked by axe-core.

Every test here runs against pytest-django's ``live_server`` (a real HTTP server
in a thread of this process, sharing the SQLite test database file).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse the ORM calls that fixtures and assertions make there.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from django.test import override_settings  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.factories import PASSWORD  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# WCAG 2.0 and 2.1, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session", autouse=True)
def _static_root(tmp_path_factory):
    """An existing STATIC_ROOT for the live server.

    WhiteNoise warns "No directory at: …/var/static/" when collectstatic has not
    run, and pytest turns that warning into an error that stops the live server.
    The live server serves static files from the finders anyway.
    """
    with override_settings(STATIC_ROOT=str(tmp_path_factory.mktemp("static"))):
        yield


@pytest.fixture(scope="session")
def browser():
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: the browser tests need Debian's chromium "
            "package. Run `make test` (or `make browser-deps`) to install it; "
            "never `playwright install`.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_context_args():
    """Options of each test's browser context; override in a test module if needed."""
    return {"locale": "fr-CH", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def context(browser, browser_context_args):
    context = browser.new_context(**browser_context_args)
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context, live_server):
    """A fresh page; the test fails if the page throws or the server answers 5xx."""
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    page.on(
        "response",
        lambda response: (
            problems.append(f"HTTP {response.status} for {response.request.method} {response.url}")
            if response.status >= 500
            else None
        ),
    )
    yield page
    page.close()
    if problems:
        pytest.fail("The browser saw errors:\n" + "\n".join(problems), pytrace=False)


def _format_violations(url, violations):
    lines = [f"{len(violations)} accessibility violation(s) (axe-core, WCAG 2.1 AA) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} [{violation.get('impact') or 'n/a'}]: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").strip()
            if summary:
                lines.extend(f"      {line.strip()}" for line in summary.splitlines())
    return "\n".join(lines)


@pytest.fixture(scope="session")
def _axe():
    return Axe()


@pytest.fixture
def axe_check(_axe):
    """``axe_check(page)``: fail with a readable list if axe-core finds WCAG 2.1 A/AA violations.

    ``context`` (optional) limits the check to part of the page, in axe-core's
    context syntax (a CSS selector, or {"include": [...], "exclude": [...]}).
    """

    def check(page, context=None):
        page.wait_for_load_state("load")
        results = _axe.run(
            page,
            context=context,
            options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
        )
        violations = results.response["violations"]
        if violations:
            pytest.fail(_format_violations(page.url, violations), pytrace=False)
        return results

    return check


@pytest.fixture
def log_in(page, live_server):
    """``log_in(user)``: log in through the login form, as a person would."""

    def do_log_in(user, password=PASSWORD):
        page.goto(f"{live_server.url}/comptes/connexion/")
        page.locator('input[name="username"]').fill(user.email)
        page.locator('input[name="password"]').fill(password)
        page.locator("main form").get_by_role("button").click()
        page.wait_for_url(f"{live_server.url}/tableau-de-bord/")

    return do_log_in
