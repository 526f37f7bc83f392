"""Template tags of the design system, available in every template (a builtin, see
``TEMPLATES`` in the settings).

``{% icon "calendar" %}`` draws an icon of the vendored sprite, hidden from screen
readers (the text beside it says what it means); ``{% icon "x" label=_("Close") %}`` gives
an icon that stands alone a name.
"""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from maillage.core.icons import ICONS, SPRITE

register = template.Library()


@register.simple_tag
def icon(name, label="", size=""):
    if name not in ICONS:
        raise template.TemplateSyntaxError(
            f"Unknown icon {name!r}: add it to maillage/core/icons.py and run make vendor-icons."
        )
    size_class = f" icon-{size}" if size else ""
    if label:
        return format_html(
            '<svg class="icon{}" role="img" aria-label="{}" focusable="false">'
            '<use href="{}#{}"></use></svg>',
            size_class,
            label,
            static(SPRITE),
            name,
        )
    return format_html(
        '<svg class="icon{}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        size_class,
        static(SPRITE),
        name,
    )


@register.simple_tag(takes_context=True)
def current(context, url, exact=False):
    """`aria-current="page"` for the link of a menu that leads where the reader is (or,
    unless ``exact``, to a section that holds this page)."""
    request = context.get("request")
    path = getattr(request, "path", "")
    if path == url or (not exact and url and path.startswith(url)):
        return mark_safe(' aria-current="page"')  # noqa: S308 (a constant)
    return ""
