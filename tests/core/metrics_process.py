"""Run by tests/core/test_metrics.py in a process of its own, as a gunicorn worker is:
``python tests/core/metrics_process.py DATABASE_NAME requests|scrape``.

With PROMETHEUS_MULTIPROC_DIR in the environment, ``requests`` asks /healthz three times
then exits; ``scrape`` prints /metrics, which must add up what the other processes wrote.
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402

# The test's database (its name is made from the pytest process' id).
connections["default"].settings_dict["NAME"] = sys.argv[1]
client = Client()
if sys.argv[2] == "requests":
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
else:
    response = client.get("/metrics")
    assert response.status_code == 200, response.status_code
    sys.stdout.write(response.content.decode())
