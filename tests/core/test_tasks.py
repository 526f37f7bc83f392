"""E-mails sent once (core.tasks.send_email keeps a ledger keyed by the task's id) and
the periodic tick once across nodes (core.tasks.schedule_tick)."""

import logging
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from maillage.core import periodic
from maillage.core.models import SentEmail
from maillage.core.tasks import message_id, prune_finished_tasks, send_email, tick

from ..threads import run_together
from .test_worker import DB_TASKS, worker

TICK = "maillage.core.tasks.tick"


@pytest.fixture
def db_tasks():
    with override_settings(TASKS=DB_TASKS):
        yield


def sent_headers(message):
    return message.message()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("db_tasks")
def test_an_email_task_run_again_does_not_send_twice(caplog):
    result = send_email.enqueue(subject="Séance du 17", body="Ordre du jour", to=["a@example.org"])
    worker("node-a").run()

    assert [m.subject for m in mail.outbox] == ["Séance du 17"]
    assert list(SentEmail.objects.values_list("key", flat=True)) == [result.id]
    assert sent_headers(mail.outbox[0])["Message-ID"] == (
        f"<maillage.task.{result.id}@maillage.example.org>"
    )

    # The worker was killed after the send, before it marked the task done: the
    # task, taken back, runs again on another node.
    DBTaskResult.objects.filter(id=result.id).update(status=TaskResultStatus.READY)
    with caplog.at_level(logging.INFO, logger="maillage.core.tasks"):
        worker("node-b").run()

    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == 0
    assert row.worker_ids == ["node-a", "node-b"]
    assert len(mail.outbox) == 1
    assert SentEmail.objects.count() == 1
    assert f"E-mail of task {result.id} was already sent" in caplog.text


@pytest.mark.django_db
def test_an_email_is_recorded_without_its_address_or_text():
    result = send_email.enqueue(subject="Rappel", body="Demain", to=["b@example.org"])

    assert result.return_value == 1
    [row] = SentEmail.objects.values()
    assert set(row) == {"id", "key", "sent_at"}
    assert row["key"] == result.id
    assert sent_headers(mail.outbox[0])["Message-ID"] == message_id(result.id)


@pytest.mark.django_db
def test_the_message_id_is_the_same_on_every_run_and_node():
    assert message_id("abc") == message_id("abc") == "<maillage.task.abc@maillage.example.org>"
    assert message_id("abc") != message_id("abd")


@pytest.mark.django_db
def test_an_email_sent_by_another_task_is_sent_without_the_ledger():
    assert send_email.call(subject="Ouverture", body="Tour 2", to=["c@example.org"]) == 1

    assert [m.to for m in mail.outbox] == [["c@example.org"]]
    assert not SentEmail.objects.exists()


@pytest.mark.django_db
def test_ledger_rows_are_pruned_with_the_finished_tasks(settings):
    settings.TASK_RESULTS_KEEP_DAYS = 7
    now = timezone.now()
    SentEmail.objects.create(key="old", sent_at=now - timedelta(days=8))
    SentEmail.objects.create(key="recent", sent_at=now - timedelta(days=2))

    prune_finished_tasks()

    assert list(SentEmail.objects.values_list("key", flat=True)) == ["recent"]


def waiting_ticks():
    return DBTaskResult.objects.filter(task_path=TICK, status=TaskResultStatus.READY)


@pytest.fixture
def quick_jobs(monkeypatch):
    monkeypatch.setattr(periodic, "JOBS", {"test.job": lambda: 1})


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("db_tasks", "quick_jobs")
def test_nodes_starting_at_once_make_one_chain_of_ticks():
    def start():
        out = StringIO()
        call_command("start_ticking", stdout=out)
        return out.getvalue().strip()

    results, errors = run_together([start] * 4, threads=4)

    assert errors == []
    assert sorted(results) == [
        "Periodic jobs scheduled (reminders, weekly digests).",
        "The periodic jobs are already scheduled.",
        "The periodic jobs are already scheduled.",
        "The periodic jobs are already scheduled.",
    ]
    assert waiting_ticks().count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("db_tasks", "quick_jobs")
def test_a_running_tick_counts_as_scheduled():
    tick.enqueue()
    DBTaskResult.objects.filter(task_path=TICK).update(status=TaskResultStatus.RUNNING)

    out = StringIO()
    call_command("start_ticking", stdout=out)

    assert out.getvalue().strip() == "The periodic jobs are already scheduled."
    assert DBTaskResult.objects.filter(task_path=TICK).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("db_tasks", "quick_jobs")
def test_a_tick_schedules_the_next_one_unless_one_is_waiting():
    assert tick.call() == {"test.job": "1"}
    [following] = waiting_ticks()
    assert following.run_after > timezone.now() + timedelta(minutes=periodic.INTERVAL_MINUTES - 1)

    # A second chain (a tick that ran elsewhere at the same time) stops here.
    assert tick.call() == {"test.job": "1"}
    assert list(waiting_ticks()) == [following]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("db_tasks", "quick_jobs")
def test_ticks_ending_at_once_leave_one_tick_waiting():
    results, errors = run_together([tick.call] * 4, threads=4)

    assert errors == []
    assert results == [{"test.job": "1"}] * 4
    assert waiting_ticks().count() == 1
