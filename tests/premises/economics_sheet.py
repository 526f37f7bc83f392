"""The economic model's workbook, written and read back for the tests: its formulas
evaluated in pure Python by pycel (a test dependency, docs/dependencies.md)."""

import io
from decimal import Decimal

import openpyxl
from django.utils import translation

from maillage.documents import render_xlsx
from maillage.premises import documents_economics, economics


def workbook_bytes(inputs, language="en"):
    parsed = economics.parse(inputs)
    with translation.override(language):
        return render_xlsx(
            documents_economics.workbook(economics.compute(parsed), parsed, title="Test")
        )


class Evaluated:
    """The workbook's cells, as Excel would compute them from its formulas."""

    def __init__(self, data):
        import tempfile

        from pycel import ExcelCompiler

        self.book = openpyxl.load_workbook(io.BytesIO(data))
        self.inputs, self.kinds, self.results, self.series = self.book.sheetnames
        # Kept open (and so on disk) as long as the compiler may read it.
        self._file = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115
        self._file.write(data)
        self._file.flush()
        self.excel = ExcelCompiler(filename=self._file.name)

    def value(self, sheet, address):
        return self.excel.evaluate(f"{sheet}!{address}")

    def money(self, sheet, address):
        """The cell's value to the cent (as a spreadsheet shows it)."""
        return Decimal(str(self.value(sheet, address))).quantize(Decimal("0.01"))

    def result_row(self, label):
        for row in self.book[self.results].iter_rows(min_row=2):
            if row[0].value == label:
                return row[1].coordinate
        raise KeyError(label)

    def result(self, label):
        return self.money(self.results, self.result_row(label))

    def break_even(self, row):
        value = self.value(self.kinds, f"G{row}")
        return None if value in ("", None) else Decimal(str(value)).quantize(Decimal("0.01"))

    def by_occupancy(self):
        return [self.money(self.series, f"B{row}") for row in range(2, 13)]

    def by_price(self):
        return [self.money(self.series, f"D{row}") for row in range(2, 13)]
