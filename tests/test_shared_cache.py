"""The caches every node shares: on Redis when REDIS_URL is set (CI's PostgreSQL pass,
production with several nodes), in the process and in files otherwise."""

import os

import pytest
from django.conf import settings
from django.core.cache import caches

pytestmark = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")


def test_both_caches_are_on_the_redis_server():
    import redis

    for alias in ("default", "documents"):
        backend = caches[alias]
        assert type(backend).__name__ == "RedisCache"
        location = settings.CACHES[alias]["LOCATION"]
        # What one node writes, another process reading the server directly finds.
        backend.set("shared-check", {"alias": alias}, 30)
        client = redis.Redis.from_url(location)
        key = backend.make_key("shared-check")
        assert client.exists(key) == 1
        assert client.ttl(key) > 0
        assert backend.get("shared-check") == {"alias": alias}


def test_each_test_worker_has_a_database_of_its_own():
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    expected = 1 + int(worker.removeprefix("gw") or 0) % 15
    assert settings.CACHES["default"]["LOCATION"].endswith(f"/{expected}")
