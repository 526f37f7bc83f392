"""Requests as htmx sends them, and what an htmx answer says in its headers.

    response = htmx_get(client, url, target="comparison")
    response = htmx_post(client, url, {"status": "done"}, trigger="status-form")
    response.hx.trigger        # "wall-changed", or the events of a JSON HX-Trigger
    response.hx.headers        # every HX-* header of the answer

Pass ``client`` as ``Client()`` or the ``client`` fixture; other keyword arguments go to
the client (``follow``, ``headers`` to add more headers…).
"""

import json
from dataclasses import dataclass


def htmx_headers(*, target=None, trigger=None, trigger_name=None, current_url=None):
    """The headers htmx sends with a request (htmx 2: HX-Request, HX-Target…)."""
    headers = {"HX-Request": "true"}
    if target is not None:
        headers["HX-Target"] = target
    if trigger is not None:
        headers["HX-Trigger"] = trigger
    if trigger_name is not None:
        headers["HX-Trigger-Name"] = trigger_name
    if current_url is not None:
        headers["HX-Current-URL"] = current_url
    return headers


def htmx_get(client, url, data=None, *, headers=None, **kwargs):
    """GET ``url`` as htmx does; ``target``, ``trigger``, ``trigger_name`` and
    ``current_url`` become HX-* headers, the rest goes to the client."""
    hx, kwargs = _split(kwargs)
    return _read(client.get(url, data, headers={**htmx_headers(**hx), **(headers or {})}, **kwargs))


def htmx_post(client, url, data=None, *, headers=None, **kwargs):
    """POST ``data`` to ``url`` as htmx does (see htmx_get)."""
    hx, kwargs = _split(kwargs)
    sent = {**htmx_headers(**hx), **(headers or {})}
    return _read(client.post(url, {} if data is None else data, headers=sent, **kwargs))


def _split(kwargs):
    names = ("target", "trigger", "trigger_name", "current_url")
    hx = {name: kwargs.pop(name) for name in names if name in kwargs}
    return hx, kwargs


@dataclass
class HxAnswer:
    """The HX-* headers of a response (https://htmx.org/reference/#response_headers)."""

    headers: dict

    @property
    def trigger(self):
        """HX-Trigger: one event name, or the dict of a JSON value; None without."""
        value = self.headers.get("HX-Trigger")
        if value is None or not value.lstrip().startswith("{"):
            return value
        return json.loads(value)

    @property
    def redirect(self):
        return self.headers.get("HX-Redirect")

    @property
    def location(self):
        return self.headers.get("HX-Location")

    @property
    def refresh(self):
        return self.headers.get("HX-Refresh") == "true"

    @property
    def retarget(self):
        return self.headers.get("HX-Retarget")

    @property
    def reswap(self):
        return self.headers.get("HX-Reswap")

    @property
    def push_url(self):
        return self.headers.get("HX-Push-Url")


def _read(response):
    response.hx = HxAnswer(
        {name: value for name, value in response.items() if name.lower().startswith("hx-")}
    )
    return response


def post_form(client, url, data=None, *, htmx, **kwargs):
    """POST as htmx when ``htmx`` is true, as a plain form otherwise (for tests run both
    ways)."""
    if htmx:
        return htmx_post(client, url, data, **kwargs)
    return client.post(url, {} if data is None else data, **kwargs)
