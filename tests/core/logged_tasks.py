"""A task that logs, for the request log's tests (tasks are imported by module path)."""

import logging

from django_tasks import task


@task()
def say_hello():
    logging.getLogger("tests.task").info("hello from the task")
