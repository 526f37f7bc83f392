"""Retries without second rows: the ``Idempotency-Key`` header of a POST that creates.

A client that lost the answer to a POST (a timeout, a node that died behind the proxy)
sends the same request again with the same key, a UUID it chose for that change. The
app's service finds what the key already made for the same author and returns it
unchanged: the answer is the first one again (201, the same rows as they are now, and
``Idempotent-Replayed: true``), with no second row, e-mail or audit line. A key sent
again with another content still answers with what the first request made, as a
payment API does. Without the header a POST is made every time, as before.
"""

import uuid

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from maillage.core.errors import DomainError

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"

PARAMETERS = [
    OpenApiParameter(
        HEADER,
        OpenApiTypes.UUID,
        location=OpenApiParameter.HEADER,
        required=False,
        description=(
            "A UUID the client chooses for this change. Sent again with the same key, "
            "the request makes nothing new: it answers what the first one made."
        ),
    ),
    OpenApiParameter(
        REPLAYED,
        OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        response=[201],
        enum=["true"],
        description="Present when the answer is the one of an earlier request with this key.",
    ),
]


def client_key(request):
    """The request's key as a UUID, None without one; a malformed key is refused
    before anything is read or written."""
    value = request.headers.get(HEADER, "").strip()
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise DomainError(
            _("The Idempotency-Key header must be a UUID, such as %(example)s.")
            % {"example": "1b4e28ba-2fa1-11d2-883f-0016d3cca427"},
            field=HEADER,
            code="idempotency_key",
        ) from None


def replayed(response):
    """``response`` marked as the answer of an earlier request with the same key."""
    response[REPLAYED] = "true"
    return response
