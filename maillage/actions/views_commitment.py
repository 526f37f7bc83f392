"""A consultation's pledge made an action in one step (the trace, note → result)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from maillage.collectives.access import get_collective
from maillage.consultations.models import Commitment
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services
from .forms import CommitmentActionForm
from .models import Action


def from_commitment(request, slug, commitment):
    """Those who add actions (actions.add_action) make a pledge of the collective's
    consultations an action, optionally in a project and from a meeting decision."""
    collective = get_collective(request, slug, "actions.add_action")
    commitment = get_object_or_404(
        Commitment.objects.select_related("note__group__consultation", "person"),
        note__group__consultation__collective=collective,
        pk=commitment,
    )
    consultation = commitment.note.group.consultation
    made = Action.objects.filter(commitment=commitment).first()
    form = CommitmentActionForm(
        form_data(request), collective=collective, consultation=consultation, user=request.user
    )
    if request.method == "POST" and made is None and form.is_valid():
        try:
            action = services.action_from_commitment(
                actor=request.user, commitment=commitment, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("The pledge is now the action “%(title)s”.") % {"title": action.title}
            )
            return redirect(action.get_absolute_url())
    return render(
        request,
        "actions/from_commitment.html",
        {
            "collective": collective,
            "commitment": commitment,
            "consultation": consultation,
            "made": made,
            "form": form,
        },
    )
