"""Generated documents (PDF, Word, OpenDocument, CSV) served as downloads, each made
once and kept until what it says changes.

A document is identified by a *fingerprint*: everything it depends on, read cheaply
(the rows it shows, or counts, greatest ids, versions and latest change times of
them), with what the reader may see (a facilitator's report says more than a
visitor's). The cache key is a digest of the fingerprint, the kind of document, the
language and the code that writes documents; the same digest is the response's
ETag. So two readers share a document only when it would be the same bytes for both,
and a change to the content gives a new key (the old entry expires).

The bytes are kept in the ``documents`` cache (settings.CACHES: files under
VAR_DIR/cache/documents, shared by every process of the server; see
docs/deployment.md).
"""

import hashlib
from functools import cache
from pathlib import Path

from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import content_disposition_header
from django.utils.translation import get_language

CACHE = "documents"
_SOURCE = Path(__file__).resolve().parent.parent  # the maillage package


@cache
def _code_stamp():
    """Changes when Maillage's code changes (an upgrade), so that documents written
    by the old code are not served by the new one. Read once per process."""
    return code_digest(_SOURCE)


def code_digest(folder):
    """A digest of the Python files under ``folder`` (but migrations), from their names
    and content (30 ms), never their dates: every node running the same code has the
    same stamp, so that a document one node built and kept in the shared cache (Redis)
    serves the others, and its ETag is the same whichever node answers."""
    digest = hashlib.sha256()
    for path in sorted(Path(folder).rglob("*.py")):
        if "migrations" not in path.parts:
            digest.update(f"{path.relative_to(folder).as_posix()};".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def document_key(kind, fingerprint):
    """The digest naming a document: its kind, the current language, the code's stamp
    and the fingerprint (a structure of plain values: its repr() is the identity)."""
    identity = repr((kind, get_language(), _code_stamp(), fingerprint))
    return hashlib.sha256(identity.encode()).hexdigest()


def cached_document(key, build):
    """The document's bytes: from the cache, or ``build()`` (bytes or text, written
    as UTF-8) kept there."""
    store = caches[CACHE]
    content = store.get(key)
    if content is None:
        content = build()
        if isinstance(content, str):
            content = content.encode("utf-8")
        store.set(key, content)
    return content


def download(request, *, kind, fingerprint, build, filename, content_type, public=False):
    """The response for a document: ``build()`` only when no process has kept it
    already, "304 Not Modified" when the browser has it (ETag).

    ``public``: what anyone may read (an anonymous visitor's document); others are
    ``private`` (no shared cache may keep them). Either way a browser asks again each
    time (no-cache) and gets 304 while nothing changed."""
    key = document_key(kind, fingerprint)
    etag = f'"{key}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(
            cached_document(key, build),
            content_type=content_type,
            headers={"Content-Disposition": content_disposition_header(True, filename)},
        )
    response["ETag"] = etag
    response["Cache-Control"] = "public, no-cache" if public else "private, no-cache"
    # The same address gives another document to a reader who may see more, or in
    # another language.
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return response
