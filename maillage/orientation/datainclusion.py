"""The catalogue in the data·inclusion schema (v1), both ways, with the Swiss extension.

- ``export_catalogue(collective, today)``: the collective's structures and offers as
  data·inclusion records ``{"structures": [...], "services": [...]}``, each validated
  with data·inclusion's pydantic models (``data_inclusion.schema.v1``) and the extension
  with its JSON Schema (``schema/datainclusion-ch.schema.json``).
- ``read(text)``: a data·inclusion file read into plain field dicts for the catalogue's
  models, or the list of its problems, each with its record's number and line, in the
  reader's language. The import service (``services_catalogue.import_catalogue``)
  writes them, all or nothing.

Swiss structures cannot put their values in data·inclusion's French-only fields (a
SIRET, a 5-digit ``code_postal``, an INSEE ``code_insee``): those stay empty and the
values go in ``extensions.ch`` (``uid``, ``code_postal`` of 4 digits,
``code_commune_ofs``). What data·inclusion has no field for (the offer's kind, its
criteria, places, documents to bring, publication) goes in ``extensions.maillage``, so
that an export imported elsewhere gives the same catalogue. docs/orientation.md has the
mapping table.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from maillage.eligibility import EligibilityInputError, Rule
from maillage.eligibility.facts import describe

from .models import Access, Cost, Country, Need, OfferKind, Public

SOURCE = "maillage"
SCHEMA_PATH = Path(__file__).with_name("schema") / "datainclusion-ch.schema.json"

KIND_TO_TYPE = {
    OfferKind.TRAINING: "formation",
    OfferKind.COACHING: "accompagnement",
    OfferKind.JOB: "accompagnement",
    OfferKind.FINANCIAL_AID: "aide-financiere",
    OfferKind.INFORMATION: "information",
}
TYPE_TO_KIND = {
    "formation": OfferKind.TRAINING,
    "accompagnement": OfferKind.COACHING,
    "atelier": OfferKind.COACHING,
    "aide-financiere": OfferKind.FINANCIAL_AID,
    "aide-materielle": OfferKind.FINANCIAL_AID,
    "information": OfferKind.INFORMATION,
}


# ------------------------------------------------------------------ the schemas


@cache
def extension_schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator(definition):
    from jsonschema import Draft202012Validator

    schema = extension_schema()
    return Draft202012Validator(
        {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    )


@cache
def _thematiques():
    from data_inclusion.schema.v1 import Thematique

    return [item.value for item in Thematique]


def _models():
    from data_inclusion.schema.v1 import Service, Structure

    return Structure, Service


# -------------------------------------------------------------------- problems

_PYDANTIC = {
    "missing": lambda: _("is missing"),
    "string_too_short": lambda: _("is too short"),
    "string_too_long": lambda: _("is too long"),
    "string_pattern_mismatch": lambda: _("does not have the expected form"),
    "enum": lambda: _("is not one of data·inclusion's values"),
    "too_short": lambda: _("is empty"),
    "date_from_datetime_parsing": lambda: _("is not a date (YYYY-MM-DD)"),
    "date_parsing": lambda: _("is not a date (YYYY-MM-DD)"),
    "date_type": lambda: _("is not a date (YYYY-MM-DD)"),
    "string_type": lambda: _("is not a text"),
    "int_parsing": lambda: _("is not a whole number"),
    "float_parsing": lambda: _("is not a number"),
    "url_parsing": lambda: _("is not a web address"),
    "url_scheme": lambda: _("is not a web address"),
}
_JSONSCHEMA = {
    "required": lambda: _("is missing"),
    "pattern": lambda: _("does not have the expected form"),
    "type": lambda: _("has the wrong type"),
    "enum": lambda: _("is not one of the allowed values"),
    "additionalProperties": lambda: _("has a field the extension does not know"),
    "minimum": lambda: _("is too small"),
    "maxLength": lambda: _("is too long"),
    "minLength": lambda: _("is too short"),
}


def _field_problem(where, problem):
    return _("“%(field)s” %(problem)s") % {"field": where, "problem": problem}


def model_problems(model, record):
    """data·inclusion's verdict on ``record``, in the reader's language."""
    from pydantic import ValidationError

    try:
        model.model_validate(record)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            where = ".".join(str(part) for part in item["loc"]) or "record"
            words = _PYDANTIC.get(item["type"])
            if words is not None:
                problem = words()
            else:
                detail = str(item.get("ctx", {}).get("error") or item["msg"])
                problem = _("is not valid (%(detail)s)") % {"detail": detail}
            problems.append(_field_problem(where, problem))
        return problems
    return []


def extension_problems(definition, record):
    """The Swiss extension's JSON Schema verdict on ``record``."""
    problems = []
    for error in sorted(_validator(definition).iter_errors(record), key=lambda e: list(e.path)):
        where = ".".join(str(part) for part in error.path)
        if error.validator == "required":
            missing = re.findall(r"'([^']+)' is a required property", error.message)
            where = ".".join(filter(None, [where, *missing]))
        words = _JSONSCHEMA.get(error.validator)
        problem = words() if words else _("does not follow the Swiss extension")
        problems.append(_field_problem(where or "record", problem))
    return problems


# ---------------------------------------------------------------------- export


def local_id(obj, collective):
    """The id of an object never imported: this site's, unique in the collective."""
    kind = "s" if hasattr(obj, "organisation_id") else "o"
    return f"{SOURCE}--{collective.slug}--{kind}{obj.pk}"


def _source(record_id):
    return record_id.split("--", 1)[0] if "--" in record_id else SOURCE


def _date_maj(*days, today):
    # Never after the day data·inclusion's models take for today (the server's), which
    # may be a day behind the collective's near midnight.
    today = min(today, date.today())
    for day in days:
        if day:
            return min(max(day, date(2000, 1, 1)), today).isoformat()
    return today.isoformat()


def _name(value, keep):
    """A name data·inclusion accepts (3 to 150 characters, no final dot); the exact one
    goes in the extension when it differs."""
    fitted = value[:150].rstrip(".") if not value.endswith("etc.") else value[:150]
    if len(fitted) < 3:
        fitted = (fitted + " ···").strip()
    if fitted != value:
        keep["nom"] = value
    return fitted


def _none(value):
    return value if value not in ("", None) else None


def structure_record(structure, today):
    swiss = structure.country == Country.SWITZERLAND
    keep = {"date_verification": _iso(structure.last_checked_on)}
    description = structure.description.strip()
    if description != structure.description or (description and len(description) < 5):
        keep["description"] = structure.description
    record = {
        "source": _source(structure.source_id or SOURCE),
        "id": structure.source_id or local_id(structure, structure.collective),
        "nom": _name(structure.name, keep),
        "date_maj": _date_maj(structure.last_checked_on, structure.created_at.date(), today=today),
        "description": description if len(description) >= 5 else None,
        "siret": None if swiss else _none(structure.siret),
        "commune": _none(structure.commune),
        "code_postal": None if swiss else _none(structure.postcode),
        "code_insee": None if swiss else _none(structure.commune_code),
        "adresse": _none(structure.address),
        "telephone": _none(structure.phone),
        "courriel": _none(structure.email),
        "site_web": _none(structure.website),
    }
    extensions = {"maillage": keep}
    if swiss:
        extensions["ch"] = {
            "uid": _none(structure.uid),
            "code_postal": _none(structure.postcode),
            "code_commune_ofs": _none(structure.commune_code),
        }
    record["extensions"] = extensions
    return record


def _iso(day):
    return day.isoformat() if day else None


def _conditions_text(criteria):
    lines = []
    for criterion in criteria or []:
        label = criterion.get("label") or {}
        words = label.get("fr") if isinstance(label, dict) else label
        lines.append(words or describe(criterion["when"], "fr"))
    return "\n".join(lines) or None


def service_record(offer, structure_id, today):
    structure = offer.structure
    swiss = structure.country == Country.SWITZERLAND
    keep = {
        "type_offre": offer.kind,
        "besoins": list(offer.needs or []),
        "publics": list(offer.publics or []),
        "criteres": list(offer.criteria or []),
        "places": offer.places,
        "acces": offer.access,
        "justificatifs": offer.documents,
        "resume": offer.summary,
        "reference": offer.reference,
        "reference_url": offer.reference_url,
        "accessibilite": offer.accessibility,
        "publiee": offer.published,
        "date_verification": _iso(offer.last_checked_on),
    }
    description = offer.description.strip()
    if len(description) < 5 or description != offer.description:
        keep["description"] = offer.description
        description = (description or offer.summary or offer.name).strip()
        if len(description) < 5:
            description = f"{description} — {structure.name}"
    publics = [value for value in offer.publics or [] if value in Public.values]
    if Public.EVERYONE in publics:
        publics = [Public.EVERYONE.value]
    thematiques = [
        value for value in _thematiques() if value.split("--", 1)[0] in set(offer.needs or [])
    ]
    modes = (["en-presentiel"] if (offer.address or structure.address) else []) + (
        ["a-distance"] if offer.remote else []
    )
    record = {
        "source": _source(offer.source_id or SOURCE),
        "structure_id": structure_id,
        "id": offer.source_id or local_id(offer, structure.collective),
        "nom": _name(offer.name, keep),
        "description": description,
        "date_maj": _date_maj(offer.last_checked_on, offer.updated_at.date(), today=today),
        "type": KIND_TO_TYPE.get(offer.kind),
        "thematiques": thematiques or None,
        "frais": "gratuit" if offer.cost == Cost.FREE else "payant",
        "frais_precisions": _none(offer.cost_details),
        "publics": publics or None,
        "conditions_acces": _conditions_text(offer.criteria),
        "commune": _none(offer.commune),
        "code_postal": None if swiss else _none(offer.postcode),
        "code_insee": None if swiss else _none(offer.commune_code),
        "adresse": _none(offer.address),
        "telephone": _none(offer.phone),
        "courriel": _none(offer.email),
        "contact_nom_prenom": _none(offer.contact_name),
        "modes_accueil": modes or None,
        "mobilisable_par": ["usagers", "professionnels"]
        if offer.access == Access.DIRECT
        else ["professionnels"],
        "mobilisation_precisions": _none(offer.how_to_apply),
        "horaires_accueil": _none(offer.hours),
    }
    extensions = {"maillage": keep}
    if swiss:
        extensions["ch"] = {
            "code_postal": _none(offer.postcode),
            "code_commune_ofs": _none(offer.commune_code),
        }
    record["extensions"] = extensions
    return record


class ExportError(ValueError):
    """A record this site wrote that data·inclusion or the extension refuses."""


def export_catalogue(structures, today):
    """``structures`` (with their offers prefetched as ``offers``) as a data·inclusion
    document; every record checked against data·inclusion's models and the extension."""
    model_structure, model_service = _models()
    document = {"structures": [], "services": []}
    for structure in structures:
        record = structure_record(structure, today)
        _validated(model_structure, "structure_record", record)
        document["structures"].append(record)
        for offer in structure.offers.all():
            offer.structure = structure
            service = service_record(offer, record["id"], today)
            _validated(model_service, "service_record", service)
            document["services"].append(service)
    return document


def _validated(model, definition, record):
    problems = model_problems(model, record) + extension_problems(definition, record)
    if problems:
        raise ExportError(f"{record['id']}: {'; '.join(problems)}")


# ---------------------------------------------------------------------- import


@dataclass
class Parsed:
    """What a data·inclusion file says, as field dicts for the catalogue's models."""

    structures: list = field(default_factory=list)  # (source_id, fields)
    services: list = field(default_factory=list)  # (structure source_id, source_id, fields)
    problems: list = field(default_factory=list)


def record_lines(text):
    """The line where each record of the top-level lists starts, by list name: the JSON
    read character by character, strings skipped."""
    lines = {}
    stack, key, last_string, line = [], None, None, 1
    i, length = 0, len(text)
    while i < length:
        char = text[i]
        if char == "\n":
            line += 1
        elif char == '"':
            j = i + 1
            while j < length and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            last_string = text[i + 1 : j]
            line += text.count("\n", i, j)
            i = j
        elif char == ":" and len(stack) == 1:
            key = last_string
        elif char in "[{":
            if char == "{" and stack == ["{", "["]:
                lines.setdefault(key, []).append(line)
            stack.append(char)
        elif char in "]}" and stack:
            stack.pop()
        i += 1
    return lines


def _record_problem(kind, number, line, problem):
    if kind == "structures":
        words = _("Structure %(number)s (line %(line)s): %(problem)s")
    else:
        words = _("Service %(number)s (line %(line)s): %(problem)s")
    return words % {"number": number, "line": line, "problem": problem}


def read(text):
    """A data·inclusion file (an object with ``structures`` and ``services`` lists, as
    data·inclusion's API or dora give them) read for the catalogue."""
    parsed = Parsed()
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        parsed.problems.append(
            _("This file is not JSON (line %(line)s, column %(column)s).")
            % {"line": error.lineno, "column": error.colno}
        )
        return parsed
    if not isinstance(document, dict) or not isinstance(document.get("structures", []), list):
        parsed.problems.append(
            _("The file must be an object with a list “structures” and a list “services”.")
        )
        return parsed
    if not isinstance(document.get("services", []), list):
        parsed.problems.append(
            _("The file must be an object with a list “structures” and a list “services”.")
        )
        return parsed
    lines = record_lines(text)
    model_structure, model_service = _models()
    known = set()
    for number, record in enumerate(document.get("structures", []), start=1):
        line = _nth(lines.get("structures"), number)
        problems = _problems(model_structure, "structure_record", record)
        if not problems:
            source_id, fields, problems = _structure_fields(record)
        if problems:
            parsed.problems += [_record_problem("structures", number, line, p) for p in problems]
            continue
        if source_id in known:
            parsed.problems.append(
                _record_problem("structures", number, line, _("this id appears twice"))
            )
            continue
        known.add(source_id)
        parsed.structures.append((source_id, fields))
    countries = {source_id: fields["country"] for source_id, fields in parsed.structures}
    seen = set()
    for number, record in enumerate(document.get("services", []), start=1):
        line = _nth(lines.get("services"), number)
        problems = _problems(model_service, "service_record", record)
        if not problems:
            country = countries.get(record["structure_id"])
            problems = _service_problems(record, country)
        if problems:
            parsed.problems += [_record_problem("services", number, line, p) for p in problems]
            continue
        key = (record["structure_id"], record["id"])
        if key in seen:
            parsed.problems.append(
                _record_problem("services", number, line, _("this id appears twice"))
            )
            continue
        seen.add(key)
        parsed.services.append((record["structure_id"], record["id"], _service_fields(record)))
    return parsed


def _nth(lines, number):
    return lines[number - 1] if lines and len(lines) >= number else "?"


def _problems(model, definition, record):
    if not isinstance(record, dict):
        return [_("a record must be an object")]
    problems = model_problems(model, record) + extension_problems(definition, record)
    if not problems:
        day = ((record.get("extensions") or {}).get("maillage") or {}).get("date_verification")
        try:
            _day(day)
        except ValueError:
            where = "extensions.maillage.date_verification"
            problems.append(_field_problem(where, _("is not a date (YYYY-MM-DD)")))
    return problems


def _text(value, limit):
    return (value or "").strip()[:limit]


def _structure_fields(record):
    from .services_catalogue import format_uid, structure_problems

    extensions = record.get("extensions") or {}
    keep, swiss = extensions.get("maillage") or {}, extensions.get("ch")
    place = _place(record, swiss)
    fields = {
        "name": _text(keep.get("nom") or record["nom"], 200),
        "country": Country.SWITZERLAND if swiss is not None else Country.FRANCE,
        "description": keep["description"]
        if "description" in keep
        else (record.get("description") or ""),
        "siret": record.get("siret") or "",
        "uid": format_uid(swiss.get("uid")) if swiss and swiss.get("uid") else "",
        "address": _text(record.get("adresse"), 300),
        "postcode": place.get("code_postal") or "",
        "commune": _text(record.get("commune"), 120),
        "commune_code": place.get("code_commune_ofs") or "",
        "phone": _text(record.get("telephone"), 40),
        "email": record.get("courriel") or "",
        "website": record.get("site_web") or "",
        "last_checked_on": _day(keep.get("date_verification")),
    }
    problems = [
        _field_problem(name, message) for name, message in structure_problems(fields).items()
    ]
    if len(fields["website"]) > 200:
        problems.append(_field_problem("site_web", _("is too long")))
    return record["id"], fields, problems


def _place(record, swiss):
    """The postcode and commune number: the Swiss extension's, else data·inclusion's."""
    if swiss is not None:
        return swiss
    return {"code_postal": record.get("code_postal"), "code_commune_ofs": record.get("code_insee")}


def _day(value):
    return date.fromisoformat(value) if value else None


def _service_problems(record, country):
    from .services_catalogue import place_problems

    if country is None:
        return [_("its structure “%(id)s” is not in the file") % {"id": record["structure_id"]}]
    problems = []
    extensions = record.get("extensions") or {}
    swiss = extensions.get("ch")
    if (swiss is not None) != (country == Country.SWITZERLAND):
        problems.append(_("its country is not its structure's"))
    fields = _service_fields(record)
    for name, message in place_problems(
        country, fields["postcode"], fields["commune_code"]
    ).items():
        problems.append(_field_problem(name, message))
    try:
        Rule.from_dict({"id": record["id"], "criteria": fields["criteria"]})
    except EligibilityInputError as error:
        problems.append(_("its criteria cannot be read: %(reason)s") % {"reason": error})
    return problems


def _service_fields(record):
    extensions = record.get("extensions") or {}
    keep, swiss = extensions.get("maillage") or {}, extensions.get("ch")
    needs = keep.get("besoins")
    if needs is None:
        categories = {value.split("--", 1)[0] for value in record.get("thematiques") or []}
        needs = [value for value in Need.values if value in categories]
    publics = keep.get("publics")
    if publics is None:
        publics = [value for value in Public.values if value in (record.get("publics") or [])]
    kind = keep.get("type_offre") or TYPE_TO_KIND.get(record.get("type"), OfferKind.INFORMATION)
    if "acces" in keep:
        access = keep["acces"]
    else:
        access = (
            Access.DIRECT
            if "usagers" in (record.get("mobilisable_par") or ["usagers"])
            else Access.PARTNER
        )
    place = _place(record, swiss)
    return {
        "name": _text(keep.get("nom") or record["nom"], 200),
        "summary": _text(keep.get("resume"), 280),
        "description": keep["description"] if "description" in keep else record["description"],
        "kind": kind,
        "needs": needs,
        "publics": publics,
        "criteria": keep.get("criteres") or [],
        "reference": _text(keep.get("reference"), 300),
        "reference_url": keep.get("reference_url") or "",
        "places": keep.get("places"),
        "access": access,
        "how_to_apply": record.get("mobilisation_precisions") or "",
        "documents": keep.get("justificatifs") or "",
        "contact_name": _text(record.get("contact_nom_prenom"), 200),
        "phone": _text(record.get("telephone"), 40),
        "email": record.get("courriel") or "",
        "hours": _text(record.get("horaires_accueil"), 300),
        "address": _text(record.get("adresse"), 300),
        "postcode": place.get("code_postal") or "",
        "commune": _text(record.get("commune"), 120),
        "commune_code": place.get("code_commune_ofs") or "",
        "remote": "a-distance" in (record.get("modes_accueil") or []),
        "cost": Cost.PAID if record.get("frais") == "payant" else Cost.FREE,
        "cost_details": _text(record.get("frais_precisions"), 300),
        "accessibility": _text(keep.get("accessibilite"), 300),
        "published": keep.get("publiee", True),
        "last_checked_on": _day(keep.get("date_verification")),
    }
