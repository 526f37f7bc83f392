"""Word-by-word comparison of two versions of a text, for the history page."""

import difflib
import re
from dataclasses import dataclass

_TOKENS = re.compile(r"\s+|\S+")


@dataclass
class Segment:
    kind: str  # "same", "added" or "removed"
    text: str


def compare(old: str, new: str) -> list[list[Segment]]:
    """Paragraphs of ``new`` with the words added and removed since ``old``."""
    old_tokens, new_tokens = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    segments = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
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
