"""Real threads for the tests of what must hold when people act at the same time
(seats of an event, a half-day booked, statements numbered): each thread has its own
database connection against the suite's real database (SQLite, or the PostgreSQL
server of DATABASE_URL in CI)."""

import threading

from django.db import connection
from django.utils import translation

THREADS = 40


def run_together(jobs, threads=THREADS):
    """Run the callables of ``jobs`` in ``threads`` threads released by one barrier;
    returns (results, errors). Each thread closes its own connection at the end."""
    shares = [jobs[i::threads] for i in range(threads)]
    shares = [share for share in shares if share]
    barrier = threading.Barrier(len(shares))
    results, errors, lock = [], [], threading.Lock()

    def work(share):
        # A new thread speaks the default language: the messages checked are English.
        translation.activate("en")
        try:
            barrier.wait(timeout=30)
            for job in share:
                try:
                    outcome = job()
                except Exception as exc:  # noqa: BLE001 - reported by the caller
                    with lock:
                        errors.append(exc)
                else:
                    with lock:
                        results.append(outcome)
        finally:
            translation.deactivate()
            connection.close()

    workers = [threading.Thread(target=work, args=(share,)) for share in shares]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert not any(worker.is_alive() for worker in workers), "a thread is stuck"
    return results, errors
