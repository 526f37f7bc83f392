import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from maillage.core import limits
from maillage.core.errors import DomainError

from .models import User

logger = logging.getLogger(__name__)
HOUR = 60 * 60


@transaction.atomic
def create_account(*, email, display_name, password, language="fr"):
    """Open an account. Two sign-ups with one address at once: the second is refused."""
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(_("An account with this e-mail address already exists."), field="email")
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email=email, password=password, display_name=display_name, language=language
            )
    except IntegrityError:
        raise DomainError(
            _("An account with this e-mail address already exists."), field="email"
        ) from None


@transaction.atomic
def update_profile(user, *, display_name, language):
    user.display_name = display_name
    user.language = language
    user.save(update_fields=["display_name", "language"])
    return user


def lockout_username(request, credentials):
    """The address failed logins are counted against, whatever its case or spaces.

    Without this, Anne@Example.org and anne@example.org would each get their own
    allowance of failures.
    """
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = request.POST.get("username")
    return (value or "").strip().lower() or None


def client_ip(request):
    """The client's address, as failed-login lockouts count it.

    With no proxy in front (TRUSTED_PROXY_COUNT=0), REMOTE_ADDR. Behind N proxies,
    each appends the address it received from to X-Forwarded-For, so the client is
    the N-th address from the right; anything further left was written by the
    client and is not trusted.
    """
    count = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if count <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [part for part in chain if part]
    return chain[-count] if len(chain) >= count else remote


def network_address(request):
    """What limits count a client by: its address (client_ip), or for IPv6 its /64
    network, inside which a client may change its address at will."""
    return limits.network(client_ip(request))


def count_password_reset_request(address):
    """Count a password-reset request from this network address: False past
    PASSWORD_RESET_PER_IP in the hour, when no e-mail is to be sent."""
    usage = limits.hit("password-reset-ip", address, seconds=HOUR)
    if usage.count > settings.PASSWORD_RESET_PER_IP:
        logger.warning("Password reset: too many requests from one network address; none sent.")
        return False
    return True


def count_password_reset_email(email):
    """Count a password-reset e-mail to this address: False past
    PASSWORD_RESET_PER_ADDRESS in the hour, when it is not to be sent."""
    usage = limits.hit("password-reset-email", email.strip().lower(), seconds=HOUR)
    if usage.count > settings.PASSWORD_RESET_PER_ADDRESS:
        logger.warning("Password reset: too many e-mails to one address; this one is not sent.")
        return False
    return True
