import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from maillage.core import limits
from maillage.core.errors import DomainError
from maillage.core.requests import client_ip

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
