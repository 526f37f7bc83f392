"""PDFs are drawn one at a time in a process, whatever the number of threads asking
(gunicorn's): ReportLab is not thread-safe (core/pdf.py). Before, a rush of
anonymous requests for a report's PDF failed now and then with a KeyError in
ReportLab's font subsetting (HTTP 500, seen in bench/bench_report.py)."""

import threading
import time

import pytest
from django.db import connection
from django.utils import translation
from reportlab.platypus import SimpleDocTemplate

from maillage.consultations import documents
from maillage.meetings import documents as minutes_documents
from maillage.meetings.minutes import build_content

from ..meetings.setting import build_meeting
from .test_report import finished  # noqa: F401 - the finished workshop fixture


@pytest.mark.django_db(transaction=True)  # the threads read the report's rows
def test_reports_and_minutes_are_drawn_one_at_a_time(world, finished, monkeypatch):  # noqa: F811
    with translation.override("fr"):
        report = documents.report_content(finished.consultation, full=True, show_people=True)
    minutes = build_content(build_meeting(world).meeting)
    drawing, most, errors, pdfs = [0], [0], [], []
    lock = threading.Lock()
    build = SimpleDocTemplate.build

    def watched_build(self, *args, **kwargs):
        with lock:
            drawing[0] += 1
            most[0] = max(most[0], drawing[0])
        try:
            time.sleep(0.05)  # long enough for the other threads to start theirs
            return build(self, *args, **kwargs)
        finally:
            with lock:
                drawing[0] -= 1

    monkeypatch.setattr(SimpleDocTemplate, "build", watched_build)

    def draw(make, content):
        try:
            with translation.override("fr"):
                pdfs.append(make(content))
        except Exception as exc:  # any failure is the finding
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=draw, args=(documents.report_pdf, report)) for _ in range(3)
    ] + [
        threading.Thread(target=draw, args=(minutes_documents.minutes_pdf, minutes))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(pdfs) == 6 and all(pdf.startswith(b"%PDF") for pdf in pdfs)
    assert most[0] == 1, f"{most[0]} PDFs were drawn at once"
