"""A local fake of Mollie's Payments API v2, as documented
(https://docs.mollie.com/reference/create-payment, get-payment): a real HTTP server on
127.0.0.1 (a random port) in a thread, so the provider's code runs its real requests.

- ``POST /v2/payments`` (JSON): the bearer API key is checked (``test_`` or ``live_``
  keys it knows), the amount must be ``{"currency": "EUR"|"CHF", "value": "10.00"}``
  (two decimals, more than zero), ``description`` and ``redirectUrl`` are required;
  answers 201 with ``id`` "tr_…", ``status`` "open" and ``_links.checkout.href``.
- ``GET /v2/payments/{id}``: the payment, with the status the test set
  (``set_status``); 404 for an unknown id, 401 without the right key.
"""

import json
import re
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

AMOUNT = re.compile(r"^\d+\.\d{2}$")


class FakeMollie:
    def __init__(self, key="test_fakekey1234567890abcdefghij"):
        self.key = key
        self.payments = {}
        self.requests = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/hal+json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authorised(self):
                if self.headers.get("Authorization") != f"Bearer {fake.key}":
                    self._answer(401, {"status": 401, "title": "Unauthorized Request"})
                    return False
                return True

            def do_POST(self):  # noqa: N802 - http.server's name
                fake.requests.append(("POST", self.path))
                if not self._authorised():
                    return
                if self.path != "/v2/payments":
                    return self._answer(404, {"status": 404, "title": "Not Found"})
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    return self._answer(400, {"status": 400, "title": "Bad Request"})
                amount = body.get("amount") or {}
                if (
                    amount.get("currency") not in ("EUR", "CHF")
                    or not AMOUNT.match(str(amount.get("value", "")))
                    or float(amount["value"]) <= 0
                    or not body.get("description")
                    or not body.get("redirectUrl")
                ):
                    return self._answer(
                        422, {"status": 422, "title": "Unprocessable Entity", "field": "amount"}
                    )
                payment_id = "tr_" + secrets.token_hex(5)
                payment = {
                    "resource": "payment",
                    "id": payment_id,
                    "mode": "test",
                    "status": "open",
                    "amount": amount,
                    "description": body["description"],
                    "redirectUrl": body["redirectUrl"],
                    "webhookUrl": body.get("webhookUrl"),
                    "metadata": body.get("metadata"),
                    "_links": {
                        "checkout": {
                            "href": f"https://www.mollie.com/checkout/select-method/{payment_id}",
                            "type": "text/html",
                        }
                    },
                }
                with fake.lock:
                    fake.payments[payment_id] = payment
                self._answer(201, payment)

            def do_GET(self):  # noqa: N802 - http.server's name
                fake.requests.append(("GET", self.path))
                if not self._authorised():
                    return
                match = re.fullmatch(r"/v2/payments/(tr_\w+)", self.path)
                payment = fake.payments.get(match[1]) if match else None
                if payment is None:
                    return self._answer(404, {"status": 404, "title": "Not Found"})
                self._answer(200, payment)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v2"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def set_status(self, payment_id, status):
        with self.lock:
            self.payments[payment_id]["status"] = status
