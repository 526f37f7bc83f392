"""The forms of the economic model: a scenario's inputs (every value as typed, so a
refused one comes back as it was), the versions to compare, the year of occupancy."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import economics
from .documents_economics import input_labels, kind_label
from .models_economics import ScenarioVersion
from .services_economics import input_message

KIND_LABELS = {
    "units": _("%(kind)s: spaces (desks for a pool)"),
    "half_days": _("%(kind)s: bookable half-days a year each"),
    "occupancy": _("%(kind)s: assumed occupancy (%%)"),
    "price": _("%(kind)s: price of a half-day"),
}
PERIODS = [
    ("year", pgettext_lazy("rent", "per year")),
    ("month", pgettext_lazy("rent", "per month")),
]
CURRENCIES = [(code, code) for code in economics.CURRENCIES]

# The form's sections, in order: (legend, fields).
SECTIONS = (
    (
        _("Costs"),
        (
            "surface_m2",
            "owner_rent_per_m2",
            "owner_rent_period",
            "charges",
            "staff",
            "insurance",
            "fit_out",
            "fit_out_years",
            "other_costs",
        ),
    ),
    (
        _("Rents"),
        ("let_m2", "permanent_rent_per_m2_month", "part_timers", "part_time_month"),
    ),
    (_("Other income"), ("services", "concierge", "subsidies")),
    (
        _("The later surface (an option)"),
        ("later", "later_from_year", "later_surface_m2", "later_let_m2", "later_costs"),
    ),
)


def _number_field(label):
    return forms.CharField(
        label=label,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class ScenarioForm(forms.Form):
    """A scenario's name, note and inputs. ``clean`` reads them with the model's own
    parser, so the form refuses exactly what the model cannot use."""

    name = forms.CharField(label=_("Name of the scenario"), max_length=120)
    note = forms.CharField(label=_("What changed (optional)"), max_length=300, required=False)
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES)

    def __init__(self, *args, inputs=None, name="", base_version=None, rename=True, **kwargs):
        inputs = inputs or economics.default_inputs()
        initial = {
            "name": name,
            "base_version": base_version,
            "currency": inputs.get("currency"),
            **{key: value for key, value in inputs.items() if key != "kinds"},
        }
        for row in inputs.get("kinds", []):
            for key in economics.KIND_FIELDS:
                initial[f"{row['kind']}_{key}"] = row.get(key)
        super().__init__(*args, initial=initial, **kwargs)
        labels = input_labels()
        for _legend, names in SECTIONS:
            for key in names:
                if key == "owner_rent_period":
                    self.fields[key] = forms.ChoiceField(
                        label=_("The owner's rent per m² is"), choices=PERIODS
                    )
                elif key == "later":
                    self.fields[key] = forms.BooleanField(
                        label=_("Include the later surface"), required=False
                    )
                else:
                    self.fields[key] = _number_field(labels[key])
                    self.fields[key].required = not key.startswith("later_")
        for kind in economics.KINDS:
            for key, label in KIND_LABELS.items():
                self.fields[f"{kind}_{key}"] = _number_field(label % {"kind": kind_label(kind)})
        if not rename:
            self.fields["name"].disabled = True

    def sections(self):
        """(legend, bound fields) for the template, the kinds as a section each."""
        result = [(legend, [self[key] for key in names]) for legend, names in SECTIONS]
        for kind in economics.KINDS:
            result.insert(
                2 + economics.KINDS.index(kind),
                (
                    _("Rentals by the half-day: %(kind)s") % {"kind": kind_label(kind)},
                    [self[f"{kind}_{key}"] for key in economics.KIND_FIELDS],
                ),
            )
        return result

    def inputs(self):
        """The inputs as typed, in the model's shape."""
        data = self.cleaned_data
        inputs = {"currency": data.get("currency"), "later": bool(data.get("later"))}
        inputs["owner_rent_period"] = data.get("owner_rent_period")
        for name in economics.FIELDS:
            inputs[name] = data.get(name, "")
        inputs["kinds"] = [
            {"kind": kind, **{key: data.get(f"{kind}_{key}", "") for key in economics.KIND_FIELDS}}
            for kind in economics.KINDS
        ]
        return inputs

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            economics.parse(self.inputs())
        except economics.InputError as exc:
            field = exc.field
            if field.startswith("kinds."):
                _kinds, kind, key = field.split(".")
                field = f"{kind}_{key}"
            self.add_error(field if field in self.fields else None, input_message(exc.code))
        return cleaned


class CompareForm(forms.Form):
    versions = forms.ModelMultipleChoiceField(
        label=_("Versions to compare (up to three)"),
        queryset=ScenarioVersion.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["versions"]
        field.queryset = (
            ScenarioVersion.objects.filter(scenario__site=site)
            .select_related("scenario")
            .order_by("scenario__name", "-number")
        )
        field.label_from_instance = lambda version: f"{version.scenario.name} · v{version.number}"

    def clean_versions(self):
        versions = self.cleaned_data["versions"]
        if len(versions) > 3:
            raise forms.ValidationError(_("Choose three versions at most."))
        return versions


class OccupancyForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    scenario = forms.ModelChoiceField(
        label=_("Compare with the scenario"), queryset=None, required=False
    )

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scenario"].queryset = site.scenarios.all()
