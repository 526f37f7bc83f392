"""``/metrics``: Prometheus' text, for the monitoring server only.

django-prometheus' middlewares count requests, latencies by view and responses by
status. Gunicorn runs several worker processes per node: with ``PROMETHEUS_MULTIPROC_DIR``
set, every process writes its counters to files in that folder and the process that
answers the scrape adds them up (prometheus_client's multiprocess mode; the folder is
emptied when the node starts and a dead worker's files are marked by gunicorn's
``child_exit`` hook, deploy/gunicorn.conf.py). The task queue's depth is read from the
database at scrape time by ``TaskQueueCollector``, in both modes.

Who may read it: requests from ``METRICS_ALLOWED_IPS`` (addresses or networks; the
client's address as the lockouts read it, behind ``TRUSTED_PROXY_COUNT`` proxies), or
carrying ``Authorization: Bearer <METRICS_TOKEN>`` when that is set. Anyone else gets
the same 404 as for a page that does not exist.
"""

import hmac
import ipaddress
import logging
import os
import threading
from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from django.db.models import Count, F, Min, Q
from django.db.models.functions import Greatest
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from .requests import client_ip

logger = logging.getLogger(__name__)


class TaskQueueCollector(Collector):
    """The background tasks waiting and running, per queue, read when scraped.

    ``maillage_tasks{queue, state}``: ``ready`` (due now, waiting for a worker),
    ``scheduled`` (ready but not before a later time, as the periodic tick) and
    ``running``; ``maillage_tasks_oldest_ready_age_seconds{queue}``: how long the oldest
    due task has waited (0 when none): a worker missing shows here first.
    ``maillage_tasks_up`` is 0 when the database could not be read.
    """

    def describe(self):
        # Nothing to describe: registering must not query the database.
        return []

    def collect(self):
        up = GaugeMetricFamily(
            "maillage_tasks_up", "1 when the task queue could be read from the database."
        )
        try:
            counts, oldest = self._read()
        except DatabaseError as exc:
            logger.warning("Metrics: the task queue could not be read: %s", type(exc).__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        tasks = GaugeMetricFamily(
            "maillage_tasks", "Background tasks by queue and state.", labels=["queue", "state"]
        )
        for (queue, state), total in sorted(counts.items()):
            tasks.add_metric([queue, state], total)
        yield tasks
        age = GaugeMetricFamily(
            "maillage_tasks_oldest_ready_age_seconds",
            "Seconds the oldest task due now has waited for a worker.",
            labels=["queue"],
        )
        for queue, seconds in sorted(oldest.items()):
            age.add_metric([queue], seconds)
        yield age

    @staticmethod
    def _read():
        now = timezone.now()
        never = get_date_max()  # run_after of a task to run as soon as possible
        due = Q(run_after=never) | Q(run_after__lte=now)
        rows = (
            DBTaskResult.objects.filter(
                status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
            )
            .order_by()
            .values("queue_name", "status")
            .annotate(total=Count("pk"), due=Count("pk", filter=due))
        )
        counts = {}
        for row in rows:
            queue = row["queue_name"]
            for state in ("ready", "scheduled", "running"):
                counts.setdefault((queue, state), 0)
            if row["status"] == TaskResultStatus.RUNNING:
                counts[queue, "running"] += row["total"]
            else:
                counts[queue, "ready"] += row["due"]
                counts[queue, "scheduled"] += row["total"] - row["due"]
        # A task waits from when it was enqueued, or from its run_after when it had one.
        since = (
            DBTaskResult.objects.ready()
            .order_by()
            .values("queue_name")
            .annotate(
                asap=Min("enqueued_at", filter=Q(run_after=never)),
                later=Min(Greatest(F("enqueued_at"), F("run_after")), filter=~Q(run_after=never)),
            )
        )
        oldest = {queue: 0.0 for queue, _ in counts}
        for row in since:
            start = min(value for value in (row["asap"], row["later"]) if value is not None)
            oldest[row["queue_name"]] = max(0.0, (now - start).total_seconds())
        return counts, oldest


_lock = threading.Lock()
_registry = None


def registry():
    """The registry this process serves, made once: the process' own (one process), or
    one that adds up every process' files (multiprocess mode); with the task queue."""
    global _registry
    with _lock:
        if _registry is None:
            if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
                chosen = CollectorRegistry()
                MultiProcessCollector(chosen)
            else:
                chosen = REGISTRY
            chosen.register(TaskQueueCollector())
            _registry = chosen
    return _registry


@cache
def _networks(allowed):
    try:
        return [ipaddress.ip_network(item, strict=False) for item in allowed]
    except ValueError as exc:
        raise ImproperlyConfigured(f"METRICS_ALLOWED_IPS: {exc}") from None


def _address_allowed(address):
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.METRICS_ALLOWED_IPS)))


def _token_given(request):
    expected = settings.METRICS_TOKEN
    if not expected:
        return False
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), expected.encode()
    )


def may_read(request):
    return _token_given(request) or _address_allowed(client_ip(request))


@login_not_required
@never_cache
@require_safe
def metrics(request):
    if not may_read(request):
        raise Http404
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
