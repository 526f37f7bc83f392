"""The OpenAPI schema: served, committed as docs/api/openapi.yaml, the same as the code
(`make api-schema` writes it again after a change), and valid."""

from pathlib import Path

import yaml
from django.core.management import call_command
from django.urls import reverse
from drf_spectacular.validation import validate_schema

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"


def test_the_committed_schema_is_the_codes(tmp_path):
    # Written the way `make api-schema` writes it (the same command, in English).
    written = tmp_path / "openapi.yaml"
    call_command(
        "spectacular", "--lang", "en", "--validate", "--fail-on-warn", "--file", str(written)
    )
    committed = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    # Compared as data, so that only content counts.
    assert committed == yaml.safe_load(written.read_text(encoding="utf-8")), (
        "docs/api/openapi.yaml differs from the code: run `make api-schema` and commit it."
    )


def test_the_committed_schema_is_valid_openapi_3():
    committed = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    validate_schema(committed)
    assert committed["openapi"].startswith("3.")
    assert committed["components"]["securitySchemes"]["token"]["scheme"] == "bearer"


def test_the_schema_is_served_to_anyone(client, db):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Maillage API"
    assert "/api/v1/collectives/" in response.json()["paths"]
