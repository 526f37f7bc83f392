"""The foundation's background work, run by the project's periodic tick
(core/periodic.py; the jobs are registered in apps.py): each month's gift of the
standing orders, and the campaigns and calls whose end date has passed. Both are safe
to run twice. ``pledge_months`` and ``close_due`` are the same jobs as django-tasks
tasks, to run them at once from a shell or another task."""

from importlib import import_module

from django.utils import timezone
from django_tasks import task


def pledge_due_months(now=None):
    """This month's gift of every active standing order (services_recurring)."""
    from . import services_recurring

    return services_recurring.pledge_due_months(now)


def close_due_now(now=None):
    """Close the campaigns and the calls for applications whose end date has passed,
    through their parts' services when they are there."""
    now = now or timezone.now()
    done = {}
    for module, name in (
        ("services_campaigns", "close_due_campaigns"),
        ("services_grants", "close_due_calls"),
    ):
        function = _find(module, name)
        if function is not None:
            done[name] = function(now)
    return done


def _find(module, name):
    """``name`` in ``module`` of this app, or None while that part is not there."""
    try:
        loaded = import_module(f"{__package__}.{module}")
    except ModuleNotFoundError:
        return None
    return getattr(loaded, name, None)


@task()
def pledge_months() -> int:
    return pledge_due_months()


@task()
def close_due() -> dict:
    return {name: str(result) for name, result in close_due_now().items()}


@task()
def send_receipt_email(*, receipt_pk: int) -> None:
    """Send a receipt's PDF to its donor: the PDF is made by the worker, so that the
    queue holds only the receipt's number."""
    from .services_receipts import send_receipt

    send_receipt(receipt_pk)
