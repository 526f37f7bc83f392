from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from maillage.core.errors import DomainError

from .models import User


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
