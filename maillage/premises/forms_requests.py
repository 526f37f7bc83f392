"""Forms of requests from outside, the coordinators' refusal, calendar feeds and the
availability search. They shape what was typed; the services decide and say why they
refuse (services_requests)."""

from django import forms
from django.conf import settings
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from maillage.core import dates
from maillage.core.forms import ClientKeyForm
from maillage.core.widgets import DateInput

from . import halfdays
from .models import Slot, SpaceKind
from .services_requests import ROOM_KINDS, request_rooms

HONEYPOT = "website"


def consent_text(site):
    """The words of the consent, recorded with the request as the person read them."""
    days = settings.PREMISES_REQUESTS_ERASE_AFTER_DAYS
    return ngettext(
        "I agree that %(collective)s records my name, e-mail address and phone to answer "
        "this request. They are seen only by the coordinators of the premises and erased "
        "%(days)s day after the date asked.",
        "I agree that %(collective)s records my name, e-mail address and phone to answer "
        "this request. They are seen only by the coordinators of the premises and erased "
        "%(days)s days after the date asked.",
        days,
    ) % {"collective": site.collective.name, "days": days}


def room_label(space):
    parts = [
        ngettext("%(count)s person", "%(count)s people", space.capacity)
        % {"count": space.capacity},
        gettext("step-free access") if space.step_free else gettext("steps, no step-free access"),
    ]
    if space.equipment:
        parts.append(gettext("equipment: %(equipment)s") % {"equipment": space.equipment})
    return f"{space.name} ({', '.join(parts)})"


class RoomChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return room_label(obj)


def _slot_choices(site):
    return [(half.slot, half.label) for half in halfdays.slots(site)]


class RequestForm(ClientKeyForm):
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        error_messages={"required": _("Give your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.CharField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("The answer is sent there."),
        error_messages={"required": _("Give your e-mail address.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    purpose = forms.CharField(
        label=_("What is the room for?"),
        max_length=300,
        error_messages={"required": _("Say what the room is for.")},
    )
    people = forms.IntegerField(
        label=_("Number of people"),
        min_value=1,
        max_value=10000,
        error_messages={"required": _("Give the number of people, at least 1.")},
    )
    day = dates.DateField(
        label=_("Date"),
        widget=DateInput(),
        error_messages={"required": _("Choose the date.")},
    )
    first_slot = forms.ChoiceField(label=_("From the"), initial=Slot.MORNING)
    last_slot = forms.ChoiceField(
        label=_("To the (included)"),
        initial=Slot.MORNING,
        help_text=_("From the morning to the afternoon: the whole day."),
    )
    space = RoomChoiceField(
        label=_("Room"),
        queryset=None,
        required=False,
        blank=True,
        empty_label=_("Any room for the number of people"),
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        error_messages={"required": _("Your consent is needed to record your request.")}
    )
    # Left empty by people; robots that fill every field give themselves away.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site
        self.fields["first_slot"].choices = _slot_choices(site)
        self.fields["last_slot"].choices = _slot_choices(site)
        self.fields["space"].queryset = request_rooms(site)
        self.fields["consent"].label = consent_text(site)

    def is_spam(self):
        return bool((self.data.get(HONEYPOT) or "").strip())

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT]


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the person)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the request is refused.")},
    )


class SearchForm(forms.Form):
    """The availability search, sent with GET so that it works without JavaScript."""

    people = forms.IntegerField(
        label=_("People"),
        min_value=1,
        max_value=10000,
        initial=1,
        error_messages={"required": _("Give the number of people, at least 1.")},
    )
    weekday = forms.TypedChoiceField(
        label=_("Day of the week"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any day")), *WEEKDAYS.items()],
    )
    slot = forms.ChoiceField(label=_("Half-day"), required=False)
    weeks = forms.IntegerField(
        label=_("In the next (weeks)"),
        min_value=1,
        max_value=12,
        initial=4,
        required=False,
        error_messages={
            "min_value": _("Between 1 and 12 weeks."),
            "max_value": _("Between 1 and 12 weeks."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Kind of room"),
        required=False,
        choices=[("", _("Any room"))]
        + [(kind.value, kind.label) for kind in SpaceKind if kind in ROOM_KINDS],
    )
    step_free = forms.BooleanField(label=_("Step-free access only"), required=False)

    def __init__(self, *args, site, **kwargs):
        # Its own ids: on the public page it stands beside the request form.
        kwargs.setdefault("auto_id", "search_%s")
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [("", _("Any half-day"))] + _slot_choices(site)

    def search_arguments(self):
        data = self.cleaned_data
        return {
            "people": data["people"],
            "weekday": data.get("weekday"),
            "slot": data.get("slot") or None,
            "weeks": data.get("weeks") or 4,
            "kind": data.get("kind") or None,
            "step_free": bool(data.get("step_free")),
        }
