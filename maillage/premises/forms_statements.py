"""The forms of prices and statements."""

from datetime import date

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from maillage.core.dates import DateField
from maillage.core.widgets import DateInput

from .models import SpaceKind
from .models_statements import Price, PriceUnit

# The grid's columns: (space kind, unit). "" is a price without a space kind (a
# part-time tenancy's month).
GRID_COLUMNS = [
    (SpaceKind.MEETING_ROOM, PriceUnit.HALF_DAY),
    (SpaceKind.MEETING_ROOM, PriceUnit.DAY),
    (SpaceKind.EVENT_ROOM, PriceUnit.HALF_DAY),
    (SpaceKind.EVENT_ROOM, PriceUnit.DAY),
    (SpaceKind.DESKS, PriceUnit.HALF_DAY),
    (SpaceKind.DESKS, PriceUnit.MONTH),
    (SpaceKind.OFFICE, PriceUnit.M2_MONTH),
    (SpaceKind.MEETING_ROOM, PriceUnit.MONTH),
    ("", PriceUnit.MONTH),
]

PRICE_ERRORS = {
    "invalid": _("Give the price as a number, such as 12.50."),
    "min_value": _("A price cannot be negative."),
    "max_decimal_places": _("A price has at most two decimals (cents)."),
    "max_digits": _("This price is too high."),
    "max_whole_digits": _("This price is too high."),
}


def column_label(kind, unit):
    if not kind:
        return _("Part-time, %(unit)s") % {"unit": PriceUnit(unit).label}
    return f"{SpaceKind(kind).label}, {PriceUnit(unit).label}"


def price_field(**extra):
    return forms.DecimalField(
        min_value=0,
        max_digits=10,
        decimal_places=2,
        localize=True,
        error_messages=PRICE_ERRORS,
        **extra,
    )


def field_name(category, kind, unit):
    return f"p_{category.pk}_{kind or 'none'}_{unit}"


class PriceGridForm(forms.Form):
    """The grid: a price field for each category × column; empty: no price."""

    def __init__(self, *args, site, categories, prices, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = categories
        self.keys = {}
        current = {(p.category_id, p.kind, p.unit): p.amount for p in prices}
        for category in categories:
            for kind, unit in GRID_COLUMNS:
                name = field_name(category, kind, unit)
                self.fields[name] = price_field(
                    required=False,
                    label=f"{category.name} – {column_label(kind, unit)}",
                    initial=current.get((category.pk, kind, unit)),
                )
                self.keys[name] = (category, kind, unit)

    def rows(self):
        """[(category, [bound field per column])] for the table."""
        return [
            (category, [self[field_name(category, kind, unit)] for kind, unit in GRID_COLUMNS])
            for category in self.categories
        ]

    def prices(self):
        return {self.keys[name]: value for name, value in self.cleaned_data.items()}


class ServicePriceForm(forms.Form):
    category = forms.ModelChoiceField(queryset=None, label=_("Price category"))
    service = forms.CharField(label=_("Service"), max_length=100)
    amount = price_field(label=_("Price a month"))

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = site.price_categories.all()


class SubscribeForm(forms.Form):
    tenancy = forms.ModelChoiceField(queryset=None, label=_("Tenant"))
    price = forms.ModelChoiceField(queryset=None, label=_("Service"))
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=0.01, max_digits=8, decimal_places=2, initial=1
    )

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tenancy"].queryset = site.tenancies.select_related("organisation")
        self.fields["price"].queryset = Price.objects.filter(
            site=site, unit=PriceUnit.SERVICE
        ).select_related("category")
        self.fields["price"].label_from_instance = lambda p: f"{p.service} ({p.category.name})"


def month_choices():
    return [(m, date_format(date(2000, m, 1), "F")) for m in range(1, 13)]


class IssueForm(forms.Form):
    month = forms.TypedChoiceField(label=_("Month"), coerce=int, choices=month_choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class FilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=lambda: [("", _("Every month")), *month_choices()],
    )
    organisation = forms.TypedChoiceField(
        label=_("Tenant"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [
            ("", _("Every tenant")),
            *[(o.pk, o.name) for o in organisations],
        ]


class CreditNoteForm(forms.Form):
    lines = forms.TypedMultipleChoiceField(
        label=_("Lines to credit"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lines"].choices = [(line.pk, line.label) for line in lines]
        self.fields["lines"].initial = [line.pk for line in lines]


class PaidForm(forms.Form):
    paid_on = DateField(label=_("Paid on"), widget=DateInput)
