"""Jobs that run on their own every few minutes: reminders, weekly digests, clean-ups.

Apps register a job (a plain function, safe to run twice) in their AppConfig.ready.
The ``tick`` task runs every registered job and, with a backend that can defer
tasks (the database worker), schedules the next tick. ``manage.py start_ticking``
(run by ``make serve``) enqueues the first one if none is waiting.
"""

import logging

logger = logging.getLogger(__name__)

JOBS: dict = {}
INTERVAL_MINUTES = 10


def register(name, function):
    JOBS[name] = function


def run_jobs():
    """Run every job; one that fails is logged and does not stop the others."""
    done = {}
    for name, function in JOBS.items():
        try:
            done[name] = function()
        except Exception:
            logger.exception("Periodic job %s failed", name)
            done[name] = "failed"
    return done
