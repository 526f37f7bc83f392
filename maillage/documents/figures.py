"""A Figure drawn for a format: as ReportLab vectors for a PDF, as a PNG image for
Word and OpenDocument files (Pillow, with the PDF's font), so that the same figure
shows in every format."""

import io
import math

from .style import COLOURS, PDF_FONT, font_file

# PNG pixels per point: sharp when printed.
PNG_SCALE = 4


def fitted(figure, room):
    """The figure's width and height (points), shrunk to ``room`` points if wider."""
    factor = min(1.0, room / figure.width) if room and figure.width else 1.0
    return figure.width * factor, figure.height * factor


def drawing(figure, room=None):
    """A ReportLab flowable for the figure, at most ``room`` points wide."""
    from reportlab.graphics.shapes import Drawing, Group, Line, Polygon, Rect, String
    from reportlab.lib import colors
    from reportlab.platypus import Image

    from .blocks import Line as LineShape
    from .blocks import Polygon as PolygonShape

    def colour(value):
        return colors.HexColor(value) if value else None

    width, height = fitted(figure, room)
    if figure.png is not None:
        return Image(io.BytesIO(figure.png), width=width, height=height)
    factor = width / figure.width if figure.width else 1.0
    group = Group()
    for shape in figure.shapes:
        if isinstance(shape, LineShape):
            line = Line(shape.x1, shape.y1, shape.x2, shape.y2)
            line.strokeColor, line.strokeWidth = colour(shape.stroke), shape.width
            if shape.dash:
                line.strokeDashArray = [3, 2]
            group.add(line)
            if shape.arrow:
                group.add(
                    Polygon(
                        _arrowhead(shape),
                        fillColor=colour(shape.stroke),
                        strokeColor=None,
                    )
                )
        elif isinstance(shape, PolygonShape):
            group.add(
                Polygon(
                    [c for point in shape.points for c in point],
                    fillColor=colour(shape.fill),
                    strokeColor=colour(shape.stroke),
                    strokeWidth=0.5,
                )
            )
        elif hasattr(shape, "text"):
            group.add(
                String(
                    shape.x,
                    shape.y,
                    shape.text,
                    fontName=PDF_FONT,
                    fontSize=shape.size,
                    fillColor=colors.HexColor(COLOURS["ink"]),
                    textAnchor=shape.anchor,
                )
            )
        else:
            group.add(
                Rect(
                    shape.x,
                    shape.y,
                    shape.width,
                    shape.height,
                    fillColor=colors.HexColor(shape.fill) if shape.fill else None,
                    strokeColor=colors.HexColor(shape.stroke) if shape.stroke else None,
                    strokeWidth=0.5,
                )
            )
    group.scale(factor, factor)
    picture = Drawing(width, height)
    picture.add(group)
    return picture


def _arrowhead(line, size=4.0):
    """The three corners (flat x, y list) of an arrowhead at the end of ``line``."""
    dx, dy = line.x2 - line.x1, line.y2 - line.y1
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    back_x, back_y = line.x2 - ux * size, line.y2 - uy * size
    side_x, side_y = -uy * size / 2, ux * size / 2
    return [
        line.x2,
        line.y2,
        back_x + side_x,
        back_y + side_y,
        back_x - side_x,
        back_y - side_y,
    ]


def png(figure):
    """The figure as PNG bytes (a PNG figure as it is)."""
    if figure.png is not None:
        return figure.png
    from PIL import Image, ImageDraw, ImageFont

    size = (max(1, round(figure.width * PNG_SCALE)), max(1, round(figure.height * PNG_SCALE)))
    image = Image.new("RGBA", size, (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    fonts = {}

    def y_down(y):
        return (figure.height - y) * PNG_SCALE

    from .blocks import Line, Polygon

    def point(x, y):
        return (x * PNG_SCALE, y_down(y))

    for shape in figure.shapes:
        if isinstance(shape, Line):
            ends = [point(shape.x1, shape.y1), point(shape.x2, shape.y2)]
            draw.line(ends, fill=shape.stroke, width=max(1, round(shape.width * PNG_SCALE)))
            if shape.arrow:
                corners = _arrowhead(shape)
                draw.polygon(
                    [point(*corners[i : i + 2]) for i in range(0, 6, 2)], fill=shape.stroke
                )
        elif isinstance(shape, Polygon):
            draw.polygon(
                [point(x, y) for x, y in shape.points],
                fill=shape.fill,
                outline=shape.stroke,
            )
        elif hasattr(shape, "text"):
            if shape.size not in fonts:
                fonts[shape.size] = ImageFont.truetype(font_file(PDF_FONT), shape.size * PNG_SCALE)
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}.get(shape.anchor, "ms")
            draw.text(
                (shape.x * PNG_SCALE, y_down(shape.y)),
                shape.text,
                font=fonts[shape.size],
                fill=COLOURS["ink"],
                anchor=anchor,
            )
        else:
            box = [
                shape.x * PNG_SCALE,
                y_down(shape.y + shape.height),
                (shape.x + shape.width) * PNG_SCALE - 1,
                y_down(shape.y) - 1,
            ]
            box[2], box[3] = max(box[0], box[2]), max(box[1], box[3])
            width = 2 if shape.stroke else 0
            draw.rectangle(box, fill=shape.fill, outline=shape.stroke, width=width)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
