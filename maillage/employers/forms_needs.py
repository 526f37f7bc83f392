"""Forms of the group's set-up and of the needs. They shape what was typed; the
services (services_needs) decide and say why they refuse."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.collectives.models import Organisation
from maillage.core.dates import DateField
from maillage.core.widgets import DateInput, TimeInput

from .models import DAYS, Employer, JobFamily, Period, Qualification, Site

DATE_ERRORS = {"invalid": _("Enter a date, for example 2027-01-04.")}
NUMBER = {"invalid": _("Give a number.")}
WHOLE = {"invalid": _("Give a whole number."), "min_value": _("Give a number of 0 or more.")}
SLOT_ROWS = 8
MORE_ROWS = 4
MAX_ROWS = 42


class NamedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return getattr(obj, "name", str(obj))


class GroupCreateForm(forms.Form):
    name = forms.CharField(label=_("Name of the group"), max_length=200)


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name of the group"), max_length=200)
    target_hours = forms.DecimalField(
        label=_("Full-time hours a week"), max_digits=4, decimal_places=1, error_messages=NUMBER
    )
    min_hours = forms.DecimalField(
        label=_("Minimum hours a week of a part-time job"),
        max_digits=4,
        decimal_places=1,
        error_messages=NUMBER,
        help_text=_("In France, 24 hours unless a collective agreement says otherwise."),
    )
    speed_kmh = forms.DecimalField(
        label=_("Travel speed between sites (km/h, straight line)"),
        max_digits=4,
        decimal_places=1,
        error_messages=NUMBER,
    )
    hourly_cost = forms.DecimalField(
        label=_("Cost of an hour of work to the group (€, salary and charges)"),
        max_digits=7,
        decimal_places=2,
        error_messages=NUMBER,
    )
    term_weeks = forms.IntegerField(
        label=_("Term-time weeks in a year"), min_value=0, error_messages=WHOLE
    )
    holiday_weeks = forms.IntegerField(
        label=_("Holiday weeks worked in a year"), min_value=0, error_messages=WHOLE
    )

    def __init__(self, *args, group, **kwargs):
        kwargs.setdefault("initial", {field: getattr(group, field) for field in self.base_fields})
        super().__init__(*args, **kwargs)


class MemberForm(forms.Form):
    organisation = NamedChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        error_messages={"invalid_choice": _("Choose an organisation of the collective.")},
        help_text=_("An organisation of the collective that is not a member yet."),
    )
    joined_on = DateField(label=_("Member since"), widget=DateInput(), error_messages=DATE_ERRORS)

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = group.collective.organisations.exclude(
            employer_memberships__group=group
        ).order_by("name")


class EndMemberForm(forms.Form):
    left_on = DateField(label=_("Leaves on"), widget=DateInput(), error_messages=DATE_ERRORS)


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Name of the site"), max_length=200)
    commune = forms.CharField(label=_("Commune"), max_length=100)
    latitude = forms.DecimalField(
        label=_("Latitude"),
        max_digits=8,
        decimal_places=5,
        error_messages=NUMBER,
        help_text=_("In decimal degrees, for example 48.86130 in Montreuil, 46.20440 in Geneva."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        max_digits=8,
        decimal_places=5,
        error_messages=NUMBER,
        help_text=_("In decimal degrees, for example 2.44320 in Montreuil, 6.14320 in Geneva."),
    )

    def __init__(self, *args, site=None, **kwargs):
        if site is not None:
            kwargs.setdefault("initial", {f: getattr(site, f) for f in self.base_fields})
        super().__init__(*args, **kwargs)


class FamilyForm(forms.Form):
    name = forms.CharField(
        label=_("Job family"),
        max_length=120,
        help_text=_("For example: animateur périscolaire, agent d'entretien."),
    )


class QualificationForm(forms.Form):
    name = forms.CharField(label=_("Qualification"), max_length=120)
    families = forms.ModelMultipleChoiceField(
        label=_("Job families it covers"),
        queryset=JobFamily.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Tick at least one job family this qualification covers."),
            "invalid_choice": _("Choose job families of this group."),
        },
    )

    def __init__(self, *args, group, qualification=None, **kwargs):
        if qualification is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": qualification.name,
                    "families": list(qualification.families.values_list("pk", flat=True)),
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["families"].queryset = group.families.order_by("name")


class TrainingForm(forms.Form):
    name = forms.CharField(label=_("Training"), max_length=200)
    family = NamedChoiceField(
        label=_("Job family it opens"),
        queryset=JobFamily.objects.none(),
        error_messages={"invalid_choice": _("Choose a job family of this group.")},
    )
    from_qualification = NamedChoiceField(
        label=_("For holders of"),
        queryset=Qualification.objects.none(),
        required=False,
        empty_label=_("(no qualification needed)"),
        error_messages={"invalid_choice": _("Choose a qualification of this group.")},
    )
    hours = forms.IntegerField(label=_("Length in hours"), min_value=1, error_messages=WHOLE)
    cost = forms.DecimalField(
        label=_("Cost (€)"), max_digits=9, decimal_places=2, min_value=0, error_messages=NUMBER
    )
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)

    def __init__(self, *args, group, training=None, **kwargs):
        if training is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": training.name,
                    "family": training.family_id,
                    "from_qualification": training.from_qualification_id,
                    "hours": training.hours,
                    "cost": training.cost,
                    "provider": training.provider,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["family"].queryset = group.families.order_by("name")
        self.fields["from_qualification"].queryset = group.qualifications.order_by("name")


class SiteChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.commune}) · {obj.employer.organisation.name}"


class NeedForm(forms.Form):
    employer = NamedChoiceField(
        label=_("Member employer"),
        queryset=Employer.objects.none(),
        error_messages={"invalid_choice": _("Choose a member you act for.")},
    )
    family = NamedChoiceField(
        label=_("Job family"),
        queryset=JobFamily.objects.none(),
        error_messages={"invalid_choice": _("Choose a job family of this group.")},
    )
    site = SiteChoiceField(
        label=_("Site"),
        queryset=Site.objects.none(),
        error_messages={"invalid_choice": _("Choose one of this member's sites.")},
    )
    qualification = NamedChoiceField(
        label=_("Qualification required (if a specific one is)"),
        queryset=Qualification.objects.none(),
        required=False,
        empty_label=_("(any qualification that covers the job family)"),
        error_messages={"invalid_choice": _("Choose a qualification of this group.")},
    )
    period = forms.ChoiceField(label=_("Period of the year"), choices=Period.choices)
    starts_on = DateField(label=_("From"), widget=DateInput(), error_messages=DATE_ERRORS)
    hourly_cost_max = forms.DecimalField(
        label=_("Hourly cost it can bear (€, optional)"),
        max_digits=7,
        decimal_places=2,
        required=False,
        error_messages=NUMBER,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, group, employers, need=None, **kwargs):
        if need is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "employer": need.employer_id,
                "family": need.family_id,
                "site": need.site_id,
                "qualification": need.qualification_id,
                "period": need.period,
                "starts_on": need.starts_on,
                "hourly_cost_max": need.hourly_cost_max,
                "note": need.note,
                "version": need.version,
            }
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
        if need is not None:
            # A need stays with its member: the field shows it, it cannot move.
            self.fields["employer"].disabled = True
            self.fields["employer"].queryset = Employer.objects.filter(pk=need.employer_id)
        self.fields["family"].queryset = group.families.order_by("name")
        self.fields["qualification"].queryset = group.qualifications.order_by("name")
        self.fields["site"].queryset = (
            Site.objects.filter(employer__in=self.fields["employer"].queryset)
            .select_related("employer__organisation")
            .order_by("employer__organisation__name", "name")
        )

    def values(self):
        data = self.cleaned_data
        return {
            "family": data["family"],
            "site": data["site"],
            "qualification": data.get("qualification"),
            "period": data["period"],
            "starts_on": data["starts_on"],
            "hourly_cost_max": data.get("hourly_cost_max"),
            "note": data.get("note", ""),
        }


class SlotForm(forms.Form):
    """One row of a need's weekly slots. Every field may stay empty: an empty row is
    left out; a row half filled is refused."""

    day = forms.TypedChoiceField(
        label=_("Day"), choices=[("", "—"), *DAYS], coerce=int, required=False
    )
    start = forms.TimeField(
        label=_("From"),
        widget=TimeInput(),
        required=False,
        error_messages={"invalid": _("Enter a time, for example 08:30.")},
    )
    end = forms.TimeField(
        label=_("To"),
        widget=TimeInput(),
        required=False,
        error_messages={"invalid": _("Enter a time, for example 12:00.")},
    )

    def clean(self):
        data = super().clean()
        given = [data.get(f) not in (None, "") for f in ("day", "start", "end")]
        if any(given) and not all(given):
            raise forms.ValidationError(_("Give the day, the time it starts and the time it ends."))
        return data

    def slot(self):
        data = getattr(self, "cleaned_data", {})
        if data.get("day") in (None, "") or data.get("start") is None or data.get("end") is None:
            return None
        return (data["day"], data["start"], data["end"])


class BaseSlotFormSet(forms.BaseFormSet):
    def slots(self):
        return [slot for form in self.forms if (slot := form.slot()) is not None]


def slot_formset(data=None, *, initial=None, rows=SLOT_ROWS):
    """The slots' rows: ``initial`` (a need's slots, or rows typed before) and blank rows
    up to ``rows``."""
    initial = list(initial or ())
    extra = max(rows - len(initial), 0)
    formset = forms.formset_factory(
        SlotForm,
        formset=BaseSlotFormSet,
        extra=extra,
        max_num=MAX_ROWS,
        absolute_max=MAX_ROWS,
        validate_max=True,
    )
    return formset(data, initial=initial or None, prefix="slots")


def slot_rows(need):
    return [{"day": s.day, "start": s.start, "end": s.end} for s in need.slots.all()]


def typed(form):
    """What was typed in a bound form, as the initial values of an unbound one."""
    return {name: form[name].value() for name in form.fields}


def typed_hours(rows):
    minutes = 0
    for _day, start, end in rows:
        if end > start:
            minutes += (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return Decimal(minutes) / 60


class NeedFilterForm(forms.Form):
    employer = NamedChoiceField(
        label=_("Member"), queryset=Employer.objects.none(), required=False, empty_label=_("All")
    )
    family = NamedChoiceField(
        label=_("Job family"),
        queryset=JobFamily.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    period = forms.ChoiceField(
        label=_("Period of the year"), choices=[("", _("All")), *Period.choices], required=False
    )

    def __init__(self, *args, group, employers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
        self.fields["family"].queryset = group.families.order_by("name")
