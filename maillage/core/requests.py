"""Each request's id, carried by every log line written while it runs, and one log line
per request (docs/deployment.md, "Health, metrics and logs").

The proxy in front gives each request an id in ``X-Request-ID``; the node keeps it when
it is a sane token, else makes one, and sends it back in the response's
``X-Request-ID``. While the request runs the id sits in a context variable, which
``RequestIdFilter`` copies onto every log record (a 500's traceback included), so the
lines of one request can be found across the proxy's log and every node's. A task run
by the worker gets its task's id instead (``task_started``).

The request's line on the ``maillage.requests`` logger says the method, the path
(without its query string, and with the secret part of a personal link masked:
both may carry codes), the status, the time taken, the id, the node and the id of the
person logged in — never a name or an e-mail address.
"""

import contextvars
import logging
import re
import time
import uuid

from django.conf import settings
from django.utils.functional import SimpleLazyObject, empty

logger = logging.getLogger("maillage.requests")

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._:-]{1,128}")

# The current request's id (or task's id in the worker); None outside both.
request_id = contextvars.ContextVar("request_id", default=None)
# True while request_id holds a task's id set by task_started (cleared by task_finished).
_from_task = contextvars.ContextVar("request_id_from_task", default=False)

# URL parts that are a credential (a registration's key, an invitation's token, a
# workshop's code): shown as ":key", ":token", ":code" in the log line.
SECRET_URL_PARTS = ("key", "token", "code")
# Probes answered many times a minute: their successes are logged at DEBUG only.
PROBES = ("/healthz", "/readyz")


def incoming_id(value):
    """The id the proxy sent when it is a sane token, else a new one."""
    if value and _SANE.fullmatch(value):
        return value
    return uuid.uuid4().hex


def client_ip(request):
    """The client's address (failed-login lockouts, rate limits, /metrics' access):
    REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the N-th address from the right
    of X-Forwarded-For (what each proxy appended); anything further left was written
    by the client and is not trusted."""
    count = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if count <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [part for part in chain if part]
    return chain[-count] if len(chain) >= count else remote


def logged_path(request):
    """The path without its query string, the credential parts of a link masked."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name in SECRET_URL_PARTS:
            value = match.kwargs.get(name)
            if value:
                path = re.sub(rf"/{re.escape(str(value))}(?=[/.]|$)", f"/:{name}", path)
    return path


def _user_id(request):
    """The id of the person logged in, when the request has already read who it is
    (the log line never queries the database itself)."""
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


class RequestIdMiddleware:
    """First in MIDDLEWARE: everything below runs with the request's id set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = incoming_id(request.headers.get(HEADER))
        request.request_id = rid
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response[HEADER] = rid
            return response
        finally:
            self._log(request, rid, status, (time.perf_counter() - started) * 1000)
            request_id.reset(token)

    def _log(self, request, rid, status, duration_ms):
        path = logged_path(request)
        level = logging.DEBUG if path in PROBES and status < 400 else logging.INFO
        if not logger.isEnabledFor(level):
            return
        logger.log(
            level,
            "%s %s %s %.1f ms",
            request.method,
            path,
            status,
            duration_ms,
            extra={
                "method": request.method,
                "path": path,
                "status": status,
                "duration_ms": round(duration_ms, 1),
                "node": settings.NODE_NAME,
                "user_id": _user_id(request),
            },
        )


class RequestIdFilter(logging.Filter):
    """Puts ``request_id`` on every record ("-" outside a request or a task); set on
    the handlers (settings.LOGGING), so records of every logger get it."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get() or "-"
        return True


def task_started(sender, task_result, **kwargs):
    """A task run by the worker logs with its task's id. A task run inside a request
    (the immediate backend of the tests and of development) keeps the request's id."""
    if request_id.get() is None or _from_task.get():
        request_id.set(str(task_result.id))
        _from_task.set(True)


def task_finished(sender, task_result, **kwargs):
    if _from_task.get():
        request_id.set(None)
        _from_task.set(False)
