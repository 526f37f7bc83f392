from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import User

from .models import (
    CONTENT_LANGUAGES,
    Collective,
    Membership,
    Network,
    Organisation,
    OrganisationKind,
    Role,
)

# ------------------------------------------------------------------------ people fields
# Every field where someone names a person of the collective (a pilot, an organiser, a
# facilitator, a secretary, an owner) lists its active members and accepts only people
# who are or were its members: choosing someone who has left gets the service's
# explanation, with their name, which the collective knows; any other person's number
# gets the field's plain refusal, which names nobody.


def active_members(collective):
    """The collective's active members, by name."""
    return User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.active().filter(collective=collective).values("user_id"),
    ).order_by("display_name", "pk")


def people_of(collective):
    """Everyone who is or was a member of the collective."""
    return User.objects.filter(
        pk__in=Membership.objects.filter(collective=collective).values("user_id")
    )


def offer_members(field, collective, also=()):
    """Accept the collective's people (``people_of``) but list its active members only,
    and ``also`` these (people who held the role and have left, shown to be removed)."""
    field.queryset = people_of(collective)
    listed = list(active_members(collective))
    listed += [person for person in also if person not in listed]
    shown = [(person.pk, field.label_from_instance(person)) for person in listed]
    empty = [("", field.empty_label)] if getattr(field, "empty_label", None) is not None else []
    field.widget.choices = empty + shown


NOT_A_MEMBER = _("Choose a member of the collective.")


class PersonChoiceField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": NOT_A_MEMBER}

    def label_from_instance(self, obj):
        return obj.display_name or _("A member")


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    default_error_messages = {
        "invalid_choice": NOT_A_MEMBER,
        "invalid_pk_value": NOT_A_MEMBER,
    }

    def label_from_instance(self, obj):
        return obj.display_name or _("A member")


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


class DirectoryForm(forms.Form):
    """The search of the public collectives' list, sent with GET (works without JavaScript)."""

    q = forms.CharField(label=_("Name or territory"), max_length=100, required=False)
    territory = forms.ChoiceField(label=_("Territory"), required=False)

    def __init__(self, *args, territories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].choices = [("", _("All territories"))] + [
            (territory, territory) for territory in territories
        ]

    def filter(self, collectives):
        """``collectives`` narrowed by the valid fields (an invalid one is shown and ignored)."""
        data = self.cleaned_data if self.is_bound else {}
        words = (data.get("q") or "").split()
        for word in words:
            collectives = collectives.filter(
                Q(name__icontains=word)
                | Q(short_name__icontains=word)
                | Q(territory__icontains=word)
                | Q(region__icontains=word)
            )
        if data.get("territory"):
            collectives = collectives.filter(territory=data["territory"])
        return collectives
