"""The French catalogue is complete and its compiled form matches it."""

import ast
import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "maillage" / "locale"


def read_po(path):
    """Entries of a .po file as (msgid, msgstrs, flags); enough of the format for our catalogues."""
    entries, current, key, flags, context = [], None, None, set(), None

    def close():
        if current is not None and current.get("msgid"):
            msgid = current["msgid"]
            if current.get("context"):
                # As gettext keys it: the context, EOT, then the message.
                msgid = f"{current['context']}\x04{msgid}"
            entries.append((msgid, current.get("msgstr", {}), flags))

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#,"):
            close()
            current, flags = None, {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("msgctxt "):
            if current is not None and "msgstr" in current:
                close()
                current, flags = None, set()
            context = ast.literal_eval(line[8:])
        elif line.startswith("msgid "):
            if current is not None and "msgstr" in current:
                close()
                flags = set()
            current = {"msgid": ast.literal_eval(line[6:]), "msgstr": {}, "context": context}
            context = None
            key = ("msgid", None)
        elif line.startswith("msgid_plural "):
            key = ("plural", None)
        elif line.startswith("msgstr"):
            head, _, value = line.partition(" ")
            index = head[7:-1] if "[" in head else "0"
            current["msgstr"][index] = ast.literal_eval(value)
            key = ("msgstr", index)
        elif line.startswith('"') and current is not None:
            value = ast.literal_eval(line)
            if key[0] == "msgid":
                current["msgid"] += value
            elif key[0] == "msgstr":
                current["msgstr"][key[1]] += value
    close()
    return entries


def test_every_french_message_is_translated_and_none_is_fuzzy():
    entries = read_po(LOCALE / "fr" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 300
    untranslated = [msgid for msgid, msgstrs, _ in entries if not all(msgstrs.values())]
    fuzzy = [msgid for msgid, _, flags in entries if "fuzzy" in flags]
    assert untranslated == [] and fuzzy == []


def test_the_compiled_catalogue_is_up_to_date():
    entries = read_po(LOCALE / "fr" / "LC_MESSAGES" / "django.po")
    with open(LOCALE / "fr" / "LC_MESSAGES" / "django.mo", "rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = [
        msgid
        for msgid, msgstrs, _ in entries
        if len(msgstrs) == 1 and compiled.gettext(msgid) != msgstrs["0"]
    ]
    assert stale == [], "run `make messages` to compile the catalogue"


def test_every_string_of_the_source_is_in_the_french_catalogue(tmp_path):
    """makemessages (xgettext, installed by `make test`) run on a scratch copy of the
    source: the catalogue it merges must have no new, empty or fuzzy entry, so no page
    shows an English sentence to a French reader."""
    source = LOCALE.parent
    copy = tmp_path / "maillage"
    shutil.copytree(
        source, copy, ignore=shutil.ignore_patterns("static", "__pycache__", "*.mo", "media")
    )
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "fr", "--no-obsolete"],
        cwd=copy,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "maillage.settings.test"},
        check=True,
        capture_output=True,
    )
    entries = read_po(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    missing = [msgid for msgid, msgstrs, flags in entries if not all(msgstrs.values())]
    fuzzy = [msgid for msgid, _, flags in entries if "fuzzy" in flags]
    assert missing == [] and fuzzy == []
