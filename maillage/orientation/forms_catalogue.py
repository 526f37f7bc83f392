"""Forms of the catalogue: a structure, an offer, an offer's criteria (a row per
criterion, no YAML), the public search, and the data·inclusion import."""

import json

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from maillage.eligibility import EligibilityInputError, Rule
from maillage.eligibility.facts import BOOLEAN, CHOICE, INTEGER, describe, vocabulary
from maillage.eligibility.rules import SERVICE, TOOL, text

from .models import Need, Offer, OfferKind, Public, Structure
from .services_catalogue import OFFER_FIELDS, format_uid, place_problems, structure_problems

IMPORT_MAX_BYTES = 5 * 1024 * 1024


def _rows(count):
    return forms.Textarea(attrs={"rows": count})


class StructureForm(forms.ModelForm):
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Structure
        fields = [
            "name",
            "organisation",
            "country",
            "siret",
            "uid",
            "description",
            "address",
            "postcode",
            "commune",
            "commune_code",
            "phone",
            "email",
            "website",
        ]
        widgets = {"description": _rows(4), "country": forms.RadioSelect}
        help_texts = {
            "siret": _("French structures: 14 digits."),
            "uid": _("Swiss structures: CHE-123.456.789."),
            "postcode": _("4 digits in Switzerland, 5 in France."),
            "commune_code": _("OFS number in Switzerland (1 to 4 digits), INSEE code in France."),
        }

    def __init__(self, *args, collective, may_choose_organisation=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = collective.organisations.order_by("name")
        self.fields["organisation"].required = False
        if not may_choose_organisation:
            del self.fields["organisation"]
        # The model's validators say the same as structure_problems, less precisely.
        self.fields["siret"].validators = []
        self.fields["uid"].validators = []
        self.fields["uid"].max_length = 20

    def clean_siret(self):
        return "".join((self.cleaned_data.get("siret") or "").split())

    def clean_uid(self):
        uid = (self.cleaned_data.get("uid") or "").strip()
        return format_uid(uid) if uid else ""

    def clean(self):
        cleaned = super().clean()
        for field, message in structure_problems(cleaned).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return cleaned

    def _post_clean(self):
        # Saving is the service's: only the form's own checks run here.
        pass

    def structure_fields(self):
        return {name: self.cleaned_data[name] for name in self.fields}


class OfferForm(forms.ModelForm):
    needs = forms.MultipleChoiceField(
        label=_("Needs it answers"),
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    publics = forms.MultipleChoiceField(
        label=_("For whom"),
        choices=Public.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reference_url = forms.URLField(
        label=_("Reference address"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Offer
        fields = list(OFFER_FIELDS)
        widgets = {
            "description": _rows(5),
            "how_to_apply": _rows(3),
            "documents": _rows(3),
            "access": forms.RadioSelect,
            "cost": forms.RadioSelect,
        }
        help_texts = {
            "address": _("Leave empty when it is the structure's address."),
            "places": _("Leave empty when there is no fixed number."),
        }

    def __init__(self, *args, structure, **kwargs):
        super().__init__(*args, **kwargs)
        self.structure = structure
        self.fields["places"].error_messages["min_value"] = _("Enter 1 place or more.")

    def clean(self):
        cleaned = super().clean()
        problems = place_problems(
            self.structure.country, cleaned.get("postcode"), cleaned.get("commune_code")
        )
        for field, message in problems.items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned

    def _post_clean(self):
        pass

    def offer_fields(self):
        return {name: self.cleaned_data[name] for name in self.fields}


# --------------------------------------------------------------------- criteria

IS_YES, IS_NO = "is_true", "is_false"
OPERATORS = {
    IS_YES: _("is yes"),
    IS_NO: _("is no"),
    "eq": _("is"),
    "ne": _("is not"),
    "in": _("is one of"),
    "not_in": _("is none of"),
    "ge": _("is at least"),
    "le": _("is at most"),
    "gt": _("is more than"),
    "lt": _("is less than"),
    "between": _("is between"),
}
OPERATORS_BY_TYPE = {
    BOOLEAN: {IS_YES, IS_NO},
    INTEGER: {"eq", "ne", "ge", "le", "gt", "lt", "between"},
    CHOICE: {"eq", "ne", "in", "not_in"},
}
CHECKS = [
    (TOOL, _("Checked by the tool")),
    (SERVICE, _("To confirm with the service")),
]


def _first_up(words):
    """The first letter in capitals, the others as they are (« arrivé en Suisse »)."""
    return words[:1].upper() + words[1:]


def fact_choices():
    language = get_language() or "fr"
    return [("", "—")] + [
        (fact.id, _first_up(text(fact.short, language))) for fact in vocabulary().values()
    ]


def simple_row(criterion):
    """A form row's initial values for a criterion the row can show, else None."""
    when = criterion.get("when") or {}
    fact = vocabulary().get(when.get("fact"))
    op = when.get("op")
    if fact is None or op not in OPERATORS_BY_TYPE[fact.type]:
        return None
    value = when.get("value")
    row = {"fact": fact.id, "op": op, "value": "", "value_to": ""}
    if op == "between":
        low, high = value
        row["value"] = "" if low is None else str(low)
        row["value_to"] = "" if high is None else str(high)
    elif isinstance(value, list):
        row["value"] = ", ".join(str(item) for item in value)
    elif value is not None:
        row["value"] = str(value)
    return row


def choice_codes():
    """For each fact with choices, its name and its codes with their labels, in the
    reader's language (what the value of a row of such a fact may be)."""
    language = get_language() or "fr"
    return [
        (
            _first_up(text(fact.short, language)),
            [(option["value"], text(option["label"], language)) for option in fact.options],
        )
        for fact in vocabulary().values()
        if fact.type == CHOICE
    ]


def initial_rows(criteria):
    rows = []
    for criterion in criteria or []:
        label = criterion.get("label") or {}
        if isinstance(label, str):
            label = {"fr": label}
        row = simple_row(criterion) or {"raw": json.dumps(criterion.get("when"))}
        row |= {
            "criterion": criterion.get("id", ""),
            "label_fr": label.get("fr", ""),
            "label_en": label.get("en", ""),
            "check": criterion.get("check", TOOL),
        }
        rows.append(row)
    return rows


class CriterionForm(forms.Form):
    """One criterion: a fact of the vocabulary, an operator and its value(s), an optional
    label in French and English, and whether the tool checks it or the service confirms
    it. A criterion written as data that a row cannot show (conditions joined with
    and/or) is kept as it is (``raw``), its label and check still editable."""

    criterion = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput)
    raw = forms.CharField(required=False, max_length=5000, widget=forms.HiddenInput)
    fact = forms.ChoiceField(label=_("Fact about the person"), required=False)
    op = forms.ChoiceField(
        label=_("Condition"), required=False, choices=[("", "—"), *OPERATORS.items()]
    )
    value = forms.CharField(
        label=_("Value"),
        required=False,
        max_length=200,
        help_text=_("A number, or for a choice its code; several separated by commas."),
    )
    value_to = forms.CharField(label=_("Up to (for “between”)"), required=False, max_length=20)
    label_fr = forms.CharField(label=_("Said in French"), required=False, max_length=300)
    label_en = forms.CharField(label=_("Said in English"), required=False, max_length=300)
    check = forms.ChoiceField(
        label=_("Who decides"), choices=CHECKS, initial=TOOL, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fact"].choices = fact_choices()

    @property
    def raw_text(self):
        """The plain-language reading of a criterion kept as data."""
        raw = self["raw"].value()
        if not raw:
            return ""
        try:
            return describe(json.loads(raw), get_language() or "fr")
        except (ValueError, KeyError, TypeError, AttributeError):
            return ""

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if cleaned.get("raw"):
            cleaned["when"] = self._raw_condition(cleaned["raw"])
            return cleaned
        fact = vocabulary().get(cleaned.get("fact") or "")
        if fact is None:
            self.add_error("fact", _("Choose a fact about the person."))
            return cleaned
        op = cleaned.get("op")
        if op not in OPERATORS_BY_TYPE[fact.type]:
            allowed = ", ".join(
                str(OPERATORS[name]) for name in OPERATORS if name in OPERATORS_BY_TYPE[fact.type]
            )
            self.add_error("op", _("For this fact, choose: %(allowed)s.") % {"allowed": allowed})
            return cleaned
        when = {"fact": fact.id, "op": op}
        if op not in (IS_YES, IS_NO):
            value = self._value(fact, op, cleaned)
            if value is None:
                return cleaned
            when["value"] = value
        cleaned["when"] = when
        return cleaned

    def _raw_condition(self, raw):
        try:
            when = json.loads(raw)
            Rule.from_dict({"id": "row", "criteria": [{"id": "row", "when": when}]})
        except (ValueError, EligibilityInputError):
            self.add_error(None, _("This criterion cannot be read; remove it or write it again."))
            return None
        return when

    def _one(self, fact, raw, field):
        try:
            return fact.parse(raw)
        except EligibilityInputError:
            if fact.type == INTEGER:
                message = _("Enter a whole number from %(min)s to %(max)s.") % {
                    "min": fact.min,
                    "max": fact.max,
                }
            else:
                codes = ", ".join(
                    f"{option['value']} ({text(option['label'], get_language() or 'fr')})"
                    for option in fact.options
                )
                message = _("Choose among: %(codes)s.") % {"codes": codes}
            self.add_error(field, message)
            return None

    def _value(self, fact, op, cleaned):
        raw = (cleaned.get("value") or "").strip()
        if op == "between":
            high_raw = (cleaned.get("value_to") or "").strip()
            if not raw and not high_raw:
                self.add_error("value", _("Give the lowest value, the highest, or both."))
                return None
            low = self._one(fact, raw, "value") if raw else None
            high = self._one(fact, high_raw, "value_to") if high_raw else None
            if (raw and low is None) or (high_raw and high is None):
                return None
            if low is not None and high is not None and high < low:
                self.add_error("value_to", _("The highest value is below the lowest."))
                return None
            return [low, high]
        if not raw:
            self.add_error("value", _("Give a value."))
            return None
        if op in ("in", "not_in"):
            parts = [part.strip() for part in raw.split(",") if part.strip()]
            values = [self._one(fact, part, "value") for part in parts]
            return None if None in values else values
        return self._one(fact, raw, "value")

    def criterion_dict(self, taken):
        data = self.cleaned_data
        criterion_id = data.get("criterion") or (data.get("fact") or "criterion")
        base, number = criterion_id, 2
        while criterion_id in taken:
            criterion_id, number = f"{base}-{number}", number + 1
        taken.add(criterion_id)
        label = {code: data[f"label_{code}"].strip() for code in ("fr", "en")}
        return {
            "id": criterion_id,
            "label": {code: value for code, value in label.items() if value},
            "when": data["when"],
            "check": data["check"],
        }


class BaseCriteriaFormSet(forms.BaseFormSet):
    def criteria(self):
        taken, result = set(), []
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form):
                continue
            result.append(form.criterion_dict(taken))
        return result


CriteriaFormSet = forms.formset_factory(
    CriterionForm, formset=BaseCriteriaFormSet, extra=2, can_delete=True, max_num=30
)


# ----------------------------------------------------------------------- search


def _blank(choices, label):
    return [("", label), *choices]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    need = forms.ChoiceField(
        label=_("What are you looking for?"),
        required=False,
        choices=_blank(Need.choices, _("Any need")),
    )
    public = forms.ChoiceField(
        label=_("For whom?"), required=False, choices=_blank(Public.choices, _("Anyone"))
    )
    place = forms.CharField(label=_("Where? (postcode or commune)"), required=False, max_length=80)
    remote = forms.BooleanField(label=_("Also offers at a distance"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_blank(OfferKind.choices, _("Any kind"))
    )


# ----------------------------------------------------------------------- import


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("data·inclusion file (JSON)"),
        help_text=_("An object with a list of structures and a list of services, at most 5 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("This file is larger than 5 MB."))
        data = upload.read()
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("This file is not UTF-8 text.")) from error
