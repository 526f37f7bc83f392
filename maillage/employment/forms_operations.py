"""Forms of recruitment operations. They shape what was typed; the services
(services_operations) decide and say why they refuse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.collectives.forms import PeopleChoiceField, offer_members
from maillage.collectives.models import Organisation
from maillage.core.dates import DateField
from maillage.core.widgets import DateInput

from .figures_operations import month_label
from .models import Contract
from .models_operations import Channel, ChannelKind, RefusalReason, Stage, State
from .services_operations import months_between

DATE_ERRORS = {"invalid": _("Enter a date, for example 2026-03-31.")}
WHOLE = {
    "invalid": _("Give a whole number."),
    "min_value": _("Give a number of 0 or more."),
}


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class OperationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    employer = OrganisationChoiceField(
        label=_("Employer, if an organisation of the collective"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("(not an organisation of the collective)"),
        error_messages={"invalid_choice": _("Choose an organisation of the collective.")},
    )
    employer_name = forms.CharField(
        label=_("Employer's name"),
        max_length=200,
        required=False,
        help_text=_("Type it when the employer is not an organisation of the collective."),
    )
    contract = forms.ChoiceField(
        label=_("Contract"), choices=[("", "—"), *Contract.choices], required=False
    )
    starts_on = DateField(label=_("Starts on"), widget=DateInput(), error_messages=DATE_ERRORS)
    ends_on = DateField(label=_("Ends on"), widget=DateInput(), error_messages=DATE_ERRORS)
    target_total = forms.IntegerField(
        label=_("Hires planned in all"), min_value=1, error_messages=WHOLE
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    managers = PeopleChoiceField(
        label=_("Who follows the candidates"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of the collective; only they see the candidates' names."),
    )

    def __init__(self, *args, collective, operation=None, **kwargs):
        if operation is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": operation.title,
                "employer": operation.employer_id,
                "employer_name": operation.employer_name,
                "contract": operation.contract,
                "starts_on": operation.starts_on,
                "ends_on": operation.ends_on,
                "target_total": operation.target_total,
                "description": operation.description,
                "managers": list(operation.managers.values_list("pk", flat=True)),
            }
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = collective.organisations.order_by("name")
        also = list(operation.managers.all()) if operation is not None else ()
        offer_members(self.fields["managers"], collective, also=also)


def _month_key(month):
    return f"month_{month:%Y_%m}"


class TargetsForm(forms.Form):
    """One whole number per month of the operation."""

    def __init__(self, *args, operation, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        saved = dict(operation.targets.values_list("month", "hires"))
        self.months = months_between(operation.starts_on, operation.ends_on)
        for month in self.months:
            self.fields[_month_key(month)] = forms.IntegerField(
                label=month_label(month),
                min_value=0,
                max_value=10_000,
                initial=(proposal or saved).get(month, 0),
                error_messages=WHOLE,
            )

    def targets(self):
        return {month: self.cleaned_data[_month_key(month)] for month in self.months}

    def rows(self):
        return [self[_month_key(month)] for month in self.months]


class SpreadForm(forms.Form):
    """What the proposed curve is made of (read from the query string)."""

    first_wave = forms.IntegerField(label=_("First wave: hires"), min_value=0, error_messages=WHOLE)
    first_wave_by = DateField(
        label=_("First wave: by the end of"), widget=DateInput(), error_messages=DATE_ERRORS
    )
    monthly_low = forms.IntegerField(
        label=_("Then at least, a month"), min_value=0, error_messages=WHOLE
    )
    monthly_high = forms.IntegerField(
        label=_("And at most, a month"), min_value=0, error_messages=WHOLE
    )

    def clean(self):
        data = super().clean()
        low, high = data.get("monthly_low"), data.get("monthly_high")
        if low is not None and high is not None and high < low:
            self.add_error("monthly_high", _("The most cannot be under the least."))
        return data


class ChannelForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ChannelKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    contact_email = forms.EmailField(
        label=_("Contact's e-mail address"),
        required=False,
        error_messages={"invalid": _("Enter an e-mail address such as name@example.org.")},
    )


class ChannelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class CandidateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        error_messages={"invalid": _("Enter an e-mail address such as name@example.org.")},
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    channel = ChannelChoiceField(
        label=_("Sent by (channel)"),
        queryset=Channel.objects.none(),
        required=False,
        empty_label=_("(no channel)"),
        error_messages={"invalid_choice": _("Choose one of the operation's channels.")},
    )
    sourced_on = DateField(label=_("Sourced on"), widget=DateInput(), error_messages=DATE_ERRORS)

    def __init__(self, *args, operation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = operation.channels.all()


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to the stage"), choices=Stage.choices[1:])
    on = DateField(
        label=_("Reached on"),
        widget=DateInput(),
        required=False,
        error_messages=DATE_ERRORS,
        help_text=_("Required for hiring and the stages after it."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("State of the application"), choices=State.choices)
    reason = forms.ChoiceField(
        label=_("Reason, if declined"),
        choices=[("", "—"), *RefusalReason.choices],
        required=False,
        help_text=_("Required when the application is declined; the channel reads it."),
    )
    message = forms.CharField(
        label=_("Message to the channel"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EraseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CandidateFilterForm(forms.Form):
    """The candidates' list, filtered (read from the query string)."""

    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("Any")), *Stage.choices], required=False
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("Any")), *State.choices], required=False
    )
    channel = ChannelChoiceField(
        label=_("Channel"), queryset=Channel.objects.none(), required=False, empty_label=_("Any")
    )

    def __init__(self, *args, operation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = operation.channels.all()
