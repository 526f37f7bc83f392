"""ReportLab, which writes every PDF (a consultation's report, minutes), is not
thread-safe: the TrueType fonts registered once per process are read through one
shared file position while a document's font subsets are written, so two PDFs
finished at the same time in two threads of a gunicorn worker can read each other's
glyphs and fail (KeyError in ``makeSubset``). ``one_at_a_time`` makes each process
draw one PDF at a time; the documents cache (core.downloads) keeps that rare.
"""

import functools
import threading

_DRAWING = threading.Lock()


def one_at_a_time(function):
    """Decorate a function that draws a PDF with ReportLab."""

    @functools.wraps(function)
    def drawing_alone(*args, **kwargs):
        with _DRAWING:
            return function(*args, **kwargs)

    return drawing_alone
