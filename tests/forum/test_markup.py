from html.parser import HTMLParser

import pytest

from forum.markup import ALLOWED_PROTOCOLS, ALLOWED_TAGS, render_markdown


class ElementCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    collector = ElementCollector()
    collector.feed(html)
    return collector.elements


def test_markdown_renders_emphasis_lists_tables_and_code():
    html = render_markdown(
        "**bold** and ~~gone~~\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "```python\nprint('hi')\n```"
    )
    assert "<strong>bold</strong>" in html and "<s>gone</s>" in html
    assert "<ul>" in html and "<li>one</li>" in html
    assert "<table>" in html and "<td>1</td>" in html
    assert '<code class="language-python">' in html


def test_headings_are_demoted_below_the_page_title():
    html = render_markdown("# Big\n\n## Smaller")
    assert "<h1>" not in html and "<h2>" not in html
    assert "<h3>Big</h3>" in html and "<h4>Smaller</h4>" in html


def test_links_are_marked_nofollow_and_bare_urls_become_links():
    html = render_markdown("[site](https://example.com) and www.example.org")
    assert '<a href="https://example.com" rel="nofollow ugc noopener">site</a>' in html
    assert 'href="http://www.example.org"' in html


def test_images_become_links_so_readers_fetch_nothing_from_other_sites():
    html = render_markdown("![chart](https://tracker.example/pixel.png)")
    assert "<img" not in html
    assert 'href="https://tracker.example/pixel.png"' in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](vbscript:msgbox(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<svg onload=alert(1)>",
        "![x](javascript:alert(1))",
        "<iframe src=https://evil.example></iframe>",
    ],
)
def test_hostile_input_is_neutralised(source):
    for tag, attrs in elements(render_markdown(source)):
        assert tag in ALLOWED_TAGS
        assert not any(name.startswith("on") for name in attrs)
        href = attrs.get("href")
        if href is not None:
            assert href.split(":", 1)[0].lower() in ALLOWED_PROTOCOLS


def test_empty_text_renders_to_empty_html():
    assert render_markdown("") == ""
