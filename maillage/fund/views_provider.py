"""What the payment provider reaches (providers.py).

- ``provider_return``: the donor back from the provider's page, by their gift's key (the
  key is the credential, no account). It changes nothing (a GET): the payment is
  confirmed by the webhook, so the page says the gift is received, or being confirmed.
- ``provider_webhook``: the provider's call (POST ``id=tr_…``, no login, no CSRF token:
  the provider cannot have one). The body is never trusted: the gift is looked up by the
  payment id, and the payment's status fetched from the provider's API with the
  foundation's key. Only then is the gift received ("paid") or its pledge cancelled
  (failed, cancelled, expired), once, however often the webhook is called.

An unknown payment id answers 200 and does nothing: another answer would let anyone
probe which payment ids belong to the foundation, and Mollie would keep retrying a call
it thinks failed. When the provider cannot be reached, the answer is 503 so that the
provider calls again later.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import providers, services_provider
from .models import Gift, Method


@login_not_required
@require_GET
def provider_return(request, slug, key):
    gift = get_object_or_404(
        Gift.objects.select_related("foundation__collective", "campaign"),
        foundation__collective__slug=slug,
        key=key,
    )
    return render(
        request,
        "fund/recurring/provider_return.html",
        {"gift": gift, "foundation": gift.foundation, "collective": gift.foundation.collective},
    )


@csrf_exempt
@login_not_required
@require_POST
def provider_webhook(request, slug):
    payment_id = request.POST.get("id", "")[:100]
    gift = (
        Gift.objects.select_related("foundation")
        .filter(
            foundation__collective__slug=slug, method=Method.PROVIDER, provider_payment=payment_id
        )
        .exclude(provider_payment="")
        .first()
    )
    if gift is None:
        return HttpResponse(status=200)
    provider = providers.provider_for(gift.foundation)
    if provider is None:
        return HttpResponse(status=200)
    try:
        status = provider.payment_status(payment_id)
    except providers.ProviderError:
        return HttpResponse(status=503)
    services_provider.settle_payment(gift=gift, status=status)
    return HttpResponse(status=200)
