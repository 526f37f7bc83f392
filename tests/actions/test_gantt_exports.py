"""The Gantt chart as XLSX and PDF: the same tasks as the page, the bars' weeks,
the critical and late tasks marked, milestones as diamonds, printed landscape with
the collective and the day; each file kept until the plan changes."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from maillage.actions import services
from maillage.actions.gantt_data import plan_for_project
from maillage.actions.gantt_documents import (
    CRITICAL,
    CRITICAL_MARK,
    LATE,
    MILESTONE,
    TODAY,
    gantt_document,
    gantt_xlsx,
    monday,
)
from maillage.actions.models import Action
from maillage.documents import Line, Polygon
from maillage.documents.figures import png

from .gantt_setting import build_planned

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(world):
    return build_planned(world)


def download(client, user, name, *args, query=""):
    client.force_login(user)
    response = client.get(reverse(name, args=args) + query)
    assert response.status_code == 200, response.content[:200]
    return response


def rgb(cell):
    return "#" + cell.fill.start_color.rgb[-6:].lower()


def test_the_project_gantt_as_a_spreadsheet(client, world, planned):
    with translation.override("fr"):
        response = download(
            client, world.member, "projects:gantt_xlsx", world.collective.slug, planned.project.pk
        )
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:10] == [
        "Tâche",
        "Responsables",
        "Phase",
        "Début",
        "Échéance",
        "Jours",
        "Dépend de",
        "Statut",
        "En retard",
        "Chemin critique",
    ]
    today = timezone.localdate()
    plan = plan_for_project(planned.project, today)
    week_of_today = 10 + (monday(today) - monday(plan.first)).days // 7
    assert rgb(sheet[1][week_of_today]) == TODAY
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    # Bands are section rows, then their tasks, with their facts.
    assert rows["Préparation"][0].font.b is True
    first = rows[planned.tasks[0].title]
    assert first[3].is_date and first[3].number_format == "dd/mm/yyyy"
    assert first[5].value == 5
    second = rows[planned.tasks[1].title]
    assert second[6].value == planned.tasks[0].title
    # The late task: marked in its column and filled red.
    late = rows[planned.tasks[3].title]
    assert late[8].value == "en retard"
    assert {rgb(c) for c in late[10:] if c.fill.fill_type} >= {LATE}
    # Critical tasks: another colour and a mark, in their weeks only.
    critical = [bar for bar in plan.bars if bar.critical and not bar.late]
    assert critical
    row = rows[critical[0].title]
    marked = [c for c in row[10:] if c.value == CRITICAL_MARK]
    assert marked and all(rgb(c) == CRITICAL for c in marked)
    assert len(marked) <= (critical[0].days + 13) // 7
    # The milestone, as a diamond in its week.
    milestone = rows[f"{MILESTONE} Premier café"]
    assert [c.value for c in milestone[10:]].count(MILESTONE) == 1
    # Printed landscape, one page wide, with the collective and the day.
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.print_title_rows == "$1:$1"
    assert sheet.oddHeader.left.text == world.collective.name
    assert sheet.oddHeader.right.text.endswith(str(today.year))
    assert sheet.freeze_panes == "B2"


def test_a3_when_asked(world, planned):
    plan = plan_for_project(planned.project, timezone.localdate())
    data = gantt_xlsx(plan, collective_name="RTE", today=plan.today, paper="a3")
    assert load_workbook(io.BytesIO(data)).active.page_setup.paperSize == 8


def test_the_project_gantt_as_a_pdf(client, world, planned):
    with translation.override("fr"):
        response = download(
            client,
            world.member,
            "projects:gantt_pdf",
            world.collective.slug,
            planned.project.pk,
            query="?paper=a3",
        )
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert width > height and round(width) == 1191  # A3 landscape
    text = "".join(p.extract_text() for p in reader.pages)
    assert world.collective.name in text
    assert "Planification" in text and "Cafés de l'emploi" in text
    for task in planned.tasks:
        assert task.title in text, task.title


def test_the_chart_is_drawn_with_lines_arrows_and_diamonds(world, planned):
    plan = plan_for_project(planned.project, timezone.localdate())
    document = gantt_document(plan, collective_name="RTE", today=plan.today)
    assert document.landscape and document.paper == "A4"
    shapes = [shape for figure in document.blocks[:-2] for shape in figure.shapes]
    arrows = [s for s in shapes if isinstance(s, Line) and s.arrow]
    assert len(arrows) == 2  # the two dependencies
    assert any(isinstance(s, Line) and s.dash for s in shapes)  # today
    assert any(isinstance(s, Polygon) for s in shapes)  # the milestone
    # The same figure as a PNG, for word-processing files.
    assert png(document.blocks[0]).startswith(b"\x89PNG")
    (table,) = document.tables()
    assert [row[0] for row in table.rows if isinstance(row[0], str)][0] == planned.tasks[0].title


def test_a_long_plan_spans_several_figures(world):
    planned = build_planned(world, count=45)
    plan = plan_for_project(planned.project, timezone.localdate())
    document = gantt_document(plan, collective_name="RTE", today=plan.today)
    figures = [block for block in document.blocks if hasattr(block, "shapes")]
    assert len(figures) >= 2
    from maillage.documents import render_pdf

    reader = PdfReader(io.BytesIO(render_pdf(document)))
    assert len(reader.pages) >= 3


def test_the_stream_and_consultation_gantts(client, world, planned):
    from ..consultations.workshop import build_workshop

    stream = planned.project.work_stream
    response = download(
        client, world.observer, "projects:stream_gantt_xlsx", world.collective.slug, stream.pk
    )
    rows = [r[0].value for r in load_workbook(io.BytesIO(response.content)).active.iter_rows()]
    assert "Cafés de l'emploi" in rows and planned.tasks[0].title in rows
    assert (
        b"%PDF"
        in download(
            client, world.observer, "projects:stream_gantt_pdf", world.collective.slug, stream.pk
        ).content[:8]
    )
    consultation = build_workshop(world).consultation
    for name in ("actions:consultation_gantt_xlsx", "actions:consultation_gantt_pdf"):
        response = download(client, world.member, name, world.collective.slug, consultation.pk)
        assert len(response.content) > 1000


def test_the_file_is_kept_until_a_task_moves(client, world, planned):
    args = (world.collective.slug, planned.project.pk)
    first = download(client, world.member, "projects:gantt_xlsx", *args)
    again = client.get(reverse("projects:gantt_xlsx", args=args), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    other_paper = download(client, world.member, "projects:gantt_xlsx", *args, query="?paper=a3")
    assert other_paper["ETag"] != first["ETag"]
    task = Action.objects.get(pk=planned.tasks[4].pk)
    services.set_dates(
        actor=world.coordinator,
        action=task,
        start_date=task.start_date + datetime.timedelta(days=7),
        due_date=task.due_date + datetime.timedelta(days=7),
        base_version=task.version,
    )
    moved = download(client, world.member, "projects:gantt_xlsx", *args)
    assert moved["ETag"] != first["ETag"]


def test_outsiders_get_nothing(client, world, planned):
    client.force_login(world.outsider)
    args = (world.collective.slug, planned.project.pk)
    assert client.get(reverse("projects:gantt_pdf", args=args)).status_code == 404
