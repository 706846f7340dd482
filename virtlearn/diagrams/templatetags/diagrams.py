"""`{% load diagrams %}{% stack_figure notation id_prefix="q1" reveal=False %}` in a template."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from virtlearn.diagrams import figures

register = template.Library()


@register.simple_tag
def stack_figure(
    notation: str, *, id_prefix: str, caption: str = "", reveal: bool = True
) -> SafeString:
    """A stack diagram rendered in place (lessons store theirs when saved instead)."""
    return figures.stack_figure(notation, caption=caption, id_prefix=id_prefix, reveal=reveal)
