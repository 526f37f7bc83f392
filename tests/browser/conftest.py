"""Browser tests: Debian's Chromium driven by Playwright, pages checked by axe-core.

Every test here runs against pytest-django's ``live_server`` (a real HTTP server
in a thread of this process, sharing the SQLite test database file).
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.factories import PASSWORD

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


@pytest.fixture(scope="package")
def browser():
    """Chromium, started once for all the browser tests.

    Playwright's sync API keeps an asyncio event loop running in the test thread
    for as long as it is started, and Django refuses ORM calls from a thread with
    a running loop: DJANGO_ALLOW_ASYNC_UNSAFE lifts that for exactly that time.
    Package scope (not session) stops Playwright and restores the environment
    after the last browser test, so later tests keep Django's protection and
    subprocesses (``manage.py check --deploy``) do not inherit the variable.
    """
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: the browser tests need Debian's chromium "
            "package. Run `make test` (or `make browser-deps`) to install it; "
            "never `playwright install`.",
            pytrace=False,
        )
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            _watch_every_context(browser)
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# ------------------------------------------------------------- the security policy
#
# Every browser context (the `context` fixture's and those a test makes itself with
# browser.new_context) is watched: each document the server sends must carry the
# Content-Security-Policy and the Permissions-Policy, and the browser must not have
# refused anything under the policy (an inline script or style, eval, a resource from
# elsewhere). The test then fails, listing what happened (`security_problems`).

# Reports every violation the page sees to the console, where the watcher reads it.
# Playwright runs init scripts outside the page's policy.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    "Content Security Policy violation: " + event.effectiveDirective + " refused "
    + (event.blockedURI || "inline code") + " at " + event.sourceFile + ":" + event.lineNumber
  );
});
"""
_security = {"problems": None}


def _note(problem):
    if _security["problems"] is not None:
        _security["problems"].append(problem)


def _on_console(message):
    if "Content Security Policy" in message.text or "Permissions policy" in message.text:
        _note(
            f"{message.type} in the browser's console on {message.page and message.page.url}: "
            f"{message.text}"
        )


def _on_response(response):
    if response.request.resource_type != "document" or not response.url.startswith("http"):
        return
    headers = response.headers
    policy = headers.get("content-security-policy", "")
    script_src = next(
        (part for part in policy.split(";") if part.split()[:1] == ["script-src"]), ""
    )
    if not policy or "'unsafe-inline'" in script_src or "'unsafe-eval'" in script_src:
        _note(f"HTTP {response.status} {response.url}: Content-Security-Policy is {policy!r}")
    if not headers.get("permissions-policy"):
        _note(f"HTTP {response.status} {response.url}: no Permissions-Policy")


def _watch(context):
    context.add_init_script(REPORT_VIOLATIONS)
    context.on("console", _on_console)
    context.on("response", _on_response)
    return context


def _watch_every_context(browser):
    new_context = browser.new_context

    def watched_new_context(*args, **kwargs):
        return _watch(new_context(*args, **kwargs))

    browser.new_context = watched_new_context


@pytest.fixture(autouse=True)
def security_problems():
    """What the browser saw against the security policy during this test; the test
    fails if anything is left in it."""
    problems = []
    _security["problems"] = problems
    yield problems
    _security["problems"] = None
    if problems:
        pytest.fail(
            "The security policy was broken:\n" + "\n".join(dict.fromkeys(problems)),
            pytrace=False,
        )


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


SUBRESOURCES = {"stylesheet", "script", "image", "font"}


@pytest.fixture
def page(context, live_server):
    """A fresh page. The test fails if a script throws, if the server answers
    5xx, or if a stylesheet, script, image or font of the page cannot be loaded."""
    page = context.new_page()
    problems = []

    def on_response(response):
        request = response.request
        if response.status >= 500 or (
            response.status >= 400 and request.resource_type in SUBRESOURCES
        ):
            problems.append(
                f"HTTP {response.status} for the {request.resource_type} "
                f"{request.method} {response.url}"
            )

    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    page.on("response", on_response)

    def on_failed(request):
        # A load the browser itself cancelled because the page moved on (the test clicked a
        # link first) is not a missing file; a missing file answers 4xx, seen above.
        if request.resource_type in SUBRESOURCES and "ERR_ABORTED" not in (request.failure or ""):
            problems.append(
                f"Could not load the {request.resource_type} {request.url} ({request.failure})"
            )

    page.on("requestfailed", on_failed)
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
