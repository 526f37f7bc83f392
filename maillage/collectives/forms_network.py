"""The form that names a network coordinator."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Membership


class MembershipChoiceField(forms.ModelChoiceField):
    """A person of the network, through one of its collectives: "Name — Collective"."""

    def label_from_instance(self, obj):
        return f"{obj.user.display_name or obj.user} — {obj.collective.name}"


class NetworkCoordinatorForm(forms.Form):
    membership = MembershipChoiceField(
        label=_("Person, and the collective through which they belong to the network"),
        queryset=Membership.objects.none(),
        error_messages={
            "invalid_choice": _("Choose a member of one of the network's collectives."),
        },
    )

    def __init__(self, *args, network, collectives, **kwargs):
        """``collectives``: those of the network whose members may be offered."""
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = (
            Membership.objects.active()
            .filter(collective__networks=network, collective__in=collectives)
            .select_related("user", "collective")
            .order_by("user__display_name", "collective__name")
        )
