"""Helpers of the CAFE part's tests: a PDF, an upload, a registration through the
service, on top of tests/employment/setting.py."""

from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.employment import services_cafe as services

from .setting import build_cafe  # noqa: F401 - re-exported for the tests

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(content=PDF, name="mon-cv.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def register(made, number=1, **more):
    """Register a new seeker for the café of ``made`` (a CafeWorld) through the service."""
    values = {
        "cafe": made.cafe,
        "name": f"Inscrite {number}",
        "email": f"inscrite{number}@example.org",
        "wishes_text": "Logistique, vente",
        "availability": "Tout de suite",
        "mobility": "public_transport",
        "referrer": "mission_locale",
        "wishes": {made.recruiters[0]: 3},
        "consent": True,
    } | more
    return services.register_seeker(**values)
