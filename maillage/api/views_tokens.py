"""A person's API tokens: the list, a new one (shown once), revoking one."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error

from . import services
from .forms import TokenForm
from .models import ApiToken


def tokens(request):
    form = TokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            token, text = services.create_token(request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            # Shown in this answer only: the text is not stored and not put in the address.
            response = render(request, "api/token_created.html", {"token": token, "text": text})
            response["Cache-Control"] = "no-store"
            return response
    listed = (
        ApiToken.objects.filter(user=request.user, revoked_at=None)
        .prefetch_related("collectives")
        .order_by("-created_at")
    )
    return render(request, "api/tokens.html", {"form": form, "tokens": listed})


@require_POST
def revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_token(request.user, token)
    messages.success(request, _("The token %(token)s is revoked.") % {"token": token})
    return redirect("api_tokens:list")
