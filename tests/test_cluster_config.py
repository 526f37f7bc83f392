"""The reference deployment's files: HAProxy's configuration and the Containerfile.

`scripts/cluster.py` renders deploy/haproxy.cfg for its nodes; HAProxy itself must accept
the result. The Containerfile must name only files that exist, and run what the nodes run.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import cluster  # noqa: E402

HAPROXY = shutil.which("haproxy") or (
    "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None
)


def render(tmp_path, nodes=2):
    return cluster.render_haproxy_config(
        bind="127.0.0.1:8000",
        host="maillage.example.org",
        stats_bind="127.0.0.1:8404",
        stats_socket=tmp_path / "haproxy.sock",
        servers=[(f"node{i}", f"10.0.0.{10 + i}:8000") for i in range(1, nodes + 1)],
    )


def directives(text):
    """The configuration without its comments, one stripped directive per line."""
    return [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def test_the_rendered_configuration_names_every_node_and_leaves_no_placeholder(tmp_path):
    lines = directives(render(tmp_path, nodes=3))
    assert [line for line in lines if line.startswith("server ")] == [
        "server node1 10.0.0.11:8000",
        "server node2 10.0.0.12:8000",
        "server node3 10.0.0.13:8000",
    ]
    assert not [line for line in lines if re.search(r"@[A-Z_]+@", line)]
    assert "bind 127.0.0.1:8000" in lines
    # The health checks ask /readyz with the site's host (Django refuses any other).
    assert (
        "http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host maillage.example.org" in lines
    )
    assert "http-check expect status 200" in lines
    assert "default-server check inter 1s fall 2 rise 2" in lines
    for directive in (
        "retries 3",
        "retry-on all-retryable-errors",
        "option redispatch 1",
        "option http-buffer-request",
        "option forwardfor",
        "timeout connect 2s",
        "timeout client 30s",
        "timeout server 30s",
    ):
        assert directive in lines
    # Posts are retried like the rest: their client keys make a second delivery harmless.
    assert not [line for line in lines if "disable-l7-retry" in line]
    assert not [line for line in lines if line.startswith(("cookie ", "stick "))]


def test_the_comments_of_the_template_are_kept_and_a_misplaced_servers_placeholder_refused(
    tmp_path,
):
    assert "# HAProxy in front of Maillage's application nodes" in render(tmp_path)
    template = tmp_path / "haproxy.cfg"
    template.write_text("backend nodes\n    balance roundrobin @SERVERS@\n")
    with pytest.raises(ValueError, match="@SERVERS@"):
        cluster.render_haproxy_config(
            bind="x", host="x", stats_bind="x", stats_socket="x", servers=[], template=template
        )


@pytest.mark.skipif(HAPROXY is None, reason="HAProxy is not installed (apt-get install haproxy)")
def test_haproxy_accepts_the_rendered_configuration(tmp_path):
    config = tmp_path / "haproxy.cfg"
    config.write_text(render(tmp_path))
    result = subprocess.run(
        [HAPROXY, "-c", "-f", str(config)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Configuration file is valid" in result.stdout + result.stderr


@pytest.mark.skipif(HAPROXY is None, reason="HAProxy is not installed (apt-get install haproxy)")
def test_haproxy_refuses_a_broken_configuration(tmp_path):
    """The check above proves something: a typo fails it."""
    config = tmp_path / "haproxy.cfg"
    config.write_text(render(tmp_path).replace("balance roundrobin", "balance roundrobbin"))
    result = subprocess.run(
        [HAPROXY, "-c", "-f", str(config)], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0


def containerfile_instructions():
    """(instruction, arguments) of the Containerfile, continuation lines joined."""
    text = (ROOT / "Containerfile").read_text().replace("\\\n", " ")
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            instruction, _, arguments = line.partition(" ")
            pairs.append((instruction.upper(), arguments.strip()))
    return pairs


def test_the_containerfile_copies_files_that_exist():
    copies = [
        arguments.split()[:-1]
        for instruction, arguments in containerfile_instructions()
        if instruction == "COPY"
    ]
    sources = [source for sources in copies for source in sources]
    assert {"pyproject.toml", "maillage", "manage.py", "deploy"} <= set(sources)
    missing = [source for source in sources if not (ROOT / source).exists()]
    assert missing == []


def test_the_containerfile_runs_gunicorn_as_a_user_with_a_health_check():
    instructions = dict(containerfile_instructions())
    assert instructions["ARG"] == "BASE=docker.io/library/python:3.11-slim-bookworm"
    assert instructions["FROM"] == "${BASE}"
    assert instructions["USER"] == "maillage"
    assert "/healthz" in instructions["HEALTHCHECK"]
    command = instructions["CMD"]
    assert command.startswith(
        '["gunicorn", "maillage.wsgi:application", "-c", "deploy/gunicorn.conf.py"'
    )
    runs = " ".join(a for i, a in containerfile_instructions() if i == "RUN")
    # Only the project's own dependencies (no test or bench extras); static files collected.
    assert "pip install --quiet . " in runs
    assert "[test]" not in runs and "[bench]" not in runs
    assert "manage.py collectstatic --noinput" in runs


def test_the_gunicorn_configuration_the_image_and_the_cluster_start_with_exists():
    if not (ROOT / "deploy" / "gunicorn.conf.py").exists():
        pytest.skip("deploy/gunicorn.conf.py comes with the health and metrics part (issue 23)")
    assert cluster.GUNICORN_CONF == ROOT / "deploy" / "gunicorn.conf.py"
