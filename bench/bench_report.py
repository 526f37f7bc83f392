"""Benchmark of a consultation's report PDF asked for again and again by anonymous
visitors, with the documents cache (core.downloads) and without it.

Run from the repository root:
    .venv/bin/python bench/bench_report.py [--rate 20] [--seconds 10]

The real stack of `make demo` (bench/server.py: gunicorn, 2 workers × 4 threads, the
embedded SQLite database in a temporary folder) loaded with the demo (`load_demo`).
The report PDF of its public workshop ("Pourquoi sommes-nous là ?") is asked for by
anonymous visitors, ``--rate`` a second for ``--seconds`` (an open loop, as the
outside review did with 447 requests in 20 s: a pool of 16 client threads fires each
request at its time, whether or not the server kept up), while one more visitor
reads the home page over and over. Twice, side by side:

- without the cache (DOCUMENTS_CACHE_SECONDS=0: every request draws the PDF again, as
  before the cache);
- with it (the first request draws it, the others read it).

Printed: the PDF's p50/p99 in each run and their ratio, how long each run took to
answer every request, and the home page's p50 during each run against the home page
alone (how much the PDFs slow every other page down). Target: with the cache, the home
page under the rush within 2× of the home page alone.
"""

import argparse
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from server import Client, Site, quantile

TARGET_SLOWDOWN = 2.0
HOME_ALONE = 60
CLIENT_THREADS = 16

FIND = """
import json
from maillage.consultations.models import Consultation
c = Consultation.objects.select_related("collective").get(
    collective__visibility="public", title__startswith="Pourquoi"
)
print(json.dumps({"slug": c.collective.slug, "pk": c.pk}))
"""


def home_alone(port):
    client = Client(port)
    times = []
    try:
        for _ in range(HOME_ALONE):
            began = time.perf_counter()
            status, _content = client.request("GET", "/")
            times.append(time.perf_counter() - began)
            if status != 200:
                raise RuntimeError(f"home page: HTTP {status}")
    finally:
        client.close()
    return times


def rush(port, pdf_path, rate, seconds):
    """``rate`` × ``seconds`` PDFs, each by a fresh anonymous visitor at its time,
    and the home page read in a loop meanwhile."""
    count = int(rate * seconds)
    pdf_times, home_times, errors = [], [], []
    lock = threading.Lock()
    done = threading.Event()

    def one_pdf(at, start):
        delay = start + at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        client = Client(port)
        began = time.perf_counter()
        try:
            status, content = client.request("GET", pdf_path)
        except OSError as exc:
            status, content = type(exc).__name__, b""
        finally:
            client.close()
        with lock:
            pdf_times.append(time.perf_counter() - began)
            if status != 200 or not content.startswith(b"%PDF"):
                errors.append(("pdf", status))

    def reader():
        client = Client(port)
        try:
            while not done.is_set():
                began = time.perf_counter()
                status, _content = client.request("GET", "/")
                with lock:
                    home_times.append(time.perf_counter() - began)
                    if status != 200:
                        errors.append(("home", status))
        finally:
            client.close()

    watcher = threading.Thread(target=reader)
    start = time.monotonic() + 0.2
    watcher.start()
    try:
        with ThreadPoolExecutor(max_workers=CLIENT_THREADS) as pool:
            futures = [pool.submit(one_pdf, n / rate, start) for n in range(count)]
            for future in futures:
                future.result()
    finally:
        done.set()
        watcher.join()
    return pdf_times, home_times, errors, time.monotonic() - start


def ms(seconds):
    return f"{seconds * 1000:7.1f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=20, help="PDF requests a second")
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()

    with Site() as site:
        print("Loading the demo…", flush=True)
        site.manage("from django.core.management import call_command; call_command('load_demo')")
        found = json.loads(site.manage(FIND))
        pdf_path = f"/collectifs/{found['slug']}/consultations/{found['pk']}/rapport.pdf"
        results = {}
        for label, seconds in (("without the cache", "0"), ("with the cache", "604800")):
            site.env["DOCUMENTS_CACHE_SECONDS"] = seconds
            with site.serve():
                home_alone(site.port)  # both workers' imports and connections: not measured
                alone = home_alone(site.port)
                pdfs, homes, errors, elapsed = rush(site.port, pdf_path, args.rate, args.seconds)
            if errors:
                print(f"{label}: {len(errors)} errors, first {errors[:3]}")
                return 1
            results[label] = (alone, pdfs, homes, elapsed)

    print(
        f"\nReport PDF of the demo's public workshop, {args.rate:g} anonymous requests a second "
        f"for {args.seconds:g} s, the home page read meanwhile:"
    )
    columns = ("PDF p50", "PDF p99", "all done", "home p50", "slowdown")
    print(f"{'':20} " + " ".join(f"{name:>10}" for name in columns))
    for label, (alone, pdfs, homes, elapsed) in results.items():
        slowdown = quantile(homes, 0.5) / quantile(alone, 0.5)
        print(
            f"{label:20} {ms(quantile(pdfs, 0.5)):>10} {ms(quantile(pdfs, 0.99)):>10} "
            f"{elapsed:8.1f} s {ms(quantile(homes, 0.5)):>10} {slowdown:9.1f}×"
        )
    before, after = results["without the cache"], results["with the cache"]
    print(
        f"With the cache: PDF p50 {quantile(before[1], 0.5) / quantile(after[1], 0.5):.0f}× "
        f"faster; the home page under the rush {quantile(after[2], 0.5) * 1000:.1f} ms "
        f"against {quantile(after[0], 0.5) * 1000:.1f} ms alone "
        f"(slowdown {quantile(after[2], 0.5) / quantile(after[0], 0.5):.1f}×; without the cache "
        f"{quantile(before[2], 0.5) / quantile(before[0], 0.5):.1f}×)."
    )
    slowdown = quantile(after[2], 0.5) / quantile(after[0], 0.5)
    verdict = "met" if slowdown <= TARGET_SLOWDOWN else "MISSED"
    print(f"Target: home page within {TARGET_SLOWDOWN:.0f}× of alone, with the cache: {verdict}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
