"""What the account holds about its person, and how deleting it leaves no name or address
(core/personal.py). The account row stays, so that contributions keep an author: it
reads "deleted person", has an address that can receive no mail, no usable password,
and cannot log in. Failed-login records and background tasks still holding the
address are deleted with it. A coordinator's answer for an address touches no account:
it deletes the tasks still holding the address (e-mails queued to it), nothing else."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from maillage.core import personal

from .models import User

ERASED_DOMAIN = "invalid"  # RFC 2606: a domain that never receives mail


def erased_address(user):
    return f"deleted-{user.pk}@{ERASED_DOMAIN}"


def export(person):
    if person.user is None or person.collectives is not None:
        return {}
    user = person.user
    return {
        "email": user.email,
        "display_name": user.display_name,
        "language": user.language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }


def _tasks_holding(address):
    """Background tasks whose arguments still hold ``address`` (an e-mail queued to the
    person or about them), finished or not."""
    return DBTaskResult.objects.annotate(_arguments=Cast("args_kwargs", TextField())).filter(
        _arguments__icontains=address
    )


def erase(person):
    done = {}
    address = person.email
    if address:
        if person.collectives is None:  # not for a coordinator: it would lift a lockout
            done["failed_logins"] = sum(
                model.objects.filter(username__iexact=address).delete()[0]
                for model in (AccessAttempt, AccessFailureLog, AccessLog)
            )
        ids = list(_tasks_holding(address).values_list("pk", flat=True))
        done["queued_tasks"] = DBTaskResult.objects.filter(pk__in=ids).delete()[0]
    if person.user is None or person.collectives is not None:
        return done
    user = User.objects.select_for_update().get(pk=person.user.pk)
    user.display_name = personal.deleted_name()
    user.email = erased_address(user)
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.erased_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    done["accounts"] = 1
    return done


personal.register("accounts", export=export, erase=erase, order=1000)
