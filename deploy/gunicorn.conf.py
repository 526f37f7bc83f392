"""Gunicorn's settings for a Maillage node: `gunicorn -c deploy/gunicorn.conf.py`.

The WSGI application is maillage.wsgi:application unless the command line names another.
Defaults come from the environment; options on the command line win (`--bind`).

- GUNICORN_BIND (127.0.0.1:8000), GUNICORN_WORKERS (2 × cores + 1), GUNICORN_THREADS (4),
  GUNICORN_TIMEOUT (30 s); GUNICORN_CONTROL_SOCKET (gunicorn's control socket, off
  unless set: nodes sharing a machine would share its default path).
- No access log: each request is logged once by Maillage itself, with its request id
  (maillage/core/requests.py); gunicorn's own messages go to the standard error, as JSON
  when LOG_FORMAT=json.
- PROMETHEUS_MULTIPROC_DIR: the folder where every worker process writes its metrics
  (docs/deployment.md, "Health, metrics and logs"). It must be emptied when the node
  starts (counters of a previous run would otherwise be added again): on_starting does it.
  child_exit tells prometheus_client that a worker is gone.
"""

import multiprocessing
import os
from pathlib import Path

wsgi_app = "maillage.wsgi:application"
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = timeout
accesslog = None
errorlog = "-"
# Gunicorn's control socket defaults to one path per user: two nodes on one machine (the
# cluster) would take it from each other. Off unless a path is given.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET") or None
control_socket_disable = control_socket is None

if os.environ.get("LOG_FORMAT", "").lower() == "json":
    # Gunicorn's own messages (workers started, timed out) as JSON too. Gunicorn merges
    # this with its defaults, whose root logger names a "console" handler.
    _json = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": ["levelname", "name", "message"],
                "rename_fields": {"levelname": "level", "name": "logger"},
                "timestamp": "time",
            }
        },
        "handlers": {"console": _json, "error_console": _json},
        "root": {"level": "INFO", "handlers": []},
        "loggers": {
            "gunicorn.error": {
                "level": "INFO",
                "handlers": ["error_console"],
                "propagate": False,
                "qualname": "gunicorn.error",
            },
            # A logging configuration turns gunicorn's access log on: kept silent, since
            # Maillage logs each request itself (and without its query string).
            "gunicorn.access": {
                "level": "CRITICAL",
                "handlers": [],
                "propagate": False,
                "qualname": "gunicorn.access",
            },
        },
    }


def _metrics_dir():
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    return Path(folder) if folder else None


def on_starting(server):
    """Empty the metrics folder before any worker starts (multiprocess mode)."""
    folder = _metrics_dir()
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    for path in folder.glob("*.db"):
        path.unlink(missing_ok=True)


def child_exit(server, worker):
    """A worker is gone: its live gauges no longer count (multiprocess mode)."""
    if _metrics_dir() is None:
        return
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
