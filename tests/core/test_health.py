"""/healthz and /readyz: what the proxy asks each node (maillage/core/health.py)."""

import json
import os
import threading

import pytest
import redis
from django.conf import settings
from django.db import OperationalError, connections
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from maillage.core import health

LOCAL_CACHES = {
    "documents": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "documents",
    }
}


# The suite's own caches on Redis (CI's PostgreSQL pass): /readyz checks it too.
ON_REDIS = {"redis": "ok"} if os.environ.get("REDIS_URL") else {}


def redis_cache(location):
    return {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location},
        **LOCAL_CACHES,
    }


@pytest.fixture
def not_yet_migrated(monkeypatch):
    """A process that has not yet seen every migration applied: the plan is computed."""
    monkeypatch.setattr(health, "_migrated", threading.Event())


def test_healthz_answers_without_a_query(client):
    """No django_db mark: a query would fail the test."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_readyz_computes_the_real_plan_once(client, not_yet_migrated, monkeypatch):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", **ON_REDIS, "migrations": "ok"},
    }
    assert health._migrated.is_set()

    # Migrations do not un-apply: the plan is not read again in this process.
    def fail(*args, **kwargs):
        raise AssertionError("the plan was computed again")

    monkeypatch.setattr(MigrationExecutor, "migration_plan", fail)
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_is_503_while_a_migration_is_unapplied(client, not_yet_migrated, monkeypatch):
    real_plan = MigrationExecutor.migration_plan

    def one_more(self, targets, clean_start=False):
        assert real_plan(self, targets, clean_start) == []  # the real code ran
        return [(self.loader.graph.nodes[targets[0]], False)]

    monkeypatch.setattr(MigrationExecutor, "migration_plan", one_more)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"] == {
        "database": "ok",
        **ON_REDIS,
        "migrations": "failed",
    }
    assert not health._migrated.is_set()
    assert client.head("/readyz").status_code == 503


@pytest.mark.django_db
def test_readyz_is_503_when_redis_does_not_answer(client):
    # Port 1 on this machine: nothing listens, the connection is refused at once.
    with override_settings(CACHES=redis_cache("redis://:hunter2@127.0.0.1:1/0")):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.content.decode()
    assert json.loads(body)["checks"]["redis"] == "failed"
    # Nothing secret: no address, no password, no exception's text.
    for secret in ("hunter2", "127.0.0.1", "redis://", "Error", "refused"):
        assert secret not in body


@pytest.mark.django_db
def test_readyz_pings_redis_when_the_cache_is_on_it(client):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("no Redis server for the tests (REDIS_URL is not set)")
    location = settings.CACHES["default"]["LOCATION"]
    redis.Redis.from_url(location, socket_connect_timeout=1).ping()
    with override_settings(CACHES=redis_cache(location)):
        response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content)["checks"]["redis"] == "ok"


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "db.internal" failed: password')

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.content.decode()
    assert json.loads(body)["checks"] == {
        "database": "failed",
        **ON_REDIS,
        "migrations": "failed",
    }
    assert "db.internal" not in body and "password" not in body


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_probes_are_not_redirected_to_https(client):
    """Production redirects plain HTTP to HTTPS; the proxy's checks stay on HTTP."""
    assert client.get("/collectifs/").status_code == 301
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/metrics").status_code == 200
