"""For the tests of each app's ``privacy.py``: where an app's rows still hold a text
(every text, e-mail, file and JSON column of every model of the app, read row by row)."""

from django.apps import apps
from django.db import models

from maillage.core import personal

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField)


def holding(app_label, *values):
    """``["Model.field#pk", ...]``: the places of ``app_label`` whose text holds one of
    ``values`` (case-insensitive)."""
    needles = [value.casefold() for value in values if value]
    found = []
    for model in apps.get_app_config(app_label).get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        for row in model._default_manager.all():
            for field in fields:
                text = str(field.value_from_object(row) or "").casefold()
                if any(needle in text for needle in needles):
                    found.append(f"{model.__name__}.{field.name}#{row.pk}")
    return found


def exported(app_label, person):
    return personal.EXPORTERS[app_label](person)


def erased(app_label, person):
    return personal.ERASERS[app_label](person)
