"""The public side of the catalogue: search by need, public, place and kind, and an
offer's page with everything a person needs to get in. No account: a public
collective's published offers are for anyone; a private collective's for its members
only (404 for anyone else, so its existence is not revealed). Pages work without
JavaScript and are made for a phone first."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from maillage.collectives.models import Collective
from maillage.eligibility.rules import SERVICE, text

from .forms_catalogue import SearchForm
from .models import Access, Need, Offer, OfferKind, Public

VIEW = "orientation.view_catalogue"
PER_PAGE = 20


def catalogue_of(request, slug):
    """The collective whose catalogue the person may read: 404 when hidden from them."""
    collective = get_object_or_404(Collective.objects.visible_to(request.user), slug=slug)
    if not request.user.has_perm(VIEW, collective):
        raise PermissionDenied
    return collective


def published_offers(collective):
    return Offer.objects.filter(structure__collective=collective, published=True).select_related(
        "structure"
    )


def search_offers(offers, data):
    """``offers`` narrowed by a valid SearchForm's ``data``."""
    for word in (data.get("q") or "").split()[:8]:
        offers = offers.filter(
            Q(name__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Q(structure__name__icontains=word)
        )
    if data.get("need"):
        offers = offers.filter(needs__icontains=f'"{data["need"]}"')
    if data.get("public"):
        offers = offers.filter(
            Q(publics__icontains=f'"{data["public"]}"')
            | Q(publics__icontains=f'"{Public.EVERYONE.value}"')
        )
    if data.get("kind"):
        offers = offers.filter(kind=data["kind"])
    place = (data.get("place") or "").strip()
    if place:
        if place.isdigit():
            here = Q(postcode=place) | Q(postcode="", structure__postcode=place)
        else:
            here = Q(commune__icontains=place) | Q(commune="", structure__commune__icontains=place)
        if data.get("remote"):
            here |= Q(remote=True)
        offers = offers.filter(here)
    elif data.get("remote"):
        offers = offers.filter(remote=True)
    return offers.order_by("structure__name", "name")


def _page_number(request):
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


@login_not_required
@require_GET
def search(request, slug):
    collective = catalogue_of(request, slug)
    offers = published_offers(collective)
    form = SearchForm(request.GET or None)
    filtered = form.is_bound and any(
        request.GET.get(name) for name in ("q", "need", "public", "place", "remote", "kind")
    )
    valid = not form.is_bound or form.is_valid()
    if form.is_bound and valid:
        offers = search_offers(offers, form.cleaned_data)
    else:
        offers = offers.order_by("structure__name", "name")
    page = Paginator(offers, PER_PAGE).get_page(_page_number(request))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "orientation/public/search.html",
        {
            "collective": collective,
            "form": form,
            "page": page,
            "filtered": filtered,
            "query": query.urlencode(),
            "needs": Need,
        },
        status=200 if valid else 400,
    )


def criteria_in_words(offer, language):
    """Who may get in, in plain words: each criterion's label or a reading of its
    condition, and whether the service confirms it."""
    rule = offer.rule()
    lines = []
    for criterion in rule.criteria:
        if criterion.label:
            words = text(criterion.label, language)
        else:
            from maillage.eligibility.facts import describe

            words = describe(criterion.when, language)
        lines.append({"text": words, "to_confirm": criterion.check == SERVICE})
    return lines


@login_not_required
@require_GET
def offer(request, slug, uuid):
    collective = catalogue_of(request, slug)
    found = get_object_or_404(published_offers(collective), uuid=uuid)
    language = (get_language() or "fr").split("-")[0]
    return render(
        request,
        "orientation/public/offer.html",
        {
            "collective": collective,
            "offer": found,
            "structure": found.structure,
            "criteria": criteria_in_words(found, language),
            "needs": [Need(value).label for value in found.needs if value in Need.values],
            "publics": [Public(value).label for value in found.publics if value in Public.values],
            "kind": OfferKind(found.kind).label if found.kind in OfferKind.values else "",
            "through_partner": found.access == Access.PARTNER,
        },
    )
