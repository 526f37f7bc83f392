"""The design system's guide: every component, live, with the markup to write."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from maillage.core.icons import ICONS

COLOURS = (
    "ink",
    "muted",
    "surface",
    "line",
    "line-strong",
    "accent",
    "accent-dark",
    "accent-soft",
    "danger",
    "danger-soft",
    "warning",
    "warning-soft",
    "ok",
    "ok-soft",
    "info",
    "info-soft",
    "focus",
)
BADGES = ("ok", "warning", "danger", "info", "accent")


def guide(request):
    """Staff only: the platform's own building blocks are not secret, but the page is a
    tool for the people who write pages, not for the collectives."""
    if not request.user.is_staff:
        raise PermissionDenied
    if request.GET.get("toasts") == "1":
        messages.success(request, _("The decision is recorded."))
        messages.error(request, _("The form has errors: see the messages beside the fields."))
    return render(
        request,
        "core/guide.html",
        {
            "icons": ICONS,
            "colours": COLOURS,
            "badges": BADGES,
            # Page 2 of 3, for the pagination specimen.
            "sample_page": Paginator(range(30), 10).page(2),
        },
    )
