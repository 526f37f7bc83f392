"""The watch on the security policy (conftest.py) sees what it must: a page without
the headers, an inline script and an inline style refused by the browser."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

PROBE = (
    "<!doctype html><html lang='en'><head><title>probe</title>"
    "<script>document.title = 'inline script ran';</script></head>"
    "<body><p style='color: red'>probe</p></body></html>"
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_watch_reports_missing_headers_and_refused_inline_code(
    page, live_server, security_problems, settings
):
    policy = "; ".join(
        f"{name} {' '.join(sources)}"
        for name, sources in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items()
    )
    page.route(
        f"{live_server.url}/probe-with-policy/",
        lambda route: route.fulfill(
            body=PROBE, content_type="text/html", headers={"Content-Security-Policy": policy}
        ),
    )
    page.route(
        f"{live_server.url}/probe-without-policy/",
        lambda route: route.fulfill(body=PROBE, content_type="text/html"),
    )

    page.goto(f"{live_server.url}/probe-with-policy/")
    expect(page).to_have_title("probe")  # the inline script did not run
    page.wait_for_timeout(200)  # violation reports arrive through the console
    refused = "\n".join(security_problems)
    assert "script-src" in refused and "style-src" in refused, refused
    assert "without-policy" not in refused

    page.goto(f"{live_server.url}/probe-without-policy/")
    assert any(
        "probe-without-policy" in problem and "Content-Security-Policy is ''" in problem
        for problem in security_problems
    ), security_problems
    security_problems.clear()  # seen: this test's own probes must not fail it

    # Maillage's own pages break nothing.
    page.goto(live_server.url + reverse("core:home"))
    expect(page.get_by_role("link", name="Maillage")).to_be_visible()
    page.wait_for_timeout(200)
    assert security_problems == []
