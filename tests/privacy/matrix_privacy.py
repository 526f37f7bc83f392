"""Page matrix entries (tests/test_permissions.py) for personal data: "my data" and
deleting one's account for anyone logged in; a person's export for its owner only; an
export sent to an address for whoever has its key; a collective's page of answers for
its coordinators."""

from datetime import timedelta

from django.utils import timezone

from maillage.privacy.models import DataExport, ExportStatus

from ..permission_helpers import everyone, in_collective, logged_in


def _export(**fields):
    now = timezone.now()
    return DataExport.objects.create(
        status=ExportStatus.READY,
        document={"format": "maillage-personal-data/1", "data": {}},
        ready_at=now,
        expires_at=now + timedelta(days=7),
        **fields,
    )


def own_export(w):
    return [_export(user=w.coordinator).key]


def sent_export(w):
    return [_export(collective=w.collective).key]


def collective(w):
    return [w.collective.slug]


MATRIX = {
    "privacy:my_data": ("get", None, None, logged_in(200)),
    "privacy:delete_account": ("get", None, None, logged_in(200)),
    # Only the coordinator owns it: for everyone else it does not exist.
    "privacy:download": ("get", own_export, None, {**logged_in(404), "coordinator": 200}),
    # Sent to an address without an account: its key is the credential.
    "privacy:download_by_key": ("get", sent_export, None, everyone(200)),
    "privacy:collective": ("get", collective, None, in_collective(200, minimum="coordinator")),
}
PUBLIC_MATRIX = {
    "privacy:collective": (
        "get",
        collective,
        None,
        in_collective(200, outsider=403, minimum="coordinator"),
    ),
}
