"""The pages of the economic model and of occupancy (coordinators only: the model is
the coordinators' working document, with tenants' rents in it).

- the scenarios of a site, with their latest version's result;
- a scenario's version (the latest, or ``?version=n``), its charts and its versions;
- a new scenario, and the edit page that saves a new version (refused, with what was
  typed kept, when someone saved in between);
- up to three versions side by side; a version as an XLSX with live formulas;
- the occupancy of a year, by space and month and by tenant category, against a
  scenario's plan.
"""

from datetime import date

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maillage.core.downloads import download
from maillage.core.errors import ConflictError, DomainError
from maillage.core.forms import add_domain_error, form_data

from . import charts, economics, occupancy, services_economics
from .access import site_of
from .documents_economics import kind_label, scenario_xlsx
from .forms_economics import CompareForm, OccupancyForm, ScenarioForm
from .models_economics import Scenario

MANAGE = "premises.manage_premises"


def _scenario(request, slug, site, pk):
    site = site_of(request, slug, site, MANAGE)
    return get_object_or_404(Scenario.objects.select_related("site__collective"), site=site, pk=pk)


def _version(scenario, number=None):
    versions = scenario.versions.select_related("created_by")
    if number:
        return get_object_or_404(versions, number=number)
    return get_object_or_404(versions.order_by("-number")[:1])


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _charts(columns):
    """The two line charts of up to three (name, Result) side by side."""
    by_occupancy = charts.line_chart(
        series=[(name, result.by_occupancy) for name, result in columns],
        title=_("Result of the year against the occupancy of the half-day spaces"),
        description=_(
            "The result of the year when every kind of space priced by the half-day is "
            "used that much; the figures are in the table below."
        ),
        x_label=_("Occupancy (%)"),
        y_label=_("Result"),
        x_suffix="\u00a0%",
    )
    by_price = charts.line_chart(
        series=[(name, result.by_price) for name, result in columns],
        title=_("Result of the year against every price"),
        description=_(
            "The result of the year when every rent and price of a half-day changes by "
            "that much; the figures are in the table below."
        ),
        x_label=_("Change of every price (%)"),
        y_label=_("Result"),
        x_suffix="\u00a0%",
    )
    return by_occupancy, by_price


def _series_rows(columns, attribute):
    if not columns:
        return []
    steps = [step for step, _value in getattr(columns[0][1], attribute)]
    return [
        (step, [getattr(result, attribute)[index][1] for _name, result in columns])
        for index, step in enumerate(steps)
    ]


def _summary(result):
    """The lines of a result for the templates (labels, amounts)."""
    return {
        "costs": [
            (_("Owner's rent"), result.costs["owner_rent"]),
            (_("Charges"), result.costs["charges"]),
            (_("Staff"), result.costs["staff"]),
            (_("Insurance"), result.costs["insurance"]),
            (_("Fit-out for the year"), result.costs["fit_out"]),
            (_("Other costs"), result.costs["other_costs"]),
        ],
        "income": [
            (_("Permanents' rents"), result.permanent),
            (_("Part-timers"), result.part_time),
            *[
                (_("Rentals: %(kind)s") % {"kind": kind_label(kind)}, amount)
                for kind, amount in result.occasional.items()
            ],
            (_("Services to companies"), result.fixed_income["services"]),
            (_("Concierge service"), result.fixed_income["concierge"]),
            (_("Cooperation and subsidies"), result.fixed_income["subsidies"]),
        ],
        "break_even": [(kind_label(kind), be) for kind, be in result.break_even.items()],
    }


def economics_index(request, slug, site):
    site = site_of(request, slug, site, MANAGE)
    scenarios = []
    for scenario in site.scenarios.prefetch_related("versions"):
        versions = sorted(scenario.versions.all(), key=lambda version: -version.number)
        latest = versions[0] if versions else None
        scenarios.append((scenario, latest, economics.compute(latest.inputs) if latest else None))
    return render(
        request,
        "premises/economics/index.html",
        {"collective": site.collective, "site": site, "scenarios": scenarios},
    )


def _scenario_form_page(request, site, form, *, scenario=None, status=200):
    return render(
        request,
        "premises/economics/form.html",
        {"collective": site.collective, "site": site, "form": form, "scenario": scenario},
        status=status,
    )


def scenario_create(request, slug, site):
    site = site_of(request, slug, site, MANAGE)
    start = request.GET.get("depart")
    inputs = dict(economics.SICOVAL_2013) if start == "sicoval-2013" else None
    inputs = inputs or economics.default_inputs(site.currency)
    form = ScenarioForm(form_data(request), inputs=inputs)
    if request.method == "POST" and form.is_valid():
        try:
            version = services_economics.save_scenario(
                actor=request.user,
                site=site,
                name=form.cleaned_data["name"],
                inputs=form.inputs(),
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Scenario saved (version 1)."))
            return redirect(_scenario_url(version.scenario))
    return _scenario_form_page(request, site, form, status=422 if request.method == "POST" else 200)


def _scenario_url(scenario, number=None):
    url = reverse(
        "premises:scenario", args=[scenario.site.collective.slug, scenario.site.slug, scenario.pk]
    )
    return f"{url}?version={number}" if number else url


def scenario_edit(request, slug, site, pk):
    scenario = _scenario(request, slug, site, pk)
    site = scenario.site
    latest = _version(scenario)
    form = ScenarioForm(
        form_data(request),
        inputs=latest.inputs,
        name=scenario.name,
        base_version=scenario.version,
        rename=False,
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services_economics.save_scenario(
                actor=request.user,
                site=site,
                name=scenario.name,
                inputs=form.inputs(),
                base_version=form.cleaned_data["base_version"] or 0,
                note=form.cleaned_data["note"],
            )
        except ConflictError as exc:
            # What was typed stays; saving again, after a look at the latest version,
            # makes the next version (the page says which one it now follows).
            scenario.refresh_from_db()
            data = request.POST.copy()
            data["base_version"] = scenario.version
            form = ScenarioForm(data, inputs=latest.inputs, name=scenario.name, rename=False)
            form.is_valid()
            add_domain_error(form, exc)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Version %(number)s saved.") % {"number": version.number})
            return redirect(_scenario_url(scenario))
    return _scenario_form_page(
        request, site, form, scenario=scenario, status=422 if request.method == "POST" else 200
    )


def scenario_detail(request, slug, site, pk):
    scenario = _scenario(request, slug, site, pk)
    version = _version(scenario, _number(request.GET.get("version")))
    result = economics.compute(version.inputs)
    by_occupancy, by_price = _charts([(scenario.name, result)])
    return render(
        request,
        "premises/economics/scenario.html",
        {
            "collective": scenario.site.collective,
            "site": scenario.site,
            "scenario": scenario,
            "version": version,
            "latest": version.number == scenario.version,
            "versions": scenario.versions.select_related("created_by").order_by("-number"),
            "result": result,
            "summary": _summary(result),
            "chart_occupancy": by_occupancy,
            "chart_price": by_price,
            "names": [scenario.name],
            "series_occupancy": _series_rows([(scenario.name, result)], "by_occupancy"),
            "series_price": _series_rows([(scenario.name, result)], "by_price"),
        },
    )


def scenario_compare(request, slug, site):
    site = site_of(request, slug, site, MANAGE)
    form = CompareForm(request.GET or None, site=site)
    columns = []
    if form.is_valid():
        for version in form.cleaned_data["versions"]:
            name = f"{version.scenario.name} v{version.number}"
            columns.append((name, economics.compute(version.inputs)))
    context = {
        "collective": site.collective,
        "site": site,
        "form": form,
        "columns": columns,
        "names": [name for name, _result in columns],
    }
    if columns:
        context["break_even"] = [
            (kind_label(kind), [result.break_even.get(kind) for _name, result in columns])
            for kind in economics.KINDS
            if any(kind in result.break_even for _name, result in columns)
        ]
        context["chart_occupancy"], context["chart_price"] = _charts(columns)
        context["rows"] = _compare_rows(columns)
        context["series_occupancy"] = _series_rows(columns, "by_occupancy")
        context["series_price"] = _series_rows(columns, "by_price")
    return render(request, "premises/economics/compare.html", context)


def _compare_rows(columns):
    summaries = [_summary(result) for _name, result in columns]
    rows = [(_("Total costs"), [result.total_costs for _n, result in columns], True)]
    for index, (label, _amount) in enumerate(summaries[0]["income"]):
        rows.append((label, [summary["income"][index][1] for summary in summaries], False))
    rows.append((_("Total income"), [result.total_income for _n, result in columns], True))
    rows.append((_("Result of the year"), [result.result for _n, result in columns], True))
    rows.append(
        (
            _("Result with the later surface"),
            [result.later.result if result.later else None for _n, result in columns],
            False,
        )
    )
    return rows


def scenario_xlsx_download(request, slug, site, pk):
    scenario = _scenario(request, slug, site, pk)
    version = _version(scenario, _number(request.GET.get("version")))
    return download(
        request,
        kind="premises.scenario_xlsx",
        fingerprint=("scenario-version", version.pk, version.number),
        build=lambda: scenario_xlsx(version),
        filename=f"{scenario.site.slug}-{scenario.pk}-v{version.number}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def occupancy_page(request, slug, site):
    site = site_of(request, slug, site, MANAGE)
    form = OccupancyForm(request.GET or {"year": date.today().year}, site=site)
    year = form.cleaned_data["year"] if form.is_valid() else date.today().year
    chosen = form.cleaned_data.get("scenario") if form.is_valid() else None
    result = occupancy.occupancy(site, year)
    months = [date_format(month, "M") for month in result.months]
    heatmap = charts.heatmap(
        rows=[(row.space.name, [cell.share for cell in row.cells]) for row in result.rows],
        columns=months,
        title=_("Occupancy of the spaces by month, %(year)s") % {"year": year},
        description=_(
            "The share of each space's bookable half-days used by confirmed bookings, "
            "month by month (darker is fuller); the figures are in the table beside."
        ),
    )
    scenario = chosen or site.scenarios.order_by("-versions__created_at").first()
    plan = None
    if scenario is not None and scenario.version:
        plan = occupancy.plan_vs_actual(site, year, _version(scenario).inputs, result)
    return render(
        request,
        "premises/economics/occupancy.html",
        {
            "collective": site.collective,
            "site": site,
            "form": form,
            "year": year,
            "occupancy": result,
            "months": months,
            "heatmap": heatmap,
            "categories": result.category_rows(),
            "scenario": scenario,
            "plan": plan,
        },
    )
