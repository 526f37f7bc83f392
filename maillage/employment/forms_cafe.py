"""Forms of job cafés: the café's settings, recruiters and offers, a job seeker's
registration and profile, walk-ins. They shape what was typed; services_cafe decides
and says why it refuses."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from maillage.collectives.models import Organisation
from maillage.core.widgets import TimeInput

from .models import Contract, Mobility, Referrer

WEIGHTS = [
    ("0", _("Not")),
    ("1", _("If there is time")),
    ("2", _("Yes")),
    ("3", _("Very much")),
]
HONEYPOT = "website"

# The profile a seeker fills in and changes from their link, in the form's order.
PROFILE_FORM_FIELDS = (
    "name",
    "phone",
    "wishes_text",
    "availability",
    "mobility",
    "referrer",
    "referrer_detail",
    "needs",
)


class CafeForm(forms.Form):
    rotations = forms.IntegerField(label=_("Rounds"), min_value=1, max_value=30, initial=6)
    minutes_per_rotation = forms.IntegerField(
        label=_("Minutes per round"), min_value=3, max_value=240, initial=10
    )
    seats = forms.IntegerField(
        label=_("Seekers per table"),
        min_value=1,
        max_value=20,
        initial=2,
        help_text=_("How many job seekers sit at a recruiter's table in one round."),
    )
    first_round = forms.TimeField(
        label=_("First round starts at"), required=False, widget=TimeInput()
    )
    consent_text = forms.CharField(
        label=_("Consent asked of job seekers"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown when a job seeker registers; empty: the platform's text."),
    )


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class RecruiterForm(forms.Form):
    organisation = OrganisationChoiceField(
        label=_("Organisation of the collective"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("None: type its name below"),
    )
    name = forms.CharField(
        label=_("Name of the recruiter"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the organisation's name."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=120, required=False)
    contact_email = forms.CharField(
        label=_("Contact's e-mail address"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(),
    )
    contact_phone = forms.CharField(
        label=_("Contact's phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    sectors = forms.CharField(
        label=_("Sectors"), max_length=300, required=False, help_text=_("Separated by commas.")
    )
    tables = forms.IntegerField(label=_("Tables"), min_value=0, max_value=20, initial=1)

    def __init__(self, *args, collective, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = collective.organisations.order_by("name")


class OfferForm(forms.Form):
    title = forms.CharField(
        label=_("Job title"),
        max_length=200,
        error_messages={"required": _("Give the job's title.")},
    )
    contract = forms.ChoiceField(label=_("Contract"), choices=Contract.choices)
    hours = forms.DecimalField(
        label=_("Hours a week"), required=False, min_value=1, max_value=60, decimal_places=1
    )
    place = forms.CharField(label=_("Place of work"), max_length=200, required=False)
    posts = forms.IntegerField(label=_("Posts"), min_value=1, max_value=999, initial=1)
    requirements = forms.CharField(
        label=_("Requirements"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProfileForm(forms.Form):
    """What a job seeker says of themselves; the registration adds the rest."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        error_messages={"required": _("Give your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Your phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    wishes_text = forms.CharField(
        label=_("Jobs or sectors you wish"), max_length=300, required=False
    )
    availability = forms.CharField(label=_("When can you start?"), max_length=200, required=False)
    mobility = forms.ChoiceField(
        label=_("How do you get around?"),
        choices=[("", _("Not said")), *Mobility.choices],
        required=False,
    )
    referrer = forms.ChoiceField(
        label=_("Who sent you?"),
        choices=[("", _("Not said")), *Referrer.choices],
        required=False,
    )
    referrer_detail = forms.CharField(
        label=_("Which office or person (optional)"), max_length=200, required=False
    )
    needs = forms.CharField(
        label=_("Do you need anything on the day?"),
        max_length=300,
        required=False,
        help_text=_("Access, an interpreter, childcare…"),
    )

    def __init__(self, *args, recruiters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.recruiters = list(recruiters)
        for recruiter in self.recruiters:
            self.fields[f"wish_{recruiter.pk}"] = forms.ChoiceField(
                label=recruiter.name,
                choices=WEIGHTS,
                initial="0",
                required=False,
                widget=forms.RadioSelect,
            )

    @property
    def wish_items(self):
        return [(recruiter, self[f"wish_{recruiter.pk}"]) for recruiter in self.recruiters]

    def visible_fields(self):
        return [
            field
            for field in super().visible_fields()
            if not field.name.startswith("wish_") and field.name not in ("consent", "cv", HONEYPOT)
        ]

    def wishes(self):
        return {
            recruiter: int(self.cleaned_data.get(f"wish_{recruiter.pk}") or 0)
            for recruiter in self.recruiters
        }

    def profile(self):
        return {name: self.cleaned_data[name] for name in PROFILE_FORM_FIELDS}


class RegisterForm(ProfileForm):
    email = forms.CharField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send your personal link there."),
        error_messages={"required": _("Give your e-mail address.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(label=_("I agree"), required=False)
    cv = forms.FileField(
        label=_("Your CV (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    field_order = ["name", "email", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cv"].help_text = gettext("A PDF file, %(limit)s at most.") % {
            "limit": filesizeformat(settings.EMPLOYMENT_CV_MAX_BYTES)
        }

    def is_spam(self):
        return bool((self.data.get(HONEYPOT) or "").strip())


class CvForm(forms.Form):
    cv = forms.FileField(
        label=_("Your CV"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
        error_messages={"required": _("Choose a PDF file.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cv"].help_text = gettext("A PDF file, %(limit)s at most.") % {
            "limit": filesizeformat(settings.EMPLOYMENT_CV_MAX_BYTES)
        }


class ConsentForm(forms.Form):
    consent = forms.TypedChoiceField(
        choices=[("yes", "yes"), ("no", "no")], coerce=lambda value: value == "yes"
    )


class CheckInForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("arrived", "arrived"), ("left", "left"), ("registered", "registered")]
    )


class PresenceForm(forms.Form):
    present = forms.TypedChoiceField(
        choices=[("yes", "yes"), ("no", "no")], coerce=lambda value: value == "yes"
    )


class WalkInForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=120, error_messages={"required": _("Give the person's name.")}
    )
    email = forms.CharField(
        label=_("E-mail address (optional)"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
