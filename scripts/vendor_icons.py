"""Build the icon sprite of the design system from the published lucide-static package.

    python scripts/vendor_icons.py PACKAGE_DIR OUTPUT_DIR

PACKAGE_DIR is the unpacked npm package (``npm pack lucide-static@VERSION``); the sprite
holds only the icons listed in ``maillage/core/icons.py``, one ``<symbol>`` each, with the
package's own drawing unchanged. ``make vendor-icons`` runs it; ``make vendor-check``
builds it again and compares. Standard library only.
"""

import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from maillage.core.icons import ICONS  # noqa: E402

SVG = re.compile(r"<svg\b(?P<attrs>[^>]*)>(?P<body>.*)</svg>", re.S)


def symbol(name, text):
    match = SVG.search(text)
    if match is None:
        raise SystemExit(f"{name}: no <svg> element")
    body = "".join(line.strip() for line in match["body"].splitlines())
    return f'<symbol id="{name}" viewBox="0 0 24 24">{body}</symbol>'


def main(package, output):
    package, output = Path(package), Path(output)
    symbols = [symbol(name, (package / "icons" / f"{name}.svg").read_text()) for name in ICONS]
    output.mkdir(parents=True, exist_ok=True)
    version = re.search(r'"version":\s*"([^"]+)"', (package / "package.json").read_text())[1]
    (output / "icons.svg").write_text(
        f"<!-- lucide-static {version}, ISC licence (LICENSE beside this file); "
        "built by scripts/vendor_icons.py -->\n"
        '<svg xmlns="http://www.w3.org/2000/svg" fill="none" stroke="currentColor" '
        'stroke-width="2" stroke-linecap="round" stroke-linejoin="round">\n'
        + "\n".join(symbols)
        + "\n</svg>\n"
    )
    shutil.copyfile(package / "LICENSE", output / "LICENSE")


if __name__ == "__main__":
    main(*sys.argv[1:3])
