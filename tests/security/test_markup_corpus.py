"""Every hostile input, rendered as a post would be, holds nothing that can run."""

import pytest

from forum.markup import render_markdown
from tests.security.corpus import (
    HOSTILE_INPUTS,
    fragment_problems,
    is_dangerous_url,
    page_problems,
)


def test_corpus_is_large_and_has_no_duplicates():
    assert len(HOSTILE_INPUTS) >= 150
    assert len(set(HOSTILE_INPUTS)) == len(HOSTILE_INPUTS)


@pytest.mark.parametrize("source", HOSTILE_INPUTS)
def test_hostile_markdown_renders_to_inert_html(source):
    assert fragment_problems(render_markdown(source)) == []


# The checks above must be able to fail: each of these is HTML that could run code.
@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="  JaVa&#x09;Script:alert(1)">x</a>',
        '<a href="&#x01;javascript:alert(1)">x</a>',
        '<a href="java\nscript:alert(1)">x</a>',
        '<a href="vbscript:msgbox(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<a href="https://example.com" style="color:red">x</a>',
        "<svg><a>x</a></svg>",
        '<p class="x">x</p>',
        '<img src="https://tracker.example/pixel.png" alt="x">',
        '<img src="/media/avatars/a1b2.webp" alt="x">',
        '<img src="/media/post-images/a1b2.png" srcset="https://tracker.example/2x.png 2x">',
        '<a class="button" href="https://example.com">x</a>',
    ],
)
def test_fragment_check_catches_active_html(html):
    assert fragment_problems(html) != []


@pytest.mark.parametrize(
    "html",
    [
        '<script>alert("x")</script>',
        '<script src="https://evil.example/x.js"></script>',
        '<div onmouseover="x()">x</div>',
        '<form action="javascript:alert(1)"></form>',
        '<iframe src="https://example.com"></iframe>',
        '<meta http-equiv="refresh" content="0;url=https://evil.example">',
        '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
    ],
)
def test_page_check_catches_active_html(html):
    assert page_problems(html) != []


def test_page_check_accepts_an_ordinary_page():
    html = (
        '<html><head><link rel="stylesheet" href="/static/css/site.css">'
        '<script src="/static/js/site.js" defer></script></head><body>'
        '<a href="/threads/1/x/">x</a><a href="https://example.com">y</a>'
        '<a href="mailto:a@example.com">z</a><svg class="avatar"><rect fill="#fff"/></svg>'
        "</body></html>"
    )
    assert page_problems(html) == []


@pytest.mark.parametrize(
    ("value", "dangerous"),
    [
        ("https://example.com/", False),
        ("/threads/1/slug/", False),
        ("#post-3", False),
        ("jav%09ascript:alert(1)", False),  # percent-encoding makes it a relative path
        ("javascript:alert(1)", True),
        ("\x00 JAVASCRIPT:alert(1)", True),
        ("java\tscript:alert(1)", True),
        ("ja\u200bvascript:alert(1)", True),
        ("data:text/html,x", True),
        ("vbscript:x", True),
    ],
)
def test_dangerous_url_sees_schemes_as_a_browser_would(value, dangerous):
    assert is_dangerous_url(value) is dangerous
