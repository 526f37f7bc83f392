"""A scenario of the economic model as a workbook a treasurer keeps working in: the
inputs are cells, every output is an Excel formula over them (ROUND(x, 2) where
economics.py rounds to the cent, half-up), so changing an input changes the results.

Sheets: the inputs, the kinds priced by the half-day (with their income and
break-even occupancy), the results, and the two series (result against occupancy and
against price). The app's own results are kept as each formula's value, which CSV and
documents would show.
"""

from django.utils.translation import gettext as _

from maillage.documents import Document, Formula, Table, Value, render_xlsx, sheet_name
from maillage.documents.style import FORMATS

from . import economics
from .money import CENT

MONEY = FORMATS["decimal"]


def input_labels():
    return {
        "currency": _("Currency"),
        "surface_m2": _("Surface rented from the owner (m²)"),
        "owner_rent_per_m2": _("Owner's rent per m²"),
        "owner_periods": _("Owner's rent periods a year (1: per year, 12: per month)"),
        "charges": _("Charges a year"),
        "staff": _("Staff a year"),
        "insurance": _("Insurance a year"),
        "fit_out": _("Fit-out (amount)"),
        "fit_out_years": _("Fit-out spread over (years)"),
        "other_costs": _("Other costs a year"),
        "let_m2": _("m² let to permanent tenants"),
        "permanent_rent_per_m2_month": _("Permanents' rent per m² a month"),
        "part_timers": _("Part-time tenants"),
        "part_time_month": _("Rent of a part-timer a month"),
        "services": _("Services to companies a year"),
        "concierge": _("Concierge service a year"),
        "subsidies": _("Cooperation and subsidies a year"),
        "later": _("Later surface included (1: yes, 0: no)"),
        "later_from_year": _("Later surface from the year"),
        "later_surface_m2": _("Later surface (m²)"),
        "later_let_m2": _("Later m² let to permanents"),
        "later_costs": _("Later surface's other costs a year"),
    }


def kind_label(kind):
    from .models import SpaceKind

    return str(SpaceKind(kind).label)


def workbook(result, inputs, *, title):
    """The Document (four tables) of a scenario's inputs (parsed) and result."""
    inputs = economics.parse(inputs) if isinstance(inputs, dict) else inputs
    captions = [_("Inputs"), _("Half-days"), _("Results"), _("Series")]
    names = [sheet_name(caption, number) for number, caption in enumerate(captions, start=1)]
    ins, kin, res = (f"'{name}'" for name in names[:3])

    # The inputs, one a row from row 2.
    labels = input_labels()
    values = {
        "currency": inputs.currency,
        "owner_periods": economics.PERIODS[inputs.owner_rent_period],
        "later": 1 if inputs.later else 0,
        **inputs.values,
    }
    order = [
        "currency",
        "surface_m2",
        "owner_rent_per_m2",
        "owner_periods",
        "charges",
        "staff",
        "insurance",
        "fit_out",
        "fit_out_years",
        "other_costs",
        "let_m2",
        "permanent_rent_per_m2_month",
        "part_timers",
        "part_time_month",
        "services",
        "concierge",
        "subsidies",
        "later",
        "later_from_year",
        "later_surface_m2",
        "later_let_m2",
        "later_costs",
    ]
    cell = {name: f"{ins}!B{row}" for row, name in enumerate(order, start=2)}
    input_rows = [[labels[name], values[name]] for name in order]

    # The kinds, one a row from row 2: F their income, G their break-even.
    kinds = list(inputs.kinds)
    first, last = 2, max(2, len(kinds) + 1)
    kind_rows = []
    results_row = {}  # filled below; the break-even refers to the totals
    totals = {"costs": None, "income": None}

    def kind_row(row, line):
        income = f"B{row}*C{row}*D{row}/100*E{row}"
        capacity = f"B{row}*C{row}*E{row}"
        needed = f"({res}!B{totals['costs']}-({res}!B{totals['income']}-F{row}))"
        occupancy = result.break_even[line.kind].occupancy
        return [
            kind_label(line.kind),
            line.units,
            line.half_days,
            line.occupancy,
            line.price,
            Formula(result.occasional[line.kind], MONEY, f"=ROUND({income},2)"),
            Formula(
                "" if occupancy is None else occupancy,
                "0.00",
                f'=IF({capacity}=0,"",MAX(0,ROUND({needed}/({capacity})*100,2)))',
            ),
        ]

    # The results, one a row from row 2.
    def money(value, formula):
        return Formula(value, MONEY, formula)

    res_lines = [
        (
            "owner_rent",
            _("Owner's rent"),
            result.costs["owner_rent"],
            f"=ROUND({cell['surface_m2']}*{cell['owner_rent_per_m2']}*{cell['owner_periods']},2)",
        ),
        ("charges", _("Charges"), result.costs["charges"], f"=ROUND({cell['charges']},2)"),
        ("staff", _("Staff"), result.costs["staff"], f"=ROUND({cell['staff']},2)"),
        ("insurance", _("Insurance"), result.costs["insurance"], f"=ROUND({cell['insurance']},2)"),
        (
            "fit_out",
            _("Fit-out for the year"),
            result.costs["fit_out"],
            f"=ROUND({cell['fit_out']}/{cell['fit_out_years']},2)",
        ),
        (
            "other_costs",
            _("Other costs"),
            result.costs["other_costs"],
            f"=ROUND({cell['other_costs']},2)",
        ),
    ]
    rows = {key: number for number, (key, *_rest) in enumerate(res_lines, start=2)}
    totals["costs"] = len(res_lines) + 2
    res_lines.append(("total_costs", _("Total costs"), result.total_costs, "=SUM(B2:B7)"))
    income_lines = [
        (
            "permanent",
            _("Permanents' rents"),
            result.permanent,
            f"=ROUND({cell['let_m2']}*{cell['permanent_rent_per_m2_month']}*12,2)",
        ),
        (
            "part_time",
            _("Part-timers"),
            result.part_time,
            f"=ROUND({cell['part_timers']}*{cell['part_time_month']}*12,2)",
        ),
        (
            "occasional",
            _("Occasional rentals"),
            sum(result.occasional.values(), CENT * 0),
            f"=SUM({kin}!F{first}:F{last})",
        ),
        (
            "services",
            _("Services to companies"),
            result.fixed_income["services"],
            f"=ROUND({cell['services']},2)",
        ),
        (
            "concierge",
            _("Concierge service"),
            result.fixed_income["concierge"],
            f"=ROUND({cell['concierge']},2)",
        ),
        (
            "subsidies",
            _("Cooperation and subsidies"),
            result.fixed_income["subsidies"],
            f"=ROUND({cell['subsidies']},2)",
        ),
    ]
    start = len(res_lines) + 2
    res_lines.extend(income_lines)
    for number, (key, *_rest) in enumerate(res_lines, start=2):
        rows[key] = number
    totals["income"] = len(res_lines) + 2
    res_lines.append(
        (
            "total_income",
            _("Total income"),
            result.total_income,
            f"=SUM(B{start}:B{start + len(income_lines) - 1})",
        )
    )
    res_lines.append(
        (
            "result",
            _("Result of the year"),
            result.result,
            f"=B{totals['income']}-B{totals['costs']}",
        )
    )
    result_row = len(res_lines) + 1
    later = result.later
    later_costs_formula = (
        f"=IF({cell['later']}=1,ROUND({cell['later_surface_m2']}*{cell['owner_rent_per_m2']}"
        f"*{cell['owner_periods']},2)+ROUND({cell['later_costs']},2),0)"
    )
    later_income_formula = (
        f"=IF({cell['later']}=1,ROUND({cell['later_let_m2']}"
        f"*{cell['permanent_rent_per_m2_month']}*12,2),0)"
    )
    res_lines.append(
        (
            "later_costs",
            _("Later surface: costs a year"),
            later.costs if later else 0,
            later_costs_formula,
        )
    )
    res_lines.append(
        (
            "later_income",
            _("Later surface: income a year"),
            later.income if later else 0,
            later_income_formula,
        )
    )
    res_lines.append(
        (
            "later_result",
            _("Result with the later surface"),
            later.result if later else result.result,
            f"=B{result_row}+B{result_row + 2}-B{result_row + 1}",
        )
    )
    for number, (key, *_rest) in enumerate(res_lines, start=2):
        rows[key] = number
    results_row.update(rows)
    result_rows = [[label, money(value, formula)] for _key, label, value, formula in res_lines]

    for row, line in enumerate(kinds, start=2):
        kind_rows.append(kind_row(row, line))

    # The series: the result against occupancy (A, B) and against price (C, D).
    fixed = "+".join(f"{res}!B{rows[name]}" for name in economics.FIXED_INCOME)
    series_rows = []
    for number, ((step, at_occupancy), (change, at_price)) in enumerate(
        zip(result.by_occupancy, result.by_price, strict=False), start=2
    ):
        occasional = "".join(
            f"+ROUND({kin}!B{r}*{kin}!C{r}*A{number}/100*{kin}!E{r},2)"
            for r in range(2, len(kinds) + 2)
        )
        factor = f"(1+C{number}/100)"
        priced = (
            f"ROUND({cell['let_m2']}*{cell['permanent_rent_per_m2_month']}*12*{factor},2)"
            f"+ROUND({cell['part_timers']}*{cell['part_time_month']}*12*{factor},2)"
            + "".join(
                f"+ROUND({kin}!B{r}*{kin}!C{r}*{kin}!D{r}/100*{kin}!E{r}*{factor},2)"
                for r in range(2, len(kinds) + 2)
            )
        )
        series_rows.append(
            [
                step,
                money(
                    at_occupancy,
                    f"={res}!B{rows['permanent']}+{res}!B{rows['part_time']}+{fixed}"
                    f"-{res}!B{rows['total_costs']}{occasional}",
                ),
                change,
                money(at_price, f"={priced}+{fixed}-{res}!B{rows['total_costs']}"),
            ]
        )

    money_inputs = set(economics.FIELDS) - {"fit_out_years", "part_timers", "later_from_year"}
    input_cells = [
        [label, Value(value, MONEY) if name in money_inputs and "m2" not in name else value]
        for (label, value), name in zip(input_rows, order, strict=True)
    ]
    tables = [
        Table(
            header=[_("Input"), _("Value")], rows=input_cells, widths=[48, 16], caption=captions[0]
        ),
        Table(
            header=[
                _("Kind of space"),
                _("Spaces (desks for a pool)"),
                _("Bookable half-days a year each"),
                _("Occupancy (%)"),
                _("Price of a half-day"),
                _("Income a year"),
                _("Break-even occupancy (%)"),
            ],
            rows=kind_rows,
            widths=[22, 14, 14, 14, 14, 16, 16],
            caption=captions[1],
        ),
        Table(
            header=[_("Line"), _("Amount")], rows=result_rows, widths=[40, 18], caption=captions[2]
        ),
        Table(
            header=[
                _("Occupancy of every kind (%)"),
                _("Result"),
                _("Change of every price (%)"),
                _("Result"),
            ],
            rows=series_rows,
            widths=[18, 18, 18, 18],
            caption=captions[3],
        ),
    ]
    return Document(title=title, blocks=tables)


def scenario_xlsx(version):
    """The XLSX bytes of a scenario version."""
    inputs = economics.parse(version.inputs)
    result = economics.compute(inputs)
    title = f"{version.scenario.name} v{version.number}"
    return render_xlsx(workbook(result, inputs, title=title))
