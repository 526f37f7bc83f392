from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from maillage.collectives.access import get_collective
from maillage.core.errors import ConflictError, DomainError

from . import services
from .diff import compare as compare_texts
from .forms import NewTextForm, TextForm
from .models import GovernanceText, TextKind


def _text(request, slug, pk, perm="governance.view_texts"):
    collective = get_collective(request, slug, perm)
    text = get_object_or_404(
        GovernanceText.objects.select_related("updated_by"), collective=collective, pk=pk
    )
    return collective, text


@login_not_required
def text_detail(request, slug, pk):
    collective, text = _text(request, slug, pk)
    return render(request, "governance/text.html", {"collective": collective, "text": text})


def text_create(request, slug):
    collective = get_collective(request, slug, "governance.change_text")
    taken = set(GovernanceText.objects.filter(collective=collective).values_list("kind", flat=True))
    form = NewTextForm(
        request.POST if request.method == "POST" else None,
        taken_kinds=taken,
        initial={"kind": request.GET.get("kind", TextKind.FREE)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            text = services.create_text(
                actor=request.user,
                collective=collective,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("The text is published."))
            return redirect(text)
    return render(request, "governance/text_form.html", {"collective": collective, "form": form})


def text_edit(request, slug, pk):
    collective, text = _text(request, slug, pk, "governance.change_text")
    conflict = None
    if request.method == "POST":
        form = TextForm(request.POST)
        if form.is_valid():
            try:
                services.update_text(
                    actor=request.user,
                    text=text,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    comment=form.cleaned_data["comment"],
                    base_version=form.cleaned_data["base_version"] or 0,
                )
            except ConflictError as exc:
                # Keep what the person typed; move the form onto the current version
                # so that saving again, after merging by hand, is possible.
                text.refresh_from_db()
                conflict = exc
                data = request.POST.copy()
                data["base_version"] = text.version
                form = TextForm(data)
                form.is_valid()
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("A new version of the text is saved."))
                return redirect(text)
    else:
        form = TextForm(
            initial={"title": text.title, "body": text.body, "base_version": text.version}
        )
    return render(
        request,
        "governance/text_form.html",
        {"collective": collective, "form": form, "text": text, "conflict": conflict},
        status=409 if conflict else 200,
    )


def text_history(request, slug, pk):
    collective, text = _text(request, slug, pk, "governance.view_history")
    versions = text.versions.select_related("author")
    return render(
        request,
        "governance/history.html",
        {"collective": collective, "text": text, "versions": versions},
    )


def text_compare(request, slug, pk):
    collective, text = _text(request, slug, pk, "governance.view_history")
    versions = {v.number: v for v in text.versions.select_related("author")}
    try:
        old_number = int(request.GET.get("de", text.version - 1))
        new_number = int(request.GET.get("a", text.version))
    except ValueError:
        old_number, new_number = text.version - 1, text.version
    old, new = versions.get(old_number), versions.get(new_number)
    if old is None or new is None:
        messages.error(request, _("Choose two versions of the text to compare."))
        return redirect("governance:history", collective.slug, text.pk)
    if old.number > new.number:
        old, new = new, old
    context = {
        "collective": collective,
        "text": text,
        "old": old,
        "new": new,
        "title_changed": old.title != new.title,
        "paragraphs": compare_texts(old.body, new.body),
        "versions": sorted(versions.values(), key=lambda v: -v.number),
    }
    template = "governance/includes/comparison.html" if request.htmx else "governance/compare.html"
    return render(request, template, context)
