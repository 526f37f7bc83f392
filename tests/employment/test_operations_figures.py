"""The figures of an operation (tests/employment/setting_operations.py): month by
month, by channel, the refusal reasons; the chart's text alternative and the table
beside it; the XLSX and CSV exports."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from maillage.employment import figures_operations as figures

from .setting_operations import TODAY, build_operation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """The figures' words are checked in English (the pages: the ``english`` personas)."""
    with translation.override("en"):
        yield


def test_month_by_month(world):
    made = build_operation(world)
    rows = figures.monthly(made.operation, today=TODAY)
    assert len(rows) == 12
    first = [
        (r.month, r.target, r.target_cumulative, r.hires, r.hires_cumulative, r.gap)
        for r in rows[:3]
    ]
    assert first == [
        (date(2026, 12, 1), 35, 35, 2, 2, -33),
        (date(2027, 1, 1), 35, 70, 1, 3, -67),
        (date(2027, 2, 1), 23, 93, 0, 3, -90),
    ]
    assert (rows[3].hires, rows[3].hires_cumulative, rows[3].gap) == (None, None, None)
    assert rows[-1].target_cumulative == 300


def test_by_channel(world):
    made = build_operation(world)
    rows = {row.name: row for row in figures.per_channel(made.operation)}
    ml = rows["Mission locale de Clichy-sous-Bois/Montfermeil"]
    ft = rows["France Travail Clichy-sous-Bois"]
    cd = rows["Département de la Seine-Saint-Denis (RSA)"]
    assert ml.stages == [4, 2, 2, 2, 1, 0]
    assert ft.stages == [3, 2, 1, 1, 0, 0]
    assert cd.stages == [1, 1, 1, 0, 0, 0]
    assert ml.refused == {"not_mobile": 1} and ft.refused == {"did_not_come": 1}
    assert (ml.conversion, ft.conversion, cd.conversion) == (50.0, 33.3, 0.0)
    total = figures.totals(list(rows.values()))
    assert total.stages == [8, 5, 4, 3, 1, 0]
    assert total.refused_total == 2
    assert dict(figures.refusal_reasons(list(rows.values()))) == {
        "Candidate could not be reached": 1,
        "Not mobile": 1,
    }


def test_the_figures_take_a_fixed_number_of_queries(world, django_assert_num_queries):
    made = build_operation(world)
    with django_assert_num_queries(2):
        figures.monthly(made.operation, today=TODAY)
    with django_assert_num_queries(3):
        figures.per_channel(made.operation)


def test_the_chart_has_its_text_alternative_and_the_table_the_same_figures(client, world, english):
    made = build_operation(world)
    rows = figures.monthly(made.operation, today=TODAY)
    svg = str(figures.chart(rows))
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "3 hires against a cumulative target of 93 (gap -90)" in figures.chart_text(rows)
    assert svg.count("<rect") == 12 + 1  # a bar a month, and the legend's
    assert svg.count("<circle") == 3  # the months with actuals (December to February)
    client.force_login(world.observer)
    page = client.get(
        reverse("employment:operation", args=[world.collective.slug, made.operation.pk])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert 'aria-labelledby="operation-curve-title operation-curve-desc"' in html
    table = html.split('id="monthly-table"')[1].split("</table>")[0]
    # December 2026: target 35, cumulative 35; the hires depend on today's month.
    assert (
        '<th scope="row">December 2026</th><td class="number">35</td><td class="number">35</td>'
        in table
    )
    for key in made.candidates:  # the figures name nobody
        assert f"Candidat {key}" not in html


def test_the_xlsx_has_typed_numbers(world):
    made = build_operation(world)
    from maillage.documents import render_xlsx

    book = load_workbook(
        io.BytesIO(render_xlsx(figures.export_document(made.operation, today=TODAY)))
    )
    monthly, channels = book.worksheets
    assert [c.value for c in monthly[1]][:6] == [
        "Month",
        "Target",
        "Cumulative target",
        "Hires",
        "Cumulative hires",
        "Gap",
    ]
    december = [c.value for c in monthly[2]]
    assert december[0].date() == date(2026, 12, 1)
    assert december[1:6] == [35, 35, 2, 2, -33]
    assert isinstance(december[1], int)
    assert [c.value for c in monthly[4]][1:6] == [23, 93, 0, 3, -90]
    assert monthly.cell(row=2, column=1).number_format == "mmm yyyy"
    by_name = {row[0].value: [c.value for c in row] for row in channels.iter_rows(min_row=2)}
    assert by_name["Mission locale de Clichy-sous-Bois/Montfermeil"][1:9] == [
        4,
        2,
        2,
        2,
        1,
        0,
        1,
        50.0,
    ]
    assert by_name["All channels"][1:8] == [8, 5, 4, 3, 1, 0, 2]


def test_the_export_pages(client, world, english):
    made = build_operation(world)
    client.force_login(world.observer)
    url = reverse("employment:operation_export", args=[world.collective.slug, made.operation.pk])
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert len(book.worksheets) == 2
    channels = client.get(url, {"format": "csv", "tableau": "canaux"})
    rows = list(csv.reader(io.StringIO(channels.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Channel" and rows[-1][:5] == ["All channels", "8", "5", "4", "3"]
    assert client.get(url, {"format": "pdf"}).status_code == 404


def test_a_hiring_cancelled_is_no_hire(world):
    from maillage.employment import services_operations as services
    from maillage.employment.models_operations import State

    made = build_operation(world)
    services.change_state(actor=world.member, candidate=made.candidates["E"], state=State.CANCELLED)
    rows = figures.monthly(made.operation, today=TODAY)
    assert (rows[0].hires, rows[1].hires_cumulative) == (1, 2)
    ft = next(
        row for row in figures.per_channel(made.operation) if row.pk == made.channels["ft"].pk
    )
    assert ft.stages == [3, 2, 1, 0, 0, 0]
