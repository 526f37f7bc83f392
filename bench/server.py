"""The real stack of `make demo`, for the benchmarks that speak HTTP.

A temporary folder holds the embedded SQLite database (WAL, IMMEDIATE transactions,
busy timeout, as in the demo settings); it is migrated and its static files collected,
the benchmark fills it through `manage.py shell`, then gunicorn serves it as
`make serve` does (2 workers × 4 threads).

    with Site() as site:
        site.manage(SETUP)        # last line printed by the code
        with site.serve():
            ...                   # requests to 127.0.0.1:site.port
"""

import contextlib
import http.client
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def quantile(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


class Client:
    """One person: their own keep-alive connection and cookies."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies = SimpleCookie()

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v.value}" for k, v in self.cookies.items())
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        return response.status, content

    def close(self):
        self.connection.close()


class Site:
    def __enter__(self):
        self._folder = tempfile.TemporaryDirectory(prefix="maillage-bench-")
        self.var = self._folder.name
        self.port = free_port()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "maillage.settings.demo",
            "MAILLAGE_VAR_DIR": self.var,
            "SITE_URL": f"http://127.0.0.1:{self.port}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECRET_KEY": secrets.token_urlsafe(50),
        }
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
            subprocess.run(
                [PYTHON, str(ROOT / "manage.py"), *command, "-v", "0"], env=self.env, check=True
            )
        return self

    def __exit__(self, *exc):
        self._folder.cleanup()

    def manage(self, code):
        """Run ``code`` in `manage.py shell`; return the last line it printed."""
        result = subprocess.run(
            [PYTHON, str(ROOT / "manage.py"), "shell", "-c", code],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip().splitlines()[-1]

    @property
    def access_log(self):
        return Path(self.var, "access.log")

    @contextlib.contextmanager
    def serve(self, access_log=False):
        """gunicorn on ``self.port`` until the block ends; with ``access_log``, each
        request's method, status and time in microseconds go to ``self.access_log``."""
        logging = (
            ["--access-logfile", str(self.access_log), "--access-logformat", "%(m)s %(s)s %(D)s"]
            if access_log
            else []
        )
        server = subprocess.Popen(
            [
                GUNICORN,
                "maillage.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--log-level",
                "warning",
                *logging,
            ],
            env=self.env,
            cwd=ROOT,
        )
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            yield server
        finally:
            server.terminate()
            server.wait(timeout=10)
