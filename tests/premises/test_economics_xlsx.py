"""The economic model's workbook keeps live formulas: the inputs are values, every
output a formula over them, so a treasurer who changes an input sees the results
follow."""

import io
from decimal import Decimal

import openpyxl
import pytest

from maillage.documents import Document, Formula, Table, render_csv, render_xlsx
from maillage.premises import economics

from .economics_sheet import Evaluated, workbook_bytes

pytestmark = pytest.mark.django_db


def test_outputs_are_formulas_and_inputs_are_values():
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(economics.SICOVAL_2013)))
    inputs, kinds, results, series = (book[name] for name in book.sheetnames)
    for row in inputs.iter_rows(min_row=2):
        assert row[1].data_type != "f", row[0].value
    assert (inputs["B3"].value, inputs["B4"].value) == (1000, 60)  # m², rent per m²
    for row in results.iter_rows(min_row=2):
        assert row[1].data_type == "f" and row[1].value.startswith("="), row[0].value
    for row in kinds.iter_rows(min_row=2):
        assert row[5].value.startswith("=ROUND(") and row[6].value.startswith("=IF(")
    for row in series.iter_rows(min_row=2):
        assert row[1].value.startswith("=") and row[3].value.startswith("=")


def test_a_changed_input_changes_the_results():
    sheet = Evaluated(workbook_bytes(economics.SICOVAL_2013))
    assert sheet.result("Result of the year") == Decimal("5780.00")
    # The staff a year, 40,000 -> 50,000: the result falls by 10,000.
    staff = next(
        row[1].coordinate
        for row in sheet.book[sheet.inputs].iter_rows(min_row=2)
        if row[0].value == "Staff a year"
    )
    sheet.excel.set_value(f"{sheet.inputs}!{staff}", 50000)
    assert sheet.result("Result of the year") == Decimal("-4220.00")


def test_the_sheets_are_named_in_the_language_of_the_reader():
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(economics.SICOVAL_2013, "fr")))
    assert book.sheetnames[0] == "Hypothèses"
    sheet = Evaluated(workbook_bytes(economics.SICOVAL_2013, "fr"))
    assert sheet.by_price()[5] == Decimal("5780.00")


def test_a_formula_cell_is_live_in_xlsx_and_its_value_in_csv():
    table = Table(
        header=["a", "b"],
        rows=[[2, Formula(Decimal("4.00"), "0.00", "=A2*2")]],
        caption="T",
    )
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(Document("x", [table]))))
    assert book["T"]["B2"].value == "=A2*2"
    assert render_csv(table).splitlines()[1] == "2,4.00"
    # Text typed by people that starts with "=" is still neutralised.
    typed = Table(header=["a"], rows=[["=1+1"]], caption="T")
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(Document("x", [typed]))))
    assert book["T"]["A2"].value == "'=1+1"
