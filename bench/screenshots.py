"""Screenshots of the redesigned pages, for docs/screenshots/ and the README.

Run from the repository root (`make screenshots`):
    .venv/bin/python bench/screenshots.py

The real stack of `make demo` (bench/server.py) with the demo data; Debian's Chromium
driven by Playwright takes each page as the demo person who uses it, on a laptop
screen (1280×800) or a phone (375×740), in French.
"""

import json
from pathlib import Path

from playwright.sync_api import sync_playwright
from server import ROOT, Site

PAGES = Path(__file__).with_name("lighthouse_pages.py")
OUT = ROOT / "docs" / "screenshots"
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
SHOTS = {
    "dashboard": ("dashboard", LAPTOP),
    "meeting": ("meeting", LAPTOP),
    "minutes": ("minutes", LAPTOP),
    "project": ("project", LAPTOP),
    "board": ("board", LAPTOP),
    "theme board": ("theme-board", LAPTOP),
    "wall on a phone": ("wall-phone", PHONE),
    "event page": ("event", LAPTOP),
    "results": ("results", LAPTOP),
}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with Site() as site:
        pages = json.loads(site.manage(f"exec(open({str(PAGES)!r}).read())"))
        with site.serve(), sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            for name, url, cookie, _phone in pages:
                if name not in SHOTS:
                    continue
                file, viewport = SHOTS[name]
                context = browser.new_context(
                    viewport=viewport, locale="fr-CH", is_mobile=viewport is PHONE
                )
                if cookie:
                    context.add_cookies(
                        [
                            {
                                "name": "sessionid",
                                "value": cookie,
                                "url": f"http://127.0.0.1:{site.port}",
                            }
                        ]
                    )
                page = context.new_page()
                page.goto(f"http://127.0.0.1:{site.port}{url}")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=OUT / f"{file}.png")
                print(f"docs/screenshots/{file}.png  {name}  {url}")
                context.close()
            browser.close()


if __name__ == "__main__":
    main()
