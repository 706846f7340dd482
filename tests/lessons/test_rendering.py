"""Lesson Markdown: rendered, sanitized, with stack fences turned into live figures."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from lessons.rendering import FenceError, check_body, heading_ids, render_markdown, sanitize

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    "<img src=x onerror=alert(1)//>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](&#x6A;avascript:alert(1))",
    "![x](javascript:alert(1))",
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<style>body { display: none }</style>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<input autofocus onfocus="alert(1)">',
    '<details open ontoggle="alert(1)">x</details>',
    '<body onload="alert(1)">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<div onmouseover="alert(1)">hover</div>',
    "<!--<img src=x onerror=alert(1)>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "## Heading {onclick=alert(1)}",
    "Text {: onmouseover=alert(1) }",
    '<a href="https://example.org" target="_blank" onclick="alert(1)">ok</a>',
    '<img src="https://evil.example/track.png" alt="remote">',
    '<img src="//evil.example/track.png" alt="remote">',
]

ALLOWED_SCHEMES = ("http://", "https://", "mailto:", "/", "#")
DANGEROUS_TAGS = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "form",
    "input",
    "svg",
    "math",
    "meta",
    "base",
    "body",
    "link",
    "noscript",
    "button",
}


class Elements(HTMLParser):
    """Every start tag of a fragment with its attributes (entities decoded, as a browser)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def assert_harmless(html: str) -> None:
    for tag, attributes in Elements(html).found:
        assert tag not in DANGEROUS_TAGS, html
        for name, value in attributes.items():
            assert not name.startswith("on"), html
            assert name not in {"style", "srcdoc", "formaction", "action"}, html
            if name in {"href", "src"}:
                assert value.strip().lower().startswith(ALLOWED_SCHEMES), html
            if tag == "img" and name == "src":
                assert value.startswith("/") and not value.startswith("//"), html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_known_xss_payloads_are_neutralized(payload: str) -> None:
    html = render_markdown(f"Before\n\n{payload}\n\nAfter\n").lower()
    assert_harmless(html)
    assert "<script" not in html and "alert(1)</" not in html
    assert "before" in html
    if "<math" not in payload:  # an unclosed <math> rightly swallows the rest
        assert "after" in html


def test_markdown_features_render() -> None:
    html = render_markdown(
        "## Model {#model}\n\n"
        "Some *emphasis* and `code`.\n\n"
        "| kind | rests on |\n| --- | --- |\n| vm | hypervisor |\n\n"
        "1. one\n2. two\n\n"
        "```python\nprint('hi')\n```\n\n"
        "[a link](https://example.org/page)\n"
    )
    assert '<h2 id="model">Model</h2>' in html
    assert "<em>emphasis</em>" in html
    assert "<table>" in html and "<td>hypervisor</td>" in html
    assert "<ol>" in html
    assert "<pre><code>print(&#39;hi&#39;)" in html or "<pre><code>print('hi')" in html
    assert 'href="https://example.org/page"' in html
    assert 'rel="noopener noreferrer"' in html


def test_headings_without_an_id_get_one() -> None:
    html = render_markdown("## Why not bare metal?\n")
    assert heading_ids(html) == ["why-not-bare-metal"]


def test_stack_fence_becomes_a_figure_after_sanitizing() -> None:
    html = render_markdown(
        "Intro\n\n```stack\nserver > os > engine > [2*container > libs > app]\n"
        "caption: Two containers.\n```\n\nOutro\n"
    )
    assert '<figure class="stack-figure" id="figure-1"' in html
    assert "<svg" in html  # the trusted drawing is kept, though authors may not write <svg>
    assert "Two containers." in html
    assert "/build/?s=" in html
    assert html.index("Intro") < html.index("<figure") < html.index("Outro")


def test_each_figure_gets_its_own_ids() -> None:
    html = render_markdown("```stack\nserver > os > app\n```\n\n```stack\nserver > os > app\n```\n")
    assert 'id="figure-1"' in html and 'id="figure-2"' in html


def test_stack_fence_inside_another_fence_is_just_code() -> None:
    html = render_markdown("````markdown\n```stack\nserver > os > app\n```\n````\n")
    assert "<figure" not in html
    assert "```stack" in html


def test_authors_cannot_forge_the_figure_marker() -> None:
    html = render_markdown("STACKFIGURE0000X0\n\n<p>STACKFIGUREX0</p>\n")
    assert "<figure" not in html


def test_bad_notation_names_its_line_and_column() -> None:
    body = "# Title\n\nText\n\n```stack\nserver > os >\n  kernel > app\n```\n"
    with pytest.raises(FenceError) as caught:
        render_markdown(body)
    assert caught.value.line == 7
    assert caught.value.column == 3
    assert str(caught.value).startswith("Line 7: column 3: expected a layer kind")
    assert 'found "kernel"' in str(caught.value)


def test_empty_and_unclosed_fences_are_errors() -> None:
    [empty] = check_body("```stack\n```\n")
    assert empty.line == 1 and "found the end" in empty.message
    [unclosed] = check_body("Text\n\n```stack\nserver > os\n")
    assert unclosed.line == 3 and "never closed" in unclosed.message


def test_check_body_lists_every_fault_in_order() -> None:
    body = "```stack\nserver > oops\n```\n\n![d](images/missing.png)\n\n```stack\nvm >\n```\n"
    errors = check_body(body, image_names={"other.png"})
    assert [error.line for error in errors] == [2, 5, 8]
    assert "images/missing.png" in errors[1].message


def test_show_errors_renders_bad_fences_in_place() -> None:
    html = render_markdown("```stack\nserver > nonsense\n```\n", show_errors=True)
    assert 'class="fence-error"' in html
    assert "Line 2: column 10" in html


def test_course_images_resolve_and_others_are_dropped() -> None:
    html = sanitize(
        '<img src="images/a.png" alt="a"><img src="images/b.png" alt="b">'
        '<img src="/static/img/favicon.svg" alt="c">',
        {"a.png": "/media/lessons/c/a.png"},
    )
    assert 'src="/media/lessons/c/a.png"' in html
    assert 'alt="b"' in html and "images/b.png" not in html
    assert 'src="/static/img/favicon.svg"' in html


def test_headings_never_take_an_id_the_page_uses() -> None:
    html = render_markdown("## Main\n\n## Read status\n\n## Figure 1 {#figure-1}\n")
    assert heading_ids(html) == ["main-section", "read-status-section", "figure-1-section"]


def test_a_caption_is_text_never_markup() -> None:
    html = render_markdown("```stack\nserver > os > app\ncaption: <script>alert(1)</script>\n```\n")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
