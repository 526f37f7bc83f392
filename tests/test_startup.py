"""The server's start-up (maillage/wsgi.py): URL configuration loaded and start-up's
objects frozen out of the garbage collector's full passes (core/startup.py)."""

import os
import subprocess
import sys

CHECK = """
import gc, sys
before = gc.get_freeze_count()
import maillage.wsgi
print(before, gc.get_freeze_count(), "maillage.orientation.views_questionnaire" in sys.modules)
"""


def test_the_wsgi_module_settles_the_process_before_its_first_request():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "maillage.settings.test"}
    out = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, env=env, check=True
    ).stdout.split()
    before, after, views_loaded = int(out[0]), int(out[1]), out[2]
    assert before == 0
    # Django and every view module are in the permanent generation, not walked again.
    assert after > 50_000
    assert views_loaded == "True"
