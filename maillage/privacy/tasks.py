from django_tasks import task


@task()
def build_export_task(*, export_id: int, email: str = "", language: str = "") -> bool:
    """Build a personal data export and e-mail its link (privacy.services.build_export).
    A failure marks the export failed, so that its owner may ask again."""
    from . import services

    try:
        return (
            services.build_export(export_id=export_id, email=email, language=language) is not None
        )
    except Exception:
        services.export_failed(export_id=export_id)
        raise
