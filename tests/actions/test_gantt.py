"""The Gantt chart's SVG and table, drawn from a known Plan (no database): bars at the
right place for each zoom, diamonds, one arrow per dependency, today's line, late and
critical marks that are not colour alone, every text escaped, and the table."""

from datetime import date, timedelta

import defusedxml.ElementTree as ET
import pytest
from django.utils import translation

from maillage.actions.gantt import gantt_svg, gantt_table
from maillage.actions.gantt_axis import DAY_WIDTH, LABEL_WIDTH, Scale, chart_range
from maillage.actions.gantt_data import Band, Bar, Marker, Plan

NS = {"svg": "http://www.w3.org/2000/svg"}
D = date.fromisoformat
TODAY = D("2027-01-11")


def bar(pk, title, start, end, **extra):
    values = {
        "pk": pk,
        "title": title,
        "url": f"/collectifs/c/actions/{pk}/",
        "owners": "Aïcha, Bernard",
        "start": D(start) if start else None,
        "end": D(end) if end else None,
        "status": "todo",
        "status_label": "To do",
        "phase": "",
        "project": "",
        "version": 3,
    }
    values.update(extra)
    return Bar(**values)


@pytest.fixture
def plan():
    """A (4–8 Jan, critical) → B (9–12 Jan, critical) → C (13–15 Jan, critical), A → D
    (a deadline on the 9th, late); E done; F undated; two milestones, one reached."""
    a = bar(1, "Réserver la salle", "2027-01-04", "2027-01-08", critical=True, float_days=0)
    b = bar(2, "Envoyer les invitations", "2027-01-09", "2027-01-12", depends_on=[1])
    b.critical, b.float_days = True, 0
    c = bar(3, "<script>alert(1)</script>", "2027-01-13", "2027-01-15", depends_on=[2])
    c.critical, c.float_days = True, 0
    d = bar(4, "Valider le budget", None, "2027-01-09", depends_on=[1], late=True, float_days=6)
    e = bar(5, "Faire le bilan", "2027-01-02", "2027-01-03", status="done", status_label="Done")
    f = bar(6, "Trouver un lieu", None, None)
    preparation = Band(
        "Préparation & <b>accueil</b>",
        bars=[a, b, d, f],
        starts_on=D("2027-01-01"),
        ends_on=D("2027-01-12"),
        markers=[Marker("Rencontre de février", D("2027-01-20"))],
    )
    rounds = Band(
        "Tours", bars=[c, e], markers=[Marker("Fin du tour 1", D("2027-01-05"), reached=True)]
    )
    return Plan(
        title="Cafés <de> l'emploi",
        today=TODAY,
        bands=[preparation, rounds],
        edges=[(1, 2), (2, 3), (1, 4)],
        critical_path=[1, 2, 3],
        finish=D("2027-01-15"),
    )


def draw(plan, zoom="month", **kwargs):
    with translation.override("en"):
        return gantt_svg(plan, zoom, **kwargs)


def parse(svg):
    return ET.fromstring(svg)


def bars_of(root):
    return {
        int(g.get("data-action")): g for g in root.findall(".//svg:g", NS) if g.get("data-action")
    }


@pytest.mark.parametrize("zoom", ["week", "month", "quarter"])
def test_bars_sit_at_their_days_for_each_zoom(plan, zoom):
    root = parse(draw(plan, zoom))
    first, _end = chart_range(plan, zoom)
    width = DAY_WIDTH[zoom]
    assert float(root.get("data-day-width")) == width
    bars = bars_of(root)
    # Dated tasks only: F (undated) is listed under the table, not drawn.
    assert sorted(bars) == [1, 2, 3, 4, 5]
    rect = bars[1].find("svg:rect", NS)
    # From the 4th to the 8th, both included: five days.
    assert float(rect.get("x")) == pytest.approx(
        LABEL_WIDTH + (D("2027-01-04") - first).days * width, abs=0.1
    )
    assert float(rect.get("width")) == pytest.approx(5 * width, abs=0.1)
    assert bars[1].get("data-start") == "2027-01-04" and bars[1].get("data-end") == "2027-01-08"
    assert bars[1].get("data-version") == "3"
    # The chart is as wide as its span at this zoom.
    scale = Scale(plan, zoom)
    assert float(root.get("width")) == pytest.approx(scale.width)


def test_week_zoom_has_a_column_per_day_and_names_weeks(plan):
    root = parse(draw(plan, "week"))
    labels = [t.text for t in root.findall(".//svg:text[@class='gantt-axis-label']", NS)]
    assert "wk 1 · 4 Jan" in labels and "wk 2 · 11 Jan" in labels
    assert {"4", "5", "6", "7", "8"} <= set(labels)
    with translation.override("fr"):
        french = gantt_svg(plan, "week")
    assert "sem. 2" in french


def test_month_and_quarter_zooms_name_months_and_quarters(plan):
    month = [
        t.text
        for t in parse(draw(plan, "month")).findall(".//svg:text[@class='gantt-axis-label']", NS)
    ]
    assert "Jan 2027" in month and "11" in month  # Monday the 11th starts a week column
    quarter = [
        t.text
        for t in parse(draw(plan, "quarter")).findall(".//svg:text[@class='gantt-axis-label']", NS)
    ]
    assert "Q1 2027" in quarter and "Jan" in quarter and "Feb" in quarter


def test_deadlines_and_milestones_are_diamonds_filled_once_reached(plan):
    root = parse(draw(plan))
    deadline = bars_of(root)[4]
    assert deadline.find("svg:polygon[@class='gantt-diamond']", NS) is not None
    assert deadline.get("data-start") == ""
    markers = root.findall(".//svg:g[@class='gantt-marker']", NS)
    reached = root.findall(".//svg:g[@class='gantt-marker is-reached']", NS)
    assert len(markers) == 1 and len(reached) == 1
    assert markers[0].find("svg:polygon", NS).get("fill") == "#ffffff"
    assert reached[0].find("svg:polygon", NS).get("fill") != "#ffffff"


def test_one_arrow_per_dependency_with_an_arrowhead(plan):
    root = parse(draw(plan))
    arrows = root.findall(".//svg:path[@class='gantt-dependency']", NS)
    assert len(arrows) == len(plan.edges) == 3
    assert all(a.get("marker-end") == "url(#gantt-arrowhead)" for a in arrows)
    assert root.find(".//svg:marker[@id='gantt-arrowhead']", NS) is not None
    # From A's end (the 9th's left edge) to B's start, the same day.
    scale = Scale(plan, "month")
    path = arrows[0].get("d")
    assert path.startswith(f"M{scale.x(D('2027-01-09'))},")
    assert path.endswith(f"H{scale.x(D('2027-01-09'))}")


def test_today_line_is_drawn_and_labelled(plan):
    root = parse(draw(plan))
    today = root.find(".//svg:g[@class='gantt-today']", NS)
    line = today.find("svg:line", NS)
    assert float(line.get("x1")) == Scale(plan, "month").mid(TODAY)
    assert today.find("svg:text", NS).text.startswith("Today")


def test_late_and_critical_are_marked_by_more_than_colour(plan):
    root = parse(draw(plan))
    bars = bars_of(root)
    late = bars[4]
    assert "is-late" in late.get("class")
    assert late.find("svg:polygon", NS).get("fill") == "url(#gantt-hatch)"
    assert late.find("svg:g[@class='gantt-late-mark']", NS) is not None
    for pk in (1, 2, 3):
        assert "is-critical" in bars[pk].get("class")
        assert bars[pk].find("svg:rect", NS).get("stroke-width") == "3"
    assert "is-critical" not in bars[5].get("class")
    assert "is-done" in bars[5].get("class")
    legend = [t.text for t in root.findall(".//svg:g[@class='gantt-legend']//svg:text", NS)]
    assert "Critical path (thick outline)" in legend
    assert "Late task (hatched, with “!”)" in legend
    # Each bar says its facts in words.
    assert "late" in late.find("svg:title", NS).text
    assert "on the critical path" in bars[1].find("svg:title", NS).text


def test_every_text_is_escaped_and_no_style_attribute(plan):
    svg = draw(plan)
    assert "<script>" not in svg and "<b>" not in svg and "<de>" not in svg
    root = parse(svg)
    texts = [t.text for t in root.iter(f"{{{NS['svg']}}}text")]
    assert "<script>alert(1)</script>" in texts
    assert "Préparation & <b>accueil</b>" in texts
    assert root.find("svg:title", NS).text == "Gantt chart: Cafés <de> l'emploi"
    assert "style=" not in svg
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "gantt-title gantt-desc"


def test_phase_planned_days_are_drawn_behind(plan):
    root = parse(draw(plan))
    span = root.find(".//svg:rect[@class='gantt-phase-span']", NS)
    scale = Scale(plan, "month")
    assert float(span.get("x")) == scale.x(D("2027-01-01"))
    assert float(span.get("width")) == pytest.approx(12 * DAY_WIDTH["month"])


def test_only_bars_the_viewer_may_move_carry_a_move_url(plan):
    root = parse(draw(plan, move_urls={pk: f"/move/{pk}/?a=1&b=2" for pk in (1, 4)}))
    bars = bars_of(root)
    assert bars[1].get("data-move-url") == "/move/1/?a=1&b=2"
    assert bars[4].get("data-move-url") == "/move/4/?a=1&b=2"
    assert bars[2].get("data-move-url") is None
    assert "is-movable" in bars[1].get("class") and "is-movable" not in bars[2].get("class")


def test_an_empty_plan_still_draws_an_axis_and_today():
    empty = Plan(title="Rien", today=TODAY, bands=[], edges=[], critical_path=[], finish=None)
    root = parse(draw(empty, "week"))
    assert root.find(".//svg:g[@class='gantt-today']", NS) is not None
    assert not bars_of(root)


def test_a_long_plan_at_week_zoom_is_wide_and_labels_never_touch(plan):
    plan.bands[0].bars[0].end = TODAY + timedelta(days=400)
    root = parse(draw(plan, "week"))
    assert float(root.get("width")) > 400 * DAY_WIDTH["week"]
    quarter = parse(draw(plan, "quarter"))
    starts = [
        float(t.get("x")) for t in quarter.findall(".//svg:text[@class='gantt-axis-label']", NS)
    ]
    assert len(starts) > 10


def test_table_rows_are_tasks_and_milestones_by_band(plan):
    groups = gantt_table(plan)
    assert [g["band"].title for g in groups] == ["Préparation & <b>accueil</b>", "Tours"]
    rows = [row for g in groups for row in g["rows"]]
    dated = [b for b in plan.bars if b.dated]
    assert len(rows) == len(dated) + len(plan.markers) == 7
    b_row = next(r for r in rows if r["kind"] == "task" and r["bar"].pk == 2)
    assert b_row["depends_on"] == ["Réserver la salle"]
    assert [b.title for b in plan.undated] == ["Trouver un lieu"]
