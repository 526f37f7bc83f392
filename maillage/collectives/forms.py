from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CONTENT_LANGUAGES, Collective, Network, Organisation, OrganisationKind, Role


class CollectiveForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=CONTENT_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    networks = forms.ModelMultipleChoiceField(
        label=_("Networks"),
        queryset=Network.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Collective
        fields = [
            "name",
            "short_name",
            "territory",
            "region",
            "description",
            "visibility",
            "languages",
            "requires_charter_agreement",
            "logo",
        ]
        widgets = {
            "visibility": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["networks"].initial = self.instance.networks.all()

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > 1024 * 1024:
            raise forms.ValidationError(_("The logo is too large: 1 MB at most."))
        return logo


class OrganisationForm(forms.Form):
    existing = forms.ModelChoiceField(
        label=_("An organisation already known to Maillage"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("— a new organisation —"),
    )
    name = forms.CharField(label=_("Name of a new organisation"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    address = forms.CharField(
        label=_("Address"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, collective, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only organisations the person can already see elsewhere: those of
        # private collectives they do not belong to stay unknown to them.
        seen = Collective.objects.visible_to(user).exclude(pk=collective.pk)
        self.fields["existing"].queryset = (
            Organisation.objects.filter(collectives__in=seen)
            .exclude(collectives=collective)
            .distinct()
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("existing") and not cleaned.get("name", "").strip():
            raise forms.ValidationError(
                _("Choose an organisation from the list or give the name of a new one.")
            )
        return cleaned


def _organisation_field(collective):
    return forms.ModelChoiceField(
        label=_("Represents"),
        queryset=collective.organisations.all(),
        required=False,
        empty_label=_("— in a personal capacity —"),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    message = forms.CharField(
        label=_("Personal message"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, collective, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = _organisation_field(collective)


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("Why would you like to join?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )
    agrees_to_charter = forms.BooleanField(
        label=_("I have read the charter and I agree to it."), required=False
    )

    def __init__(self, *args, collective, charter=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = _organisation_field(collective)
        if charter is None:
            del self.fields["agrees_to_charter"]


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to the person"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class EndMembershipForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=300, required=False)
