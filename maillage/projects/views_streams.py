"""The work streams of a collective's board: added, edited, archived."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.core.errors import DomainError
from maillage.core.forms import add_domain_error

from . import services
from .access import get_board_collective
from .forms import EditWorkStreamForm, WorkStreamForm
from .models import WorkStream


def work_stream_add(request, slug):
    collective = get_board_collective(request, slug, "projects.change_work_streams")
    form = WorkStreamForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            stream = services.create_work_stream(
                actor=request.user,
                collective=collective,
                title=form.cleaned_data["title"],
                purpose=form.cleaned_data["purpose"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, _("The work stream “%(title)s” is added.") % {"title": stream.title}
            )
            return redirect("projects:board", collective.slug)
    return render(
        request,
        "projects/work_stream_form.html",
        {"collective": collective, "form": form, "stream": None},
    )


def work_stream_edit(request, slug, pk):
    collective = get_board_collective(request, slug, "projects.change_work_streams")
    stream = get_object_or_404(WorkStream, collective=collective, pk=pk, archived_at=None)
    if request.method == "POST":
        form = EditWorkStreamForm(request.POST)
        if form.is_valid():
            try:
                services.update_work_stream(
                    actor=request.user, work_stream=stream, **form.cleaned_data
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The work stream is saved."))
                return redirect("projects:board", collective.slug)
    else:
        form = EditWorkStreamForm(
            initial={"title": stream.title, "purpose": stream.purpose, "status": stream.status}
        )
    return render(
        request,
        "projects/work_stream_form.html",
        {"collective": collective, "form": form, "stream": stream},
    )


@require_POST
def work_stream_archive(request, slug, pk):
    collective = get_board_collective(request, slug, "projects.change_work_streams")
    stream = get_object_or_404(WorkStream, collective=collective, pk=pk, archived_at=None)
    try:
        services.archive_work_stream(actor=request.user, work_stream=stream)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("projects:work_stream_edit", collective.slug, stream.pk)
    messages.success(
        request,
        _("The work stream “%(title)s” is archived: it stays in the history.")
        % {"title": stream.title},
    )
    return redirect("projects:board", collective.slug)
