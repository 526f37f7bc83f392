"""A document as plain data: a title block, then blocks (headings, paragraphs,
bullets, tables, figures), written out by one renderer per format.

Builders (a consultation's report, a meeting's minutes, a board's exports) make a
``Document``; ``maillage.documents.render_pdf`` and its siblings write it. Text is
given as it should read: the renderers escape it for their format.
"""

import datetime
from dataclasses import dataclass, field


@dataclass
class Run:
    """Some text of a paragraph, possibly in bold or italics."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Paragraph:
    """Runs of text. ``style``: body, small (a side note, smaller and greyer) or quote.
    A line break inside a run is kept as a line break."""

    runs: list
    style: str = "body"

    @classmethod
    def of(cls, text, style="body", *, bold=False, italic=False):
        return cls([Run(str(text), bold=bold, italic=italic)], style)

    @property
    def text(self):
        return "".join(run.text for run in self.runs)


@dataclass
class Heading:
    """A heading of level 1 to 3 (the document's title is above them)."""

    level: int
    text: str


@dataclass
class Bullets:
    """A bulleted list: each item a text or a Paragraph."""

    items: list


@dataclass
class Rect:
    """A rectangle of a figure, in points from the figure's bottom left corner."""

    x: float
    y: float
    width: float
    height: float
    fill: str | None = None  # "#rrggbb", or None for no fill
    stroke: str | None = None


@dataclass
class Label:
    """A short text of a figure, its baseline at ``y``; ``anchor``: start, middle, end."""

    x: float
    y: float
    text: str
    size: float = 7
    anchor: str = "middle"


@dataclass
class Line:
    """A straight line of a figure from (x1, y1) to (x2, y2), in points; ``arrow``:
    an arrowhead at its end (a dependency), ``dash``: drawn dashed (today's line)."""

    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = "#1d2330"
    width: float = 0.75
    arrow: bool = False
    dash: bool = False


@dataclass
class Polygon:
    """A closed shape of a figure through ``points`` ((x, y) in points), such as a
    milestone's diamond."""

    points: list
    fill: str | None = None
    stroke: str | None = None

    @classmethod
    def diamond(cls, x, y, size, fill=None, stroke=None):
        """A diamond centred on (x, y), ``size`` points from corner to corner."""
        half = size / 2
        return cls([(x, y + half), (x + half, y), (x, y - half), (x - half, y)], fill, stroke)


@dataclass
class Figure:
    """A picture: either a small vector drawing (``shapes``: Rect, Line, Polygon and Label, drawn as
    vectors in a PDF and as a PNG in word-processing files) or a PNG image. ``width``
    and ``height`` are its size in points; a renderer shrinks it to fit its place.
    ``alt`` says what it shows, in words; ``caption`` is printed under it."""

    width: float
    height: float
    alt: str
    shapes: list = field(default_factory=list)
    png: bytes | None = None
    caption: str = ""


@dataclass
class Value:
    """A cell's value with the number format a spreadsheet shows it in (a date, an
    amount in euros; style.FORMATS names them); documents show the value itself.
    ``fill`` ("#rrggbb") and ``bold``: how a spreadsheet cell looks (a Gantt's bar,
    a section's row)."""

    value: object
    number_format: str = ""
    fill: str = field(default="", kw_only=True)
    bold: bool = field(default=False, kw_only=True)


@dataclass
class Formula(Value):
    """A spreadsheet formula (``formula``, starting with "=", written by the app, never
    from what people typed) that an XLSX keeps live; CSV and documents show ``value``,
    the result the app computed."""

    formula: str = ""


@dataclass
class Table:
    """A table. ``header``: the column titles (may be empty). ``rows``: lists of cells;
    a cell is a value (text, number, date, Value), a Paragraph, a Figure, or a list
    of Paragraph and Bullets. ``widths``: each column's width, about in characters:
    documents share the page's width in these proportions, spreadsheets use them as
    they are. ``align``: left, right or center per column. ``caption``: what the
    table is (a spreadsheet's sheet name). ``label_column``: the first column holds
    labels (shaded). ``key_columns``: how many first columns a spreadsheet keeps in
    view when scrolling sideways (the header row always stays)."""

    header: list
    rows: list
    widths: list | None = None
    align: list | None = None
    caption: str = ""
    label_column: bool = False
    key_columns: int = 0

    @property
    def columns(self):
        if self.header:
            return len(self.header)
        return max((len(row) for row in self.rows), default=0)

    def shares(self):
        """The columns' shares of the width (equal when no widths are given)."""
        count = self.columns
        widths = self.widths or [1] * count
        total = float(sum(widths)) or 1.0
        return [w / total for w in widths]


@dataclass
class Together:
    """Blocks a page break should not separate when they fit on one page (a short
    announcement, the next meeting). Only the PDF can keep that promise."""

    blocks: list


@dataclass
class Document:
    """A document: its title block and its blocks.

    The title block: ``title`` (large), ``subtitle`` (who: the collective), ``topic``
    (what: a meeting's name), ``meta`` (a line of small facts) and ``notice`` (a
    warning, such as a cancelled meeting). ``name`` is the title in the file's
    properties (the title by default); ``author`` and ``subject`` go there too;
    ``footer`` is written at the foot of each page, with the page number;
    ``landscape`` turns the pages for wide tables; ``paper`` is "A4" or "A3";
    ``date``: the day the document speaks of (a spreadsheet's page header shows it;
    today when not given)."""

    title: str
    blocks: list = field(default_factory=list)
    subtitle: str = ""
    topic: str = ""
    meta: str = ""
    notice: str = ""
    name: str = ""
    author: str = ""
    subject: str = ""
    footer: str = ""
    landscape: bool = False
    paper: str = "A4"
    date: datetime.date | None = None

    @property
    def file_title(self):
        return self.name or self.title

    def tables(self):
        return [block for block in self.blocks if isinstance(block, Table)]
