"""Making, reading and checking personal tokens (``Authorization: Bearer mlg_…``)."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import ApiToken

PREFIX = "mlg_"


def make():
    """A new token's text, its prefix and its digest."""
    secret = secrets.token_urlsafe(32)
    text = PREFIX + secret
    return text, secret[:8], digest(text)


def digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer mlg_…`` (or ``Token mlg_…``). No header: anonymous."""

    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give one token after “Bearer”."))
        try:
            text = header[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        if not text.startswith(PREFIX) or len(text) > 100:
            raise exceptions.AuthenticationFailed(_("This token is not valid."))
        token = (
            ApiToken.objects.usable()
            .select_related("user")
            .filter(digest=digest(text), user__is_active=True)
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("This token is not valid, has expired or was revoked.")
            )
        self._touch(token)
        token.collective_ids = frozenset(token.collectives.values_list("pk", flat=True))
        if not request.META.get("HTTP_ACCEPT_LANGUAGE"):
            # Messages in the owner's language unless the request asks for another; the
            # language before is put back when the answer is made (base.Open).
            request._request.language_before = translation.get_language()
            translation.activate(token.user.language)
            request.LANGUAGE_CODE = token.user.language
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'

    @staticmethod
    def _touch(token):
        now = timezone.now()
        every = timedelta(seconds=settings.API_TOKEN_TOUCH_SECONDS)
        if token.last_used_at is None or now - token.last_used_at >= every:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
