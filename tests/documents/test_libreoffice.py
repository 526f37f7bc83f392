"""Exports opened in LibreOffice (Debian's, headless), as their readers will: real
files from the apps' own views and builders, converted to PDF in one ``soffice``
call, then read with ``pdftotext`` and ``pdfinfo``: no error, every row's text in
the PDF, landscape pages, and every printed page of a sheet holds every column's
header (the header row repeated, no column pushed to a page of its own). The ";"
CSV, opened with the import options of French office software, gives numbers and
dates, not text.

Selected with ``-m office``; skipped only when ``/usr/bin/soffice`` is absent (CI
installs it: ``make test`` runs ``browser-deps``)."""

import datetime
import io
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from maillage.actions.gantt_data import plan_for_project
from maillage.actions.gantt_documents import columns as gantt_columns

from ..actions.gantt_setting import build_planned
from ..employment.setting_after import past_cafe
from ..employment.setting_operations import build_operation
from ..premises.economics_sheet import workbook_bytes

SOFFICE = "/usr/bin/soffice"
ROWS = 60

pytestmark = [
    pytest.mark.office,
    pytest.mark.django_db,
    pytest.mark.skipif(
        not Path(SOFFICE).exists(),
        reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)",
    ),
]


def soffice(folder, *files, target="pdf", infilter=None):
    """Convert ``files`` in one call, with a profile of its own; the outputs' paths."""
    profile = folder / f"lo-{uuid.uuid4().hex}"
    command = [
        SOFFICE,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        target,
        "--outdir",
        str(folder / "out"),
    ]
    if infilter:
        command.append(f"--infilter={infilter}")
    done = subprocess.run(  # noqa: S603 (our own files, a fixed program)
        [*command, *(str(f) for f in files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    shutil.rmtree(profile, ignore_errors=True)
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr, done.stderr
    outputs = [folder / "out" / f"{Path(f).stem}.{target.split(':')[0]}" for f in files]
    assert len(set(outputs)) == len(outputs), "two files would give the same output"
    for output in outputs:
        assert output.exists(), (output, done.stdout, done.stderr)
    return outputs


def pdf_pages(path):
    """The text of each page (``pdftotext -layout``)."""
    text = subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def page_sizes(path):
    """(width, height) in points of every page (``pdfinfo``)."""
    info = subprocess.run(  # noqa: S603
        ["/usr/bin/pdfinfo", "-f", "1", "-l", "999", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        (float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    ]


def words(text):
    return " ".join(text.split())


def first_words(headers):
    return [str(h).split()[0] for h in headers if str(h).strip()]


def every_page_has_a_header(pages, sheets_headers):
    """Each printed page holds every column's header of one of the sheets: the header
    row is repeated and no column went to a page of its own."""
    for number, page in enumerate(pages, start=1):
        flat = words(page)
        assert any(
            all(word in flat for word in first_words(headers)) for headers in sheets_headers
        ), (number, page[:500])


@pytest.fixture
def files(world, client, tmp_path):
    """The exports, written to ``tmp_path``: name -> (path, the sheets' headers)."""
    made = {}
    today = timezone.localdate()
    with translation.override("fr"):
        planned = build_planned(world, count=ROWS, long=True)
        client.force_login(world.coordinator)
        slug = world.collective.slug

        def get(name, *args, query=""):
            response = client.get(reverse(name, args=args) + query)
            assert response.status_code == 200, name
            return response.content

        def save(name, data, headers=()):
            path = tmp_path / name
            path.write_bytes(data)
            made[name] = (path, headers)

        board = get("projects:export_xlsx", slug)
        save("board.xlsx", board, sheets_headers(board))
        save("board-comma.csv", get("projects:export_csv", slug))
        save("board-fr.csv", get("projects:export_csv", slug, query="?sep=semicolon"))
        args = (slug, planned.project.pk)
        gantt = get("projects:gantt_xlsx", *args)
        save("gantt.xlsx", gantt, [gantt_columns()])
        save("gantt.pdf", get("projects:gantt_pdf", *args))
        economics = workbook_bytes(_sicoval(), "fr")
        save("premises-economics.xlsx", economics, sheets_headers(economics))
        operation = build_operation(world).operation
        figures = get("employment:operation_export", slug, operation.pk, query="?format=xlsx")
        save("employment-operation.xlsx", figures, sheets_headers(figures))
        save(
            "employment-operation-fr.csv",
            get(
                "employment:operation_export",
                slug,
                operation.pk,
                query="?format=csv&tableau=mois&sep=semicolon",
            ),
        )
        cafe = past_cafe(world, recruiters=3, seekers=6).cafe
        cafes = get("employment:figures_export", slug, query=f"?format=xlsx&cafe={cafe.event_id}")
        save("employment-cafes.xlsx", cafes, sheets_headers(cafes))
    made["planned"] = planned
    made["today"] = today
    return made


def _sicoval():
    from maillage.premises import economics

    return economics.SICOVAL_2013


def sheets_headers(data):
    book = load_workbook(io.BytesIO(data))
    return [[c.value for c in sheet[1] if c.value] for sheet in book.worksheets]


def test_exports_open_and_print_well_in_libreoffice(files, tmp_path):
    names = [
        "board.xlsx",
        "gantt.xlsx",
        "premises-economics.xlsx",
        "employment-operation.xlsx",
        "employment-cafes.xlsx",
    ]
    outputs = dict(zip(names, soffice(tmp_path, *(files[name][0] for name in names)), strict=True))
    planned = files["planned"]
    titles = [task.title for task in planned.tasks]
    for name in ("board.xlsx", "gantt.xlsx"):
        pages = pdf_pages(outputs[name])
        text = words("\n".join(pages))
        # Sixty long tasks: several pages, each landscape.
        assert len(pages) >= 2, name
        sizes = page_sizes(outputs[name])
        assert sizes and all(width > height for width, height in sizes), (name, sizes)
        # Every row's text is there (the number that starts each task's title, and its
        # words after wrapping).
        for title in titles:
            number = title.split(":")[0]
            assert number in text, (name, number)
        assert words("qu'est-ce que je peux faire") in text
        every_page_has_a_header(pages, files[name][1])
    # The board's page header: the collective's name and the day.
    assert planned.board.project.collective.name in pdf_pages(outputs["board.xlsx"])[0]
    # The other apps' workbooks print landscape, one page wide, headers on each page.
    for name in ("premises-economics.xlsx", "employment-operation.xlsx", "employment-cafes.xlsx"):
        pages = pdf_pages(outputs[name])
        assert pages, name
        assert all(width > height for width, height in page_sizes(outputs[name])), name
        every_page_has_a_header(pages, files[name][1])


def test_the_gantt_pdf_holds_every_task(files):
    path = files["gantt.pdf"][0]
    pages = pdf_pages(path)
    assert all(width > height for width, height in page_sizes(path))
    text = words("\n".join(pages))
    for task in files["planned"].tasks:
        assert task.title.split(":")[0] in text
    assert files["planned"].board.project.collective.name in pages[0]
    plan = plan_for_project(files["planned"].project, files["today"])
    assert len(plan.bars) >= ROWS


def test_the_french_csv_gives_numbers_and_dates(files, tmp_path):
    # Separator ";" (59), quote '"' (34), UTF-8 (76), from line 1, French (1036).
    (board, figures) = soffice(
        tmp_path,
        files["board-fr.csv"][0],
        files["employment-operation-fr.csv"][0],
        target="xlsx",
        infilter="CSV:59,34,76,1,,1036",
    )
    sheet = load_workbook(board).active
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["Chantier", "Projet"]
    progress = header.index("Avancement (%)")
    values = [row[progress].value for row in sheet.iter_rows(min_row=2)]
    assert values and all(isinstance(v, int | float) for v in values if v is not None)
    months = load_workbook(figures).active
    first = list(months.iter_rows(min_row=2, max_row=2))[0]
    assert isinstance(first[0].value, datetime.datetime), first[0].value
    assert all(isinstance(cell.value, int | float) for cell in first[1:3])

    # The plain CSV, read as UTF-8 with "," (LibreOffice 7.4 does not choose UTF-8 from
    # the byte order mark on its own: a reader picks it in the import dialog).
    (plain,) = soffice(
        tmp_path, files["board-comma.csv"][0], target="xlsx", infilter="CSV:44,34,76,1"
    )
    rows = [[c.value for c in row] for row in load_workbook(plain).active.iter_rows()]
    assert rows[0][:2] == ["Chantier", "Projet"]
    assert {row[1] for row in rows[1:]} >= {"Cafés de l'emploi", "Groupement d'employeurs"}
