"""Line and word comparison of two versions of a text, for the history page."""

import difflib
from dataclasses import dataclass


@dataclass
class Segment:
    kind: str  # "same", "added" or "removed"
    text: str


def compare(old: str, new: str) -> list[list[Segment]]:
    """Paragraphs of ``new`` with what was added and removed since ``old``, word by word."""
    old_words, new_words = old.split(" "), new.split(" ")
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    segments = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("same", " ".join(old_words[a1:a2])))
        else:
            if a2 > a1:
                segments.append(Segment("removed", " ".join(old_words[a1:a2])))
            if b2 > b1:
                segments.append(Segment("added", " ".join(new_words[b1:b2])))
    # Split into paragraphs so the page keeps the text's shape.
    paragraphs: list[list[Segment]] = [[]]
    for segment in segments:
        parts = segment.text.split("\n")
        for index, part in enumerate(parts):
            if index:
                paragraphs.append([])
            if part:
                paragraphs[-1].append(Segment(segment.kind, part))
    return [p for p in paragraphs if p]
