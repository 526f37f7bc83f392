"""Personal tokens: made and revoked by their owner only."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.collectives.models import Collective
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError

from . import tokens
from .models import ApiToken

# A person keeps at most this many tokens in use.
MAX_TOKENS = 20
LIFETIMES = (30, 90, 365)


@transaction.atomic
def create_token(user, *, name, collectives, can_write=False, days=None):
    """A new token for ``user`` over ``collectives`` (theirs, as active members). Returns
    the token and its text, which is shown once and never stored."""
    name = clean_line(name, field="name", max_length=80, empty_message=_("Give the token a name."))
    collectives = list(collectives)
    if not collectives:
        raise DomainError(_("Choose at least one collective."), field="collectives")
    theirs = set(Collective.objects.of_member(user).values_list("pk", flat=True))
    if any(c.pk not in theirs for c in collectives):
        raise DomainError(
            _("A token can only reach collectives you are a member of."), field="collectives"
        )
    if days is not None and days not in LIFETIMES:
        raise DomainError(_("Choose one of the durations offered."), field="days")
    if ApiToken.objects.usable().filter(user=user).count() >= MAX_TOKENS:
        raise DomainError(
            _("You already have %(count)s tokens in use: revoke one first.") % {"count": MAX_TOKENS}
        )
    text, prefix, digest = tokens.make()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        digest=digest,
        can_write=bool(can_write),
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    token.collectives.set(collectives)
    return token, text


@transaction.atomic
def revoke_token(user, token):
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != user.pk:
        raise DomainError(_("This token is not yours."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
