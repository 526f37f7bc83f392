"""Maillage on several application nodes, on this one machine: the reference deployment.

PostgreSQL and Redis (Debian's), N nodes each running gunicorn and a task worker, and
HAProxy (Debian's) in front of them, every file under one folder (``var/cluster/`` for
``make cluster``). ``make cluster`` runs it with the demo data; the load benchmark imports
it (``Cluster``) to kill a node or a worker in the middle of a run and check that nothing
is lost. docs/deployment.md ("Several machines") explains each part.

Standard library only: run it with the project's Python (``.venv/bin/python``), from
which it also starts gunicorn and ``manage.py``.
"""

# Every command run here is built from this file's constants and options, none from input.
# ruff: noqa: S603

from __future__ import annotations

import argparse
import atexit
import contextlib
import csv
import ctypes
import io
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TEMPLATE = REPO / "deploy" / "haproxy.cfg"
GUNICORN_CONF = REPO / "deploy" / "gunicorn.conf.py"
SETTINGS = "maillage.settings.production"
START_TIMEOUT = 180  # seconds: a node imports spaCy and friends before answering
STOP_TIMEOUT = 20
# Health checks must not go through a proxy of the environment (http_proxy).
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def render_haproxy_config(*, bind, host, stats_bind, stats_socket, servers, template=TEMPLATE):
    """deploy/haproxy.cfg with its @NAME@ placeholders filled (comments left as they are).

    ``servers`` is a list of (name, "address:port").
    """
    values = {
        "@BIND@": bind,
        "@HOST@": host,
        "@STATS_BIND@": stats_bind,
        "@STATS_SOCKET@": str(stats_socket),
    }
    lines = []
    for line in Path(template).read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            lines.append(line)
            continue
        if stripped == "@SERVERS@":
            indent = line[: len(line) - len(line.lstrip())]
            lines.extend(f"{indent}server {name} {address}" for name, address in servers)
            continue
        for placeholder, value in values.items():
            line = line.replace(placeholder, value)
        if "@SERVERS@" in line:
            raise ValueError(f"@SERVERS@ must stand alone on its line: {line}")
        lines.append(line)
    return "\n".join(lines) + "\n"


try:
    _LIBC = ctypes.CDLL(None, use_errno=True)  # loaded here, never in a forked child
except OSError:
    _LIBC = None


def _die_with_parent():
    """In the child before exec: receive SIGTERM if cluster.py dies (even by SIGKILL)."""
    if _LIBC is not None:
        _LIBC.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _as_user(user):
    """subprocess's arguments to run as ``user``, with its group only (not root's)."""
    return {"user": user, "group": user, "extra_groups": []} if user else {}


def _port_free(port):
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _get(url, timeout=2.0):
    """The status of a GET (0 when nothing answers)."""
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (OSError, urllib.error.URLError):
        return 0


def _tail(path, lines=15):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _install_missing():
    """Debian's PostgreSQL, Redis and HAProxy, as .ci/run installs PostgreSQL."""
    missing = []
    if not list(Path("/usr/lib/postgresql").glob("*/bin/postgres")):
        missing.append("postgresql")
    if not shutil.which("redis-server"):
        missing.append("redis-server")
    if not shutil.which("haproxy") and not Path("/usr/sbin/haproxy").exists():
        missing.append("haproxy")
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    print(f"Installing {', '.join(missing)} from Debian's packages…", flush=True)
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)
    subprocess.run(
        [*sudo, "apt-get", "install", "-y", "-qq", *missing],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )


class Cluster:
    """PostgreSQL, Redis, ``nodes`` application nodes and HAProxy, under ``root``.

    Nodes are counted from 0: ``kill_node(1)`` kills node2 (NODE_NAME, logs/node2-web.log),
    which listens on ``first_node_port + 1``.
    """

    def __init__(
        self,
        root: Path,
        *,
        port=8000,
        nodes=2,
        first_node_port=8001,
        pg_port=55440,
        redis_port=6380,
        lease_seconds=None,
        email_env=None,
        env=None,
        gunicorn_workers=2,
        gunicorn_threads=4,
    ):
        self.root = Path(root).resolve()
        self.port = port
        self.nodes = nodes
        self.first_node_port = first_node_port
        self.pg_port = pg_port
        self.redis_port = redis_port
        self.stats_port = port + 404  # 8404 beside 8000, HAProxy's usual one
        self.gunicorn_workers = gunicorn_workers
        self.gunicorn_threads = gunicorn_threads
        self.url = f"http://127.0.0.1:{port}"
        self.stats_url = f"http://127.0.0.1:{self.stats_port}/"
        self.logs = self.root / "logs"
        self.pgdata = self.root / "postgresql"
        self.files = self.root / "files"
        for folder in (self.root, self.logs, self.files, self.root / "var", self.root / "run"):
            folder.mkdir(parents=True, exist_ok=True)
        self.env = {
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "SECRET_KEY": self._secret_key(),
            "DATABASE_URL": f"postgres://maillage@127.0.0.1:{pg_port}/maillage",
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "MAILLAGE_FILES_DIR": str(self.files),
            # Collected static files (served by WhiteNoise from every node) live here.
            "MAILLAGE_VAR_DIR": str(self.root / "var"),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": f"{self.url},http://localhost:{port}",
            "SITE_URL": self.url,
            "TRUSTED_PROXY_COUNT": "1",
            "LOG_FORMAT": "json",
            # No TLS on this machine: no redirect to https, no HSTS, cookies over http.
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "LANGUAGE_COOKIE_SECURE": "false",
            # No nginx in front to serve the uploaded logos: the nodes do.
            "SERVE_MEDIA": "true",
            "PYTHONUNBUFFERED": "1",
            # This checkout's code, whatever else the interpreter could import.
            "PYTHONPATH": str(REPO),
        }
        if lease_seconds is not None:
            self.env["TASK_LEASE_SECONDS"] = str(lease_seconds)
        # E-mails printed in the task workers' logs, unless the caller gives its own
        # settings (e.g. EMAIL_HOST and EMAIL_PORT of a local SMTP server: the SMTP backend).
        if email_env is None:
            email_env = {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
        self.env.update(email_env)
        self.env.update(env or {})  # any other setting, for every node and command
        self.demo_output = ""  # what load_demo printed (how to log in)
        self._web = {}  # index -> Popen of the node's gunicorn master
        self._worker = {}  # index -> Popen of the node's task worker
        self._services = {}  # "postgresql" / "redis" / "haproxy" -> Popen
        self._proxy_events = []  # (time.monotonic(), "node2", "DOWN") as HAProxy saw them
        self._watching = threading.Event()  # set: the watch of the proxy ends
        self._stopped = False

    # ---- the parts -------------------------------------------------------------------

    def _secret_key(self):
        """A key made once and kept in root (mode 0600): sessions survive a restart."""
        path = self.root / "secret_key"
        if not path.exists():
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="ascii") as fh:
                fh.write(secrets.token_urlsafe(50) + "\n")
        return path.read_text(encoding="ascii").strip()

    def _spawn(self, name, args, *, env=None, user=None, cwd=REPO):
        """A child in its own process group, its output appended to logs/<name>.log."""
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 (kept by the child)
        log.write(
            f"\n=== {time.strftime('%Y-%m-%d %H:%M:%S')} {' '.join(map(str, args))}\n".encode()
        )
        log.flush()
        try:
            return subprocess.Popen(
                [str(a) for a in args],
                cwd=cwd,
                env=env,
                **_as_user(user),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,  # no threads yet
            )
        finally:
            log.close()

    def _pg_bin(self, name):
        versions = sorted(
            Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name)
        )
        return versions[-1] / name

    def _start_postgresql(self):
        as_root = os.geteuid() == 0
        user = "postgres" if as_root else None
        if not (self.pgdata / "PG_VERSION").exists():
            self.pgdata.mkdir(parents=True, exist_ok=True)
            if as_root:
                shutil.chown(self.pgdata, "postgres", "postgres")
                # The server runs as postgres: it must pass through root (a temporary folder
                # is 0700) to reach its data; passing through is all it gets (o+x).
                mode = self.root.stat().st_mode
                self.root.chmod(mode | 0o001)
            subprocess.run(
                [
                    self._pg_bin("initdb"),
                    "-D",
                    self.pgdata,
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ],
                check=True,
                **_as_user(user),
                stdout=subprocess.DEVNULL,
                cwd="/",
            )
        self._services["postgresql"] = self._spawn(
            "postgresql",
            [
                self._pg_bin("postgres"),
                "-D",
                self.pgdata,
                "-p",
                self.pg_port,
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "unix_socket_directories=",
                "-c",
                "max_connections=200",
            ],
            user=user,
            cwd="/",
        )
        self._wait("PostgreSQL", "postgresql", self._pg_ready)
        psql = [self._pg_bin("psql"), "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres"]
        exists = subprocess.run(
            [*psql, "-tAc", "SELECT 1 FROM pg_database WHERE datname = 'maillage'"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if not exists:
            # Its own role, owner of its database (so it may create the btree_gist extension).
            subprocess.run([*psql, "-qc", "CREATE ROLE maillage LOGIN"], check=True)
            subprocess.run([*psql, "-qc", "CREATE DATABASE maillage OWNER maillage"], check=True)

    def _pg_ready(self):
        return (
            subprocess.run(
                [
                    self._pg_bin("pg_isready"),
                    "-q",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(self.pg_port),
                    "-U",
                    "postgres",
                ],
                check=False,
            ).returncode
            == 0
        )

    def _start_redis(self):
        folder = self.root / "redis"
        folder.mkdir(exist_ok=True)
        config = folder / "redis.conf"
        config.write_text(
            f"bind 127.0.0.1\nport {self.redis_port}\nprotected-mode yes\ndaemonize no\n"
            f'dir {folder}\nlogfile ""\nsave ""\nappendonly yes\n'
            # A cache: past its memory, the least recently used keys go.
            "maxmemory 256mb\nmaxmemory-policy allkeys-lru\n",
            encoding="utf-8",
        )
        self._services["redis"] = self._spawn("redis", ["redis-server", config], cwd=folder)
        self._wait("Redis", "redis", self._redis_ready)

    def _redis_ready(self):
        try:
            with socket.create_connection(("127.0.0.1", self.redis_port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def _start_proxy(self):
        servers = [
            (self.node_name(index), f"127.0.0.1:{self.first_node_port + index}")
            for index in range(self.nodes)
        ]
        config = self.root / "haproxy.cfg"
        config.write_text(
            render_haproxy_config(
                bind=f"127.0.0.1:{self.port}",
                host="127.0.0.1",
                stats_bind=f"127.0.0.1:{self.stats_port}",
                stats_socket=self.root / "run" / "haproxy.sock",
                servers=servers,
            ),
            encoding="utf-8",
        )
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        self._services["haproxy"] = self._spawn("haproxy", [haproxy, "-db", "-f", config])
        self._wait("HAProxy", "haproxy", lambda: _get(self.stats_url) == 200)

    # Nodes are counted from 0 (index 0 is node1, on first_node_port), as lists are.

    def node_name(self, index) -> str:
        return f"node{index + 1}"

    def node_url(self, index) -> str:
        return f"http://127.0.0.1:{self.first_node_port + index}"

    def _node_env(self, index):
        metrics = self.root / "prometheus" / self.node_name(index)
        return {
            **os.environ,
            **self.env,
            "NODE_NAME": self.node_name(index),
            "PROMETHEUS_MULTIPROC_DIR": str(metrics),
        }

    def start_node(self, index, *, wait=True):
        """Start whatever of node ``index`` is not running (gunicorn, its task worker)."""
        env = self._node_env(index)
        name = self.node_name(index)
        web = self._web.get(index)
        if web is None or web.poll() is not None:
            # prometheus_client's multiprocess files: emptied before the node starts.
            metrics = Path(env["PROMETHEUS_MULTIPROC_DIR"])
            shutil.rmtree(metrics, ignore_errors=True)
            metrics.mkdir(parents=True)
            port = self.first_node_port + index
            args = [BIN / "gunicorn", "maillage.wsgi:application"]
            if GUNICORN_CONF.exists():
                args += ["-c", GUNICORN_CONF]
            args += [
                "--bind",
                f"127.0.0.1:{port}",
                "--name",
                f"maillage-{name}",
                # gunicorn's control socket, one per node (the default is one per user).
                "--control-socket",
                self.root / "run" / f"{name}.ctl",
                "--workers",
                self.gunicorn_workers,
                "--threads",
                self.gunicorn_threads,
            ]
            self._web[index] = self._spawn(f"{name}-web", args, env=env)
        worker = self._worker.get(index)
        if worker is None or worker.poll() is not None:
            self._worker[index] = self._spawn(
                f"{name}-worker",
                [sys.executable, "manage.py", "task_worker", "--no-startup-delay"],
                env=env,
            )
            # Every node asks for the periodic tick at start; one chain of ticks results.
            self.manage("start_ticking", env={"NODE_NAME": name})
        if wait:
            self._wait(name, f"{name}-web", lambda: self._node_up(index))

    def _node_up(self, index):
        web = self._web.get(index)
        if web is not None and web.poll() is not None:
            raise RuntimeError(f"{self.node_name(index)}'s gunicorn exited ({web.returncode})")
        return _get(self.node_url(index) + "/readyz") == 200 and self._proxy_sees_up(index)

    def _proxy_status(self):
        """HAProxy's own view of each node (its health checks): {"node1": "UP", …}."""
        try:
            with _OPENER.open(self.stats_url + ";csv", timeout=2) as response:
                text = response.read().decode()
        except OSError:
            return {}
        rows = csv.DictReader(io.StringIO(text.lstrip("# ")))
        return {r["svname"]: r["status"] for r in rows if r["pxname"] == "nodes"}

    def _proxy_sees_up(self, index):
        if "haproxy" not in self._services:
            return True
        return self._proxy_status().get(self.node_name(index)) == "UP"

    def _watch_proxy(self):
        """Record each change of a node's status as HAProxy sees it, with its time."""
        last = {}
        while not self._watching.wait(0.1):
            for name, status in self._proxy_status().items():
                if last.get(name) != status:
                    last[name] = status
                    self._proxy_events.append((time.monotonic(), name, status))

    def proxy_down_after(self, index, since=None):
        """Seconds from ``since`` (a time.monotonic()) until HAProxy marked the node down,
        within 0.1 s; None if it has not (yet)."""
        if since is None:
            return None
        name = self.node_name(index)
        for moment, server, status in list(self._proxy_events):
            if server == name and moment >= since and status.startswith(("DOWN", "MAINT")):
                return moment - since
        return None

    def kill_node(self, index):
        """SIGKILL the node's gunicorn, master and workers (its task worker keeps running)."""
        self._kill(self._web.pop(index, None), signal.SIGKILL)

    def kill_worker(self, index):
        """SIGKILL the node's task worker (its gunicorn keeps serving)."""
        self._kill(self._worker.pop(index, None), signal.SIGKILL)

    @staticmethod
    def _kill(process, signum, timeout=STOP_TIMEOUT):
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signum)  # the whole group: gunicorn's workers too
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def _wait(self, label, log, ready, timeout=START_TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            service = self._services.get(log)
            if service is not None and service.poll() is not None:
                raise RuntimeError(
                    f"{label} exited; {self.logs / (log + '.log')}:\n"
                    f"{_tail(self.logs / (log + '.log'))}"
                )
            if ready():
                return
            time.sleep(0.25)
        raise RuntimeError(
            f"{label} not ready after {timeout} s; "
            f"{self.logs / (log + '.log')}:\n{_tail(self.logs / (log + '.log'))}"
        )

    # ---- the whole ---------------------------------------------------------------------

    def manage(self, *args, env=None, input=None) -> str:
        """``manage.py *args`` with the cluster's settings; its output (raises on failure)."""
        result = subprocess.run(
            [sys.executable, "manage.py", *map(str, args)],
            cwd=REPO,
            env={**os.environ, **self.env, **(env or {})},
            input=input,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise RuntimeError(
                f"manage.py {' '.join(map(str, args))} failed ({result.returncode}):\n"
                f"{result.stdout}{result.stderr}"
            )
        return result.stdout

    def start(self, *, demo=False):
        """Everything, in order; returns when every node answers /readyz through the proxy."""
        if not _port_free(self.stats_port):  # only this machine reads it: any free port
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                self.stats_port = sock.getsockname()[1]
            self.stats_url = f"http://127.0.0.1:{self.stats_port}/"
        ports = [
            self.port,
            self.pg_port,
            self.redis_port,
            *range(self.first_node_port, self.first_node_port + self.nodes),
        ]
        busy = [port for port in ports if not _port_free(port)]
        if busy:
            raise RuntimeError(f"Port(s) already in use: {', '.join(map(str, busy))}")
        _install_missing()
        atexit.register(self.stop)
        self._stopped = False
        try:
            self._start_postgresql()
            self._start_redis()
            self.manage("migrate", "--noinput", "--verbosity", "0")
            self.manage("collectstatic", "--noinput", "--verbosity", "0")
            if demo:
                # The demo app is not installed in production: its settings load the data.
                self.demo_output = self.manage(
                    "load_demo", env={"DJANGO_SETTINGS_MODULE": "maillage.settings.demo"}
                )
            self._start_proxy()
            self._watching.clear()
            threading.Thread(target=self._watch_proxy, name="proxy-watch", daemon=True).start()
            for index in range(self.nodes):
                self.start_node(index, wait=False)
            for index in range(self.nodes):
                name = self.node_name(index)
                self._wait(name, f"{name}-web", lambda i=index: self._node_up(i))
            self._wait("the proxy", "haproxy", lambda: _get(self.url + "/readyz") == 200)
        except BaseException:
            self.stop()
            raise

    def stop(self):
        """The proxy, the nodes, Redis, PostgreSQL: each asked to stop, killed if it lingers."""
        if self._stopped:
            return
        self._stopped = True
        self._watching.set()
        self._kill(self._services.pop("haproxy", None), signal.SIGUSR1, timeout=5)  # soft stop
        for index in list(self._web):
            self._kill(self._web.pop(index), signal.SIGTERM)  # graceful: requests finish
        for index in list(self._worker):
            self._kill(self._worker.pop(index), signal.SIGTERM)  # the running task finishes
        self._kill(self._services.pop("redis", None), signal.SIGTERM)
        self._kill(self._services.pop("postgresql", None), signal.SIGINT)  # fast shutdown


def _parse(argv):
    parser = argparse.ArgumentParser(
        description=(
            "Maillage on several application nodes on this machine: PostgreSQL, Redis, N "
            "nodes (gunicorn + task worker) and HAProxy in front, all under ROOT. Ctrl-C "
            'stops everything. See docs/deployment.md, "Several machines".'
        ),
        epilog=(
            "HAProxy's statistics page is on PORT + 404 (8404); each process logs to "
            "ROOT/logs/. Run it with the project's Python (.venv/bin/python): make cluster."
        ),
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=REPO / "var" / "cluster",
        help="folder of the data, files and logs (default: var/cluster)",
    )
    parser.add_argument("--port", type=int, default=8000, help="the proxy's port (8000)")
    parser.add_argument("--nodes", type=int, default=2, help="application nodes (2)")
    parser.add_argument(
        "--first-node-port",
        type=int,
        default=8001,
        help="port of node1; node2 the next one, … (8001)",
    )
    parser.add_argument("--pg-port", type=int, default=55440, help="PostgreSQL's port (55440)")
    parser.add_argument("--redis-port", type=int, default=6380, help="Redis's port (6380)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per node (2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument("--lease-seconds", type=int, help="TASK_LEASE_SECONDS for the workers")
    parser.add_argument("--demo", action="store_true", help="load the demo data (make cluster)")
    parser.add_argument(
        "--reset",
        action="store_true",
        help="delete ROOT first: database, files, logs and key start afresh",
    )
    return parser.parse_args(argv)


def main(argv=None):
    options = _parse(argv)
    if options.reset and options.root.exists():
        shutil.rmtree(options.root)
    cluster = Cluster(
        options.root,
        port=options.port,
        nodes=options.nodes,
        first_node_port=options.first_node_port,
        pg_port=options.pg_port,
        redis_port=options.redis_port,
        lease_seconds=options.lease_seconds,
        gunicorn_workers=options.workers,
        gunicorn_threads=options.threads,
    )

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    # Ctrl-C and a polite kill alike stop everything in order (a shell that started this in
    # the background may have left SIGINT ignored).
    signal.signal(signal.SIGINT, interrupted)
    signal.signal(signal.SIGTERM, interrupted)
    print(f"Starting PostgreSQL, Redis, {options.nodes} nodes and HAProxy under {cluster.root}…")
    try:
        cluster.start(demo=options.demo)
        if options.demo:
            print(cluster.demo_output.rstrip())
        print()
        print(f"Maillage is served through HAProxy on {cluster.url}/")
        for index in range(options.nodes):
            print(
                f"  {cluster.node_name(index)}: {cluster.node_url(index)}/ (gunicorn) "
                "+ its task worker"
            )
        print(f"  HAProxy's statistics: {cluster.stats_url}")
        print(f"  PostgreSQL 127.0.0.1:{options.pg_port}, Redis 127.0.0.1:{options.redis_port}")
        print(f"  logs: {cluster.logs}/ (a request's id is in the proxy's and the node's)")
        print("Ctrl-C stops everything.", flush=True)
        while True:
            time.sleep(2)
            for index, process in list(cluster._web.items()):
                if process.poll() is not None:
                    name = cluster.node_name(index)
                    print(f"{name}'s gunicorn exited ({process.returncode}).", flush=True)
                    cluster._web.pop(index)
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
