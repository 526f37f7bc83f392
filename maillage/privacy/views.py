"""My data (an export of everything held about me), deleting my account, and the
coordinators' page to answer for someone without an account."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from maillage.collectives.access import get_collective
from maillage.collectives.privacy import sole_coordinator_of
from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error, form_data

from . import services
from .forms import AddressForm, DeleteAccountForm
from .models import DataExport, ExportStatus


def my_data(request):
    if request.method == "POST":
        try:
            services.request_export(user=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Your data is being prepared. A link to download it will come by e-mail."),
            )
        return redirect("privacy:my_data")
    exports = DataExport.objects.current().filter(user=request.user).defer("document")
    return render(
        request,
        "privacy/my_data.html",
        {"exports": exports, "days": settings.PRIVACY_EXPORT_DAYS},
    )


def _file(export):
    if export is None or export.status != ExportStatus.READY:
        raise Http404
    response = HttpResponse(
        services.to_json(export.document), content_type="application/json; charset=utf-8"
    )
    day = timezone.localdate(export.ready_at).isoformat()
    response["Content-Disposition"] = f'attachment; filename="maillage-data-{day}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def download(request, key):
    return _file(DataExport.objects.current().filter(key=key, user=request.user).first())


@login_not_required
@require_GET
def download_by_key(request, key):
    """An export a coordinator sent to an address: its key is the credential."""
    return _file(DataExport.objects.current().filter(key=key, user__isnull=True).first())


def delete_account(request):
    form = DeleteAccountForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_account(user=request.user, password=form.cleaned_data["password"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. Goodbye."))
            return redirect("core:home")
    return render(
        request,
        "privacy/delete_account.html",
        {"form": form, "sole_coordinator_of": sole_coordinator_of(request.user)},
    )


def collective_requests(request, slug):
    collective = get_collective(request, slug, "privacy.answer_requests")
    form = AddressForm(form_data(request))
    confirm = None
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        what = request.POST.get("answer")
        try:
            if what == "send":
                services.send_data_for(actor=request.user, collective=collective, email=email)
                messages.success(
                    request, _("The data is being prepared; its link will go to the address.")
                )
                return redirect("privacy:collective", collective.slug)
            if what == "erase" and request.POST.get("confirmed") == "yes":
                found, _done = services.erase_for(
                    actor=request.user, collective=collective, email=email
                )
                messages.success(
                    request,
                    ngettext(
                        "Erased: %(count)s row held this address.",
                        "Erased: %(count)s rows held this address.",
                        found.rows,
                    )
                    % {"count": found.rows},
                )
                return redirect("privacy:collective", collective.slug)
            if what == "erase":
                confirm = email
            else:
                form.add_error(None, _("Choose what to do for this address."))
        except DomainError as exc:
            add_domain_error(form, exc)
    return render(
        request,
        "privacy/collective.html",
        {
            "collective": collective,
            "form": form,
            "confirm": confirm,
            "answered": services.requests_for(collective)[:100],
            "days": settings.PRIVACY_EXPORT_DAYS,
        },
    )
