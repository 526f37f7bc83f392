"""``/healthz`` and ``/readyz``: what the proxy and the orchestrator ask each node.

``/healthz`` says the process answers (no query: a database outage must not make every
node look dead and get restarted). ``/readyz`` says the node can serve: the database
answers, Redis answers when the caches are on it, and no migration is waiting (a node
started with newer code than the database's schema must not take traffic). The proxy
sends requests only to nodes whose ``/readyz`` answers 200 (deploy/haproxy.cfg).

Both answer without an account, to GET and HEAD only, and say nothing secret: each
check's name and ``ok`` or ``failed``; why it failed goes to the log.
"""

import json
import logging
import threading

from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK = "ok"
FAILED = "failed"

# Migrations do not un-apply: once none is waiting, the plan is not computed again in
# this process (reading every migration file costs a fraction of a second).
_migrated = threading.Event()


def unapplied_migrations(connection):
    """The migrations `migrate` would apply to this database, in order."""
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def check_database():
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_redis():
    """PING through the "default" cache's own client (the one every request uses)."""
    client = caches["default"]._cache.get_client(write=True)
    if not client.ping():
        raise ConnectionError("Redis did not answer PING")


def check_migrations():
    if _migrated.is_set():
        return
    plan = unapplied_migrations(connections[DEFAULT_DB_ALIAS])
    if plan:
        raise RuntimeError(f"{len(plan)} migration(s) not applied")
    _migrated.set()


def _run(name, check):
    try:
        check()
    except Exception as exc:  # noqa: BLE001 — any failure means "not ready"
        logger.warning("Readiness: the %s check failed: %s: %s", name, type(exc).__name__, exc)
        return FAILED
    return OK


def readiness():
    """{check: "ok" | "failed"}, in the order they run."""
    checks = {"database": _run("database", check_database)}
    if isinstance(caches["default"], RedisCache):
        checks["redis"] = _run("redis", check_redis)
    if checks["database"] == OK:
        checks["migrations"] = _run("migrations", check_migrations)
    else:
        checks["migrations"] = FAILED
    return checks


@login_not_required
@never_cache
@require_safe
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@login_not_required
@never_cache
@require_safe
def readyz(request):
    checks = readiness()
    ready = all(value == OK for value in checks.values())
    body = {"status": OK if ready else FAILED, "checks": checks}
    return HttpResponse(
        json.dumps(body) + "\n", content_type="application/json", status=200 if ready else 503
    )
