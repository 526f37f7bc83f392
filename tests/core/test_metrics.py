"""/metrics: django-prometheus' counters, the task queue, who may read it
(maillage/core/metrics.py)."""

import os
import runpy
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[2]
HEALTHZ = {"view": "core:healthz", "transport": "http", "method": "GET"}


def scrape(client, **headers):
    response = client.get("/metrics", **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    return response.content.decode()


def value(text, name, **labels):
    """The sample's value in Prometheus' text, or None when it is absent."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
    return None


def add_task(*, status=TaskResultStatus.READY, queue="default", run_after=None, waited=0):
    task = DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="maillage.core.tasks.tick",
        queue_name=queue,
        backend_name="default",
        run_after=run_after or get_date_max(),
        exception_class_path="",
        traceback="",
    )
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - timedelta(seconds=waited)
    )
    return task


@pytest.mark.django_db
def test_a_request_shows_in_the_counters(client):
    requests_name = "django_http_requests_total_by_view_transport_method_total"
    statuses_name = "django_http_responses_total_by_status_total"
    before = scrape(client)
    assert client.get("/healthz").status_code == 200
    after = scrape(client)
    assert (
        value(after, requests_name, **HEALTHZ) == (value(before, requests_name, **HEALTHZ) or 0) + 1
    )
    assert (
        value(after, statuses_name, status="200")
        >= (value(before, statuses_name, status="200") or 0) + 2
    )
    latency = "django_http_requests_latency_seconds_by_view_method_count"
    assert value(after, latency, view="core:healthz", method="GET") >= 1


@pytest.mark.django_db
def test_the_queue_gauge_counts_the_tasks_in_the_database(client):
    add_task(waited=120)
    add_task(waited=5)
    add_task(run_after=timezone.now() + timedelta(minutes=5))  # the next tick
    add_task(status=TaskResultStatus.RUNNING, queue="mail")
    add_task(status=TaskResultStatus.SUCCESSFUL)
    text = scrape(client)
    assert value(text, "maillage_tasks_up") == 1
    assert value(text, "maillage_tasks", queue="default", state="ready") == 2
    assert value(text, "maillage_tasks", queue="default", state="scheduled") == 1
    assert value(text, "maillage_tasks", queue="default", state="running") == 0
    assert value(text, "maillage_tasks", queue="mail", state="running") == 1
    assert value(text, "maillage_tasks", queue="mail", state="ready") == 0
    age = value(text, "maillage_tasks_oldest_ready_age_seconds", queue="default")
    assert 120 <= age < 180
    assert value(text, "maillage_tasks_oldest_ready_age_seconds", queue="mail") == 0


@pytest.mark.django_db
def test_an_empty_queue_is_no_error(client):
    text = scrape(client)
    assert value(text, "maillage_tasks_up") == 1
    assert value(text, "maillage_tasks", queue="default", state="ready") is None


@pytest.mark.django_db
def test_only_allowed_addresses_read_the_metrics(client):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200
    with override_settings(METRICS_ALLOWED_IPS=["10.0.0.0/8"]):
        assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
        assert client.get("/metrics").status_code == 404  # 127.0.0.1 no longer listed


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_client_address_counts(client):
    """Through the proxy every request comes from the proxy's address: the client's is
    the one the proxy appended to X-Forwarded-For."""
    outside = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "127.0.0.1, 203.0.113.9"}
    assert client.get("/metrics", **outside).status_code == 404
    local = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "127.0.0.1"}
    assert client.get("/metrics", **local).status_code == 200


@pytest.mark.django_db
@override_settings(METRICS_TOKEN="s3cret-token")
def test_the_token_opens_the_metrics_from_anywhere(client):
    away = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics", **away).status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong", **away).status_code == 404
    assert (
        client.get("/metrics", HTTP_AUTHORIZATION="Basic s3cret-token", **away).status_code == 404
    )
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token", **away)
    assert response.status_code == 200
    assert b"maillage_tasks_up" in response.content


@pytest.mark.django_db
def test_without_a_token_set_no_bearer_opens_them(client):
    away = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ", **away).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_multiprocess_mode_adds_up_every_process(tmp_path):
    """As under gunicorn: processes that served requests have exited; the one that
    answers the scrape adds up their counters and reads the queue from the database."""
    add_task(waited=30)
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "maillage.settings.test",
    }
    script = [sys.executable, "-W", "ignore", str(ROOT / "tests/core/metrics_process.py")]
    database = str(connection.settings_dict["NAME"])
    subprocess.run([*script, database, "requests"], env=env, cwd=ROOT, check=True, timeout=120)
    assert list(tmp_path.glob("*.db"))  # the processes wrote their counters there
    scraped = subprocess.run(
        [*script, database, "scrape"],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    ).stdout
    requests_name = "django_http_requests_total_by_view_transport_method_total"
    assert value(scraped, requests_name, **HEALTHZ) == 3
    assert value(scraped, "maillage_tasks", queue="default", state="ready") == 1
    assert value(scraped, "maillage_tasks_oldest_ready_age_seconds", queue="default") >= 30


def test_gunicorn_s_hooks_empty_the_folder_and_mark_dead_workers(tmp_path, monkeypatch):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "metrics"))
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    conf = runpy.run_path(str(ROOT / "deploy/gunicorn.conf.py"))
    assert conf["workers"] == 3 and conf["accesslog"] is None
    conf["on_starting"](None)  # makes the folder
    (tmp_path / "metrics/counter_41.db").write_bytes(b"from a previous run")
    (tmp_path / "metrics/gauge_livesum_41.db").write_bytes(b"")
    conf["on_starting"](None)
    assert list((tmp_path / "metrics").iterdir()) == []
    (tmp_path / "metrics/gauge_livesum_42.db").write_bytes(b"")
    conf["child_exit"](None, SimpleNamespace(pid=42))
    assert list((tmp_path / "metrics").iterdir()) == []
