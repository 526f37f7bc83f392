"""Lighthouse's accessibility and best-practices scores of ten key pages of the demo.

Run from the repository root (`make bench` installs Lighthouse from the npm registry
into var/node and runs this):
    .venv/bin/python bench/bench_lighthouse.py

The real stack of `make demo` (bench/server.py) with the demo data loaded; each page is
opened by Lighthouse in Debian's Chromium (/usr/bin/chromium, headless), as the person
who would use it (a session made for that demo account, passed as a cookie). The live
wall is audited with Lighthouse's phone settings, the other pages on a desktop screen.
Printed: each page's two scores beside the target (95), the baseline column being the
design system's guide page measured in the same run; the exit status is 1 when a score
is under the target.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from server import ROOT, Site

LIGHTHOUSE = ROOT / "var" / "node" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
TARGET = 95
CATEGORIES = ("accessibility", "best-practices")

PAGES = Path(__file__).with_name("lighthouse_pages.py")


def audit(site, url, cookie, phone, folder):
    report = Path(folder, "report.json")
    command = [
        str(LIGHTHOUSE),
        f"http://127.0.0.1:{site.port}{url}",
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        "--locale=fr",
    ]
    if not phone:
        command.append("--preset=desktop")
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": f"sessionid={cookie}"}))
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    result = json.loads(report.read_text())
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    failing = [
        f"{audit['id']} ({audit.get('score')})"
        for audit in result["audits"].values()
        if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0
    ]
    return scores, failing


def main():
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: `make bench` installs it into var/node.")
    with Site() as site:
        try:
            pages = json.loads(site.manage(f"exec(open({str(PAGES)!r}).read())"))
        except subprocess.CalledProcessError as error:
            sys.exit(f"Loading the demo failed:\n{error.stderr}")
        rows, low = [], []
        with site.serve(), tempfile.TemporaryDirectory() as folder:
            for name, url, cookie, phone in pages:
                scores, failing = audit(site, url, cookie, phone, folder)
                rows.append((name, scores, failing))
                if name != "guide (baseline)" and min(scores.values()) < TARGET:
                    low.append(name)
        baseline = rows[0][1]
        print(f"Lighthouse {', '.join(CATEGORIES)} (target ≥ {TARGET}; ratio to the baseline page)")
        print(f"{'page':<18} {'accessibility':>18} {'best practices':>18}  failed audits")
        for name, scores, failing in rows:
            cells = [f"{scores[c]:>3} ({scores[c] / (baseline[c] or 1):.2f}×)" for c in CATEGORIES]
            print(f"{name:<18} {cells[0]:>18} {cells[1]:>18}  {', '.join(failing) or '-'}")
        if low:
            print(f"Under {TARGET}: {', '.join(low)}")
            sys.exit(1)


if __name__ == "__main__":
    main()
