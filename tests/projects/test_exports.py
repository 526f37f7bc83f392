"""The board's exports: XLSX, CSV and DOCX read back, formulas neutralised,
archived projects left out, a constant number of queries, and the downloads."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from maillage.actions.services import create_action
from maillage.projects import services
from maillage.projects.exports import (
    board_csv,
    board_docx,
    board_rows,
    board_xlsx,
    plain_text,
)

pytestmark = pytest.mark.django_db


def _archived(world, board):
    project = services.create_project(
        actor=world.coordinator,
        work_stream=board.streams[0],
        title="Projet abandonné",
        pilots=[world.member],
    )
    services.archive_project(actor=world.coordinator, project=project)
    return project


def _more(world, board, n):
    for i in range(n):
        project = services.create_project(
            actor=world.coordinator,
            work_stream=board.streams[i % 2],
            title=f"Projet {i}",
            pilots=[world.member, world.facilitator],
            partners=[world.organisation],
        )
        services.add_milestone(
            actor=world.coordinator,
            project=project,
            title=f"Jalon {i}",
            due_on=timezone.localdate() + timedelta(days=i + 1),
        )
        services.add_need(
            actor=world.coordinator, project=project, kind="partners", description="Un partenaire"
        )
        create_action(
            actor=world.coordinator,
            collective=world.collective,
            title=f"Action {i}",
            owners=[world.member],
            due_date=timezone.localdate(),
            project=project,
        )


def test_rows_have_the_board(world, board):
    _archived(world, board)
    with translation.override("en"):
        rows = board_rows(world.collective)
    assert [(r["work_stream"], r["project"]) for r in rows] == [
        ("Emploi", "Cafés de l'emploi"),
        ("Coopération territoriale", "Groupement d'employeurs"),
    ]
    cafe, groupement = rows
    assert "**" not in cafe["content"] and "rencontres" in cafe["content"]
    # The member pilots the project and represents the world's organisation.
    assert cafe["pilots"] == f"{world.member} ({world.organisation.name})"
    assert cafe["partners"] == world.organisation.name
    assert cafe["progress"] == 0  # one milestone, not reached
    assert "Réserver la salle" in cafe["next_actions"]
    assert "OVERDUE" in cafe["next_actions"].split("\n")[0]
    assert "OVERDUE" not in cafe["next_actions"].split("\n")[1]
    assert "Volunteers wanted" in cafe["needs"]
    assert "25" in groupement["needs"] and "EUR" in groupement["needs"]


def test_plain_text_strips_markdown():
    text = plain_text("# Titre\n\n**gras** et *italique*, [site](https://x.org)\n* un\n* deux")
    assert text == "Titre\n\ngras et italique, site (https://x.org)\n- un\n- deux"


def test_xlsx_reads_back(world, board):
    from openpyxl import load_workbook

    _archived(world, board)
    book = load_workbook(io.BytesIO(board_xlsx(world.collective)))
    board_sheet, actions_sheet, _needs_sheet = book.worksheets
    rows = list(board_sheet.iter_rows(values_only=True))
    assert board_sheet["A1"].font.b is True
    assert board_sheet.freeze_panes == "C2"
    assert [r[1] for r in rows[1:]] == ["Cafés de l'emploi", "Groupement d'employeurs"]
    assert [r[0] for r in rows[1:]] == ["Emploi", "Coopération territoriale"]
    assert str(world.member) in rows[1][5]
    assert "Projet abandonné" not in {r[1] for r in rows}
    actions = list(actions_sheet.iter_rows(min_row=2))
    assert [row[1].value for row in actions] == ["Réserver la salle", "Inviter les recruteurs"]
    due = actions[0][3]
    assert due.is_date
    assert due.value.date() == board.actions[0].due_date


def test_xlsx_amounts_are_numbers_and_dates_are_dates_in_the_readers_format(world, board):
    from openpyxl import load_workbook

    with translation.override("fr"):
        book = load_workbook(io.BytesIO(board_xlsx(world.collective)))
    needs = {row[0].value: row for row in book.worksheets[2].iter_rows(min_row=2)}
    groupement = needs["Groupement d'employeurs"]
    amount = groupement[3]
    # A number the office software adds up and shows as "25 000,00 €" in French.
    assert amount.value == 25000 and amount.data_type == "n"
    assert amount.number_format == '#,##0.00 "€"'
    assert groupement[4].value == "EUR"
    assert [c.value for c in book.worksheets[2][1]] == [
        "Projet",
        "Type",
        "Description",
        "Montant",
        "Monnaie",
    ]
    due = book.worksheets[1]["D2"]
    assert due.is_date and due.number_format == "dd/mm/yyyy"
    # In the board's text, the amount is written the French way too.
    text = book.worksheets[0]["J3"].value
    assert "25\u00a0000\u00a0EUR" in text and "25000.00" not in text
    assert text.startswith("Financement recherché\u00a0: ")

    with translation.override("en"):
        book = load_workbook(io.BytesIO(board_xlsx(world.collective)))
    assert book.worksheets[1]["D2"].number_format == "yyyy-mm-dd"
    assert "25,000\u00a0EUR" in book.worksheets[0]["J3"].value


def test_csv_parses_and_neutralises_formulas(world, board):
    services.create_project(
        actor=world.coordinator,
        work_stream=board.streams[1],
        title='=HYPERLINK("http://evil.example","clic")',
        pilots=[world.facilitator],
        phase="+33 1 23",
    )
    _archived(world, board)
    text = board_csv(world.collective)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    titles = [r[1] for r in rows[1:]]
    assert titles[:2] == ["Cafés de l'emploi", "Groupement d'employeurs"]
    assert titles[2] == '\'=HYPERLINK("http://evil.example","clic")'
    assert rows[3][4] == "'+33 1 23"
    assert "Projet abandonné" not in titles
    assert len(rows[0]) == 10


def test_docx_has_streams_and_projects(world, board):
    from docx import Document

    _archived(world, board)
    document = Document(io.BytesIO(board_docx(world.collective)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Emploi", "Coopération territoriale"]
    assert len(document.tables) == 2
    first = [row.cells[0].text for row in document.tables[0].rows[1:]]
    second = [row.cells[0].text for row in document.tables[1].rows[1:]]
    assert first == ["Cafés de l'emploi"]
    assert second == ["Groupement d'employeurs"]


def _count(fn, collective):
    with CaptureQueriesContext(connection) as queries:
        fn(collective)
    return len(queries)


@pytest.mark.parametrize("fn", [board_xlsx, board_csv, board_docx])
def test_exports_use_constant_queries(world, board, fn):
    few = _count(fn, world.collective)
    _more(world, board, 6)
    many = _count(fn, world.collective)
    assert few == many
    assert many <= 10


def test_downloads(client, world, board):
    client.force_login(world.observer)
    cases = [
        ("projects:export_xlsx", "spreadsheetml", "xlsx"),
        ("projects:export_csv", "text/csv", "csv"),
        ("projects:export_docx", "wordprocessingml", "docx"),
    ]
    for name, mime, ext in cases:
        response = client.get(reverse(name, args=[world.collective.slug]))
        assert response.status_code == 200
        assert mime in response["Content-Type"]
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert world.collective.slug in disposition
        assert disposition.endswith(f'{timezone.localdate().isoformat()}.{ext}"')
    csv_response = client.get(reverse("projects:export_csv", args=[world.collective.slug]))
    assert "Cafés de l'emploi" in csv_response.content.decode("utf-8-sig")
