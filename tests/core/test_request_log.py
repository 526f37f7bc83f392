"""Each request's id and its log line (maillage/core/requests.py, settings.LOGGING)."""

import io
import json
import logging
import logging.config
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from maillage.core.requests import request_id

from .logged_tasks import say_hello

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def json_log():
    """The console handler as LOG_FORMAT=json makes it (formatter and filter from
    settings.LOGGING), writing into a buffer; returns a function giving the records."""
    configurator = logging.config.DictConfigurator(settings.LOGGING)
    formatter = configurator.configure_formatter(dict(settings.LOGGING["formatters"]["json"]))
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(formatter)
    handler.addFilter(
        configurator.configure_filter(dict(settings.LOGGING["filters"]["request_id"]))
    )
    root = logging.getLogger()
    root.addHandler(handler)
    previous = root.level
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in handler.stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(previous)


def request_lines(records):
    return [record for record in records if record["logger"] == "maillage.requests"]


@pytest.mark.django_db
def test_the_proxy_id_is_sent_back_and_logged(client, json_log):
    response = client.get("/metrics?code=123456", HTTP_X_REQUEST_ID="haproxy-01:5F3A.2")
    assert response["X-Request-ID"] == "haproxy-01:5F3A.2"
    [line] = request_lines(json_log())
    assert line["request_id"] == "haproxy-01:5F3A.2"
    assert line["method"] == "GET" and line["status"] == 200
    assert line["path"] == "/metrics"  # no query string
    assert "123456" not in json.dumps(line)
    assert line["node"] == settings.NODE_NAME
    assert line["user_id"] is None
    assert isinstance(line["duration_ms"], float)
    assert set(line) >= {"time", "level", "logger", "message", "request_id"}
    assert line["level"] == "INFO"
    assert request_id.get() is None  # nothing left behind after the request


@pytest.mark.parametrize("given", ["", "has space", "x" * 129, "<script>", "é"])
@pytest.mark.django_db
def test_a_bad_id_is_replaced(client, json_log, given):
    response = client.get("/metrics", HTTP_X_REQUEST_ID=given)
    made = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert request_lines(json_log())[0]["request_id"] == made


@pytest.mark.django_db
def test_each_request_has_its_own_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    assert client.get("/healthz")["X-Request-ID"] != first


@pytest.mark.django_db
def test_a_person_is_logged_by_id_only(client, json_log, world):
    client.force_login(world.member)
    assert client.get(reverse("core:dashboard")).status_code == 200
    [line] = request_lines(json_log())
    assert line["user_id"] == world.member.pk
    text = json.dumps(line)
    assert world.member.email not in text
    assert world.member.display_name not in text


@pytest.mark.django_db
def test_a_personal_link_s_secret_is_not_logged(client, json_log):
    client.get(reverse("events:confirm", kwargs={"key": "secretkey123"}))
    [line] = request_lines(json_log())
    assert line["path"] == "/inscriptions/:key/confirmer/"
    # Django's own 4xx warnings (which name the path) are not written either.
    assert "secretkey123" not in json.dumps(json_log())


@pytest.mark.django_db
def test_probes_that_succeed_are_not_logged_at_info(client, json_log):
    client.get("/healthz")
    client.get("/readyz")
    assert request_lines(json_log()) == []


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.core.failing_urls")
def test_a_failing_page_s_traceback_carries_the_id(json_log):
    client = Client(raise_request_exception=False)
    response = client.get("/echec?code=42", HTTP_X_REQUEST_ID="req-500")
    assert response.status_code == 500 and response["X-Request-ID"] == "req-500"
    records = json_log()
    [error] = [r for r in records if r["logger"] == "django.request" and r.get("exc_info")]
    assert error["request_id"] == "req-500"
    assert "ValueError: the page failed" in error["exc_info"]
    assert "request" not in error  # the request object (and its query string) is left out
    assert "code=42" not in json.dumps(records)
    [line] = request_lines(records)
    assert line["status"] == 500 and line["request_id"] == "req-500"


def test_a_task_logs_with_its_id(json_log):
    result = say_hello.enqueue()  # the tests' immediate backend runs it here
    [line] = [r for r in json_log() if r["logger"] == "tests.task"]
    assert line["request_id"] == str(result.id)
    assert request_id.get() is None  # cleared when the task finished


@pytest.mark.django_db
def test_a_task_run_inside_a_request_keeps_the_request_s_id(json_log, rf):
    token = request_id.set("req-with-task")
    try:
        say_hello.enqueue()
        assert request_id.get() == "req-with-task"
    finally:
        request_id.reset(token)
    [line] = [r for r in json_log() if r["logger"] == "tests.task"]
    assert line["request_id"] == "req-with-task"


def test_log_format_json_writes_one_object_per_line():
    """The real settings read LOG_FORMAT: every line on the standard error is JSON."""
    env = {
        **os.environ,
        "LOG_FORMAT": "json",
        "NODE_NAME": "node-7",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "maillage.settings.test",
    }
    code = (
        "import django; django.setup(); import logging; from django.test import Client; "
        "logging.getLogger('maillage.demo').warning('before any request'); "
        "Client().get('/healthz?code=9', HTTP_X_REQUEST_ID='abc-1', HTTP_HOST='x'); "
        "Client().get('/nowhere?code=9', HTTP_X_REQUEST_ID='abc-2')"
    )
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    records = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    assert records[0]["message"] == "before any request"
    assert records[0]["request_id"] == "-"
    [line] = request_lines(records)  # /healthz's 200 is at DEBUG
    assert line["request_id"] == "abc-2" and line["node"] == "node-7"
    assert line["path"] == "/nowhere" and line["status"] in (302, 404)
    assert "code=9" not in result.stderr
