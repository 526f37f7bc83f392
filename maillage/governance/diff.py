"""Word-by-word comparison of two versions of a text, for the history page."""

import difflib
import re
from dataclasses import dataclass

_TOKENS = re.compile(r"\s+|\S+")
# An unchanged run this short (in words) between two changes is shown as part of
# one larger change: "des une personnes structure" reads worse than one phrase
# struck out and one phrase added.
SHORT_RUN = 2


@dataclass
class Segment:
    kind: str  # "same", "added" or "removed"
    text: str


def _words(tokens):
    return sum(1 for token in tokens if not token.isspace())


def _merged_opcodes(old_tokens, new_tokens):
    """difflib's opcodes, with short unchanged runs between changes folded into them."""
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    opcodes = matcher.get_opcodes()
    merged = []
    for index, (op, a1, a2, b1, b2) in enumerate(opcodes):
        between_changes = 0 < index < len(opcodes) - 1
        if (
            op == "equal"
            and between_changes
            and "\n" not in "".join(old_tokens[a1:a2])
            and _words(old_tokens[a1:a2]) <= SHORT_RUN
        ):
            op = "replace"
        if merged and op != "equal" and merged[-1][0] != "equal":
            _, pa1, _, pb1, _ = merged[-1]
            merged[-1] = ("replace", pa1, a2, pb1, b2)
        else:
            merged.append((op, a1, a2, b1, b2))
    return merged


def compare(old: str, new: str) -> list[list[Segment]]:
    """Paragraphs of ``new`` with the words added and removed since ``old``."""
    old_tokens, new_tokens = _TOKENS.findall(old), _TOKENS.findall(new)
    segments = []
    for op, a1, a2, b1, b2 in _merged_opcodes(old_tokens, new_tokens):
        if op == "equal":
            segments.append(Segment("same", "".join(old_tokens[a1:a2])))
            continue
        if a2 > a1:
            segments.append(Segment("removed", "".join(old_tokens[a1:a2])))
        if b2 > b1:
            segments.append(Segment("added", "".join(new_tokens[b1:b2])))
    # Cut at line breaks so that the page keeps the text's paragraphs.
    paragraphs: list[list[Segment]] = [[]]
    for segment in segments:
        for index, part in enumerate(segment.text.split("\n")):
            if index:
                paragraphs.append([])
            if part.strip():
                paragraphs[-1].append(Segment(segment.kind, part))
    return [paragraph for paragraph in paragraphs if paragraph]
