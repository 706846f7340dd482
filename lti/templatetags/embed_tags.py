"""`{% embed_snippet url title %}`: the <iframe> code for a page, to copy into another site."""

from __future__ import annotations

from itertools import count

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()
_ids = count(1)


@register.simple_tag(takes_context=True)
def embed_snippet(context: template.Context, url: str, title: str, height: int = 600) -> SafeString:
    request = context.get("request")
    absolute = request.build_absolute_uri(url) if request is not None else url
    code = format_html(
        '<iframe src="{}" title="{}" width="100%" height="{}" loading="lazy"></iframe>',
        absolute,
        title,
        height,
    )
    return render_to_string(
        "embed/snippet.html",
        {
            "code": code,
            "field_id": f"embed-code-{next(_ids)}",
            "csp_nonce": context.get("csp_nonce"),
        },
    )


@register.simple_tag(takes_context=True)
def embed_builder_snippet(context: template.Context, notation: str = "") -> SafeString:
    from lti.embed import builder_url

    return embed_snippet(context, builder_url(notation), _("Stack builder"), 800)


@register.simple_tag(takes_context=True)
def embed_quiz_snippet(context: template.Context, course: str, lesson: str) -> SafeString:
    url = f"/embed{reverse('quizzes:quiz', args=[course, lesson])}"
    return embed_snippet(context, url, _("Quiz"), 700)
