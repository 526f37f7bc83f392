"""The job cafés' figures (figures_after.py and its pages): exact counts on a café built
for them, the shares of outcomes known, the same across cafés, a fixed number of
queries, the chart's text alternative, and the XLSX and CSV exports."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from maillage.employment import figures_after
from maillage.employment.models import Obstacle, Outcome, Recruiter, Seeker, Slot

from .setting_after import past_cafe

pytestmark = pytest.mark.django_db

# Seeker index → (checkpoint, kind, contract) recorded.
OUTCOMES = [
    (0, 0, "interview", ""),
    (1, 0, "interview", ""),
    (0, 1, "hired", "cdi"),
    (1, 1, "training", ""),
    (2, 1, "nothing_yet", ""),
    (0, 3, "hired", "cdi"),
    (1, 3, "hired", "cdd"),
    (0, 6, "hired", "cdi"),
    (5, 1, "hired", "cdi"),  # the seeker who cancelled: not counted
]


def built(world):
    made = past_cafe(world, recruiters=3, seekers=6)
    seekers = made.seekers
    Seeker.objects.filter(pk__in=[s.pk for s in seekers[:4]]).update(status="arrived")
    Seeker.objects.filter(pk=seekers[4].pk).update(status="left")
    Seeker.objects.filter(pk=seekers[5].pk).update(status="cancelled")
    Recruiter.objects.filter(pk=made.recruiters[2].pk).update(present=False)
    for index, outcome in enumerate(["follow_up", "interview", "interview", "no"]):
        Slot.objects.filter(seeker=seekers[index]).update(outcome=outcome)
    for index, checkpoint, kind, contract in OUTCOMES:
        Outcome.objects.create(
            seeker=seekers[index],
            checkpoint=checkpoint,
            kind=kind,
            contract=contract,
            recorded_by="organiser",
        )
    for theme in ("transport", "transport", "childcare"):
        Obstacle.objects.create(cafe=made.cafe, theme=theme, text="Un frein entendu")
    return made


def test_a_cafes_figures(world, django_assert_num_queries):
    made = built(world)
    with django_assert_num_queries(5):
        per, total = figures_after.cafe_figures([made.cafe])
    figures = per[made.cafe.pk]
    assert (figures.registered, figures.arrived, figures.recruiters, figures.meetings) == (
        5,
        5,
        2,
        6,
    )
    assert dict(figures.meeting_outcomes) == {"follow_up": 1, "interview": 2, "no": 1}
    assert {m: dict(kinds) for m, kinds in figures.outcomes.items()} == {
        0: {"interview": 2},
        1: {"hired": 1, "training": 1, "nothing_yet": 1},
        3: {"hired": 2},
        6: {"hired": 1},
    }
    assert {m: dict(c) for m, c in figures.contracts.items()} == {
        1: {"cdi": 1},
        3: {"cdi": 1, "cdd": 1},
        6: {"cdi": 1},
    }
    assert [figures.share(m) for m in (0, 1, 3, 6)] == [0.4, 0.6, 0.4, 0.2]
    assert dict(figures.obstacles) == {"transport": 2, "childcare": 1}
    assert total.registered == 5


def test_figures_across_cafes_and_their_shares(world):
    made = built(world)
    other = past_cafe(world, recruiters=1, seekers=2)
    Outcome.objects.create(
        seeker=other.seekers[0], checkpoint=6, kind="training", recorded_by="seeker"
    )
    _per, total = figures_after.cafe_figures([made.cafe, other.cafe])
    assert total.registered == 7
    assert total.meetings == 8
    assert total.known(6) == 2
    assert total.share(6) == pytest.approx(2 / 7)
    assert dict(total.outcomes[6]) == {"hired": 1, "training": 1}


def test_the_chart_says_its_figures_in_words(world):
    made = built(world)
    _per, total = figures_after.cafe_figures([made.cafe])
    with translation.override("en"):
        chart = str(figures_after.outcomes_chart(total, uid="t"))
    assert 'role="img"' in chart and 'aria-labelledby="t-title"' in chart
    assert "1 month after: Interview 0, Hired 1, Training 1, Nothing yet 1; known for 60 %" in chart


def test_the_pages_show_the_figures_to_members_and_name_nobody(client, english):
    world = english
    made = built(world)
    client.force_login(world.member)
    slug = world.collective.slug
    for url in (
        reverse("employment:cafe_figures", args=[slug, made.cafe.event_id]),
        reverse("employment:figures", args=[slug]),
    ):
        page = client.get(url).content.decode()
        assert "60 %" in page and "Permanent contract (CDI)" in page
        assert all(seeker.name not in page for seeker in made.seekers)


def test_the_xlsx_has_the_figures(client, english):
    world = english
    made = built(world)
    client.force_login(world.member)
    url = reverse("employment:figures_export", args=[world.collective.slug])
    response = client.get(url, {"format": "xlsx", "cafe": made.cafe.event_id})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Cafés", "Outcomes", "Contracts", "Obstacles"]
    # Each printed page names the collective, as every other workbook does.
    for sheet in book:
        assert sheet.oddHeader.left.text == world.collective.name.replace("&", "&&")
    cafes = list(book["Cafés"].iter_rows(values_only=True))
    assert cafes[0][:6] == (
        "Café",
        "Date",
        "Seekers registered",
        "Seekers arrived",
        "Recruiters present",
        "Meetings held",
    )
    day = made.cafe.event.local_start.date()
    assert cafes[1][0] == "Café contact emploi de Clichy-sous-Bois"
    assert cafes[1][1].date() == day
    assert cafes[1][2:] == (5, 5, 2, 6, 1, 2, 1)
    assert cafes[2][0] == "All cafés"
    outcomes = list(book["Outcomes"].iter_rows(values_only=True))
    assert outcomes[0][2:] == (
        "Interview",
        "Hired",
        "Training",
        "Nothing yet",
        "Outcomes known",
        "Seekers followed",
        "Share known (%)",
    )
    assert outcomes[2][1:] == (1, 0, 1, 1, 1, 3, 5, 60)
    contracts = list(book["Contracts"].iter_rows(values_only=True))
    assert contracts[1][1:] == (1, "Permanent contract (CDI)", 1)
    obstacles = list(book["Obstacles"].iter_rows(values_only=True))
    assert obstacles[1][1:] == ("Transport and mobility", 2)


def test_the_csv_has_a_figure_per_line(client, english):
    world = english
    made = built(world)
    client.force_login(world.member)
    url = reverse("employment:figures_export", args=[world.collective.slug])
    response = client.get(url, {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Table", "Café", "Of what", "Figure", "Value"]
    assert ["Outcomes", str(made.cafe), "3", "Hired", "2"] in rows
    assert ["Cafés", "All cafés", "", "Seekers registered", "5"] in rows
    assert client.get(url, {"format": "pdf"}).status_code == 404
