"""The timeline's axis as Chromium draws it: the month labels and today's label, measured
by the browser (getBBox), neither overlap nor pass the picture's right edge, in French
and in English, from one month to ten years."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.utils import translation

from maillage.projects.timeline import timeline_svg

pytestmark = pytest.mark.browser

RANGES = [
    (date(2026, 6, 1), date(2026, 6, 30)),
    (date(2026, 6, 1), date(2026, 11, 30)),
    (date(2026, 6, 1), date(2029, 5, 31)),
    (date(2026, 6, 1), date(2036, 5, 31)),
]
# The site's font stack (maillage.css), and a wide font.
FONTS = ['system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', '"DejaVu Sans", sans-serif']

MEASURE = """() => {
  const svg = document.querySelector("svg");
  const labels = [...svg.querySelectorAll("text.month, text.today-label")].map((node) => {
    const box = node.getBBox();
    return {text: node.textContent, left: box.x, right: box.x + box.width,
            top: box.y, bottom: box.y + box.height};
  });
  return {width: svg.width.baseVal.value, labels};
}"""


def _streams(start, end):
    project = SimpleNamespace(
        title="Projet", starts_on=start, ends_on=end, live_milestones=[], open_actions=[]
    )
    return [SimpleNamespace(title="Chantier", projects=[project])]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_axis_labels_as_drawn_never_overlap(browser, language):
    page = browser.new_page()
    try:
        for font in FONTS:
            for start, end in RANGES:
                for today in (start, end):
                    with translation.override(language):
                        svg = timeline_svg(_streams(start, end), today)
                    page.set_content(
                        f'<!doctype html><html><body style="margin:0;font-family:{font}">'
                        f"{svg}</body></html>"
                    )
                    drawn = page.evaluate(MEASURE)
                    labels = drawn["labels"]
                    assert len(labels) >= 3
                    for i, a in enumerate(labels):
                        assert a["left"] >= 0 and a["right"] <= drawn["width"], (font, a)
                        for b in labels[i + 1 :]:
                            apart = (
                                a["right"] <= b["left"]
                                or b["right"] <= a["left"]
                                or a["bottom"] <= b["top"]
                                or b["bottom"] <= a["top"]
                            )
                            assert apart, (font, start, end, a, b)
    finally:
        page.close()
