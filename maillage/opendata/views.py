"""The open data of a PUBLIC collective, for anyone without an account: its page
(what the files hold, when they were built, the licence), the ZIP and the
data·inclusion file alone. A private collective answers 404, whoever asks, as its
other public pages do. The file is built on demand the first time (services)."""

import zipfile
from io import BytesIO

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from maillage.collectives.access import get_public_collective

from . import datasets, readme, services


def _file(slug):
    collective = get_public_collective(slug)
    return collective, services.current_file(collective)


def _send(request, found, content, *, content_type, filename):
    etag = f'"{found.fingerprint[:32]}-{filename}"'
    response = get_conditional_response(request, etag=etag, last_modified=None)
    if response is None:
        response = HttpResponse(bytes(content), content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, filename)
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=3600"
    return response


@login_not_required
@require_GET
def page(request, slug):
    collective, found = _file(slug)
    return render(
        request,
        "opendata/page.html",
        {
            "collective": collective,
            "file": found,
            "datasets": datasets.DATASETS,
            "datainclusion": datasets.DATAINCLUSION,
            "licence_name": readme.LICENCE_NAME,
            "licence_url": readme.LICENCE_URL,
        },
    )


@login_not_required
@require_GET
def download(request, slug):
    collective, found = _file(slug)
    return _send(
        request,
        found,
        found.content,
        content_type="application/zip",
        filename=f"{collective.slug}-donnees-ouvertes.zip",
    )


@login_not_required
@require_GET
def datainclusion(request, slug):
    collective, found = _file(slug)
    with zipfile.ZipFile(BytesIO(bytes(found.content))) as archive:
        content = archive.read(datasets.DATAINCLUSION)
    return _send(
        request,
        found,
        content,
        content_type="application/json",
        filename=f"{collective.slug}-{datasets.DATAINCLUSION}",
    )
