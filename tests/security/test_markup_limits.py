"""Pathological Markdown is refused with a message its author can act on; ordinary posts pass.

Timings live in bench/markdown_render.py; these tests assert behaviour, not speed.
"""

import pytest

from forum.markup import (
    MAX_NESTING,
    MAX_TABLE_CELLS,
    markdown_problem,
    render_markdown,
)


def table(columns: int, rows: int) -> str:
    head = "|" + "".join(f" h{c} |" for c in range(columns)) + "\n|" + "---|" * columns + "\n"
    return head + ("|" + " x |" * columns + "\n") * rows


ORDINARY_POSTS = [
    "",
    "How do you estimate a fixed-price job for a new client?",
    "## Our approach\n\nWe use **three-point estimates** and add a *contingency* of 15%.\n\n"
    "- discovery: 5 days\n- delivery: 40 days\n  - sprint 1\n  - sprint 2\n\n"
    "> Past projects are the best guide. [PMI](https://www.pmi.org)\n\n"
    "```python\nbuffer = 0.15\n```",
    table(6, 30),
    "> quoting\n> > a quote\n> > > of a quote",
    "".join("  " * level + "- level\n" for level in range(MAX_NESTING)),
    "See [1], [2] and [3].\n\n[1]: https://example.com/1\n[2]: https://example.com/2\n"
    "[3]: https://example.com/3",
    "Links: " + " ".join(f"https://example.com/{n}" for n in range(100)),
    "Use a checklist [x] and arrays like a[0][1] in code: `a[[0]]`.",
    "**bold *italic* bold** and ~~struck~~ and `code` " * 50,
]


@pytest.mark.parametrize("text", ORDINARY_POSTS)
def test_ordinary_posts_have_no_problem(text):
    assert markdown_problem(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 5000, "The text has 5000 square brackets in a row. Please use at most 50."),
        ("]" * 60, "The text has 60 square brackets in a row. Please use at most 50."),
        (
            "[a" * 3000,
            "The text has 3,000 opening square brackets. Please use at most 1,000.",
        ),
        (
            "> " * 500 + "deep",
            "Quotes and lists are nested more than 20 levels deep. Please flatten them.",
        ),
        (
            "".join("  " * level + "- item\n" for level in range(MAX_NESTING + 1)),
            "Quotes and lists are nested more than 20 levels deep. Please flatten them.",
        ),
        (
            "- " * 2000 + "x",
            "Quotes and lists are nested more than 20 levels deep. Please flatten them.",
        ),
        (
            "> - " * 15 + "x",
            "Quotes and lists are nested more than 20 levels deep. Please flatten them.",
        ),
        (
            "*a **a " * 200 + "b" + " a** a*" * 200,
            "Bold, italic and strike-through are nested more than 20 levels deep. "
            "Please simplify the * and _ marks.",
        ),
        (
            table(300, 100),
            "The tables in this text would have 30,300 cells; the limit is 2,000. "
            "Please shorten them or split the table into smaller ones.",
        ),
        (
            "|a|b|\n|-|-|\n" + "x\n" * 2000,
            "The tables in this text would have 4,002 cells; the limit is 2,000. "
            "Please shorten them or split the table into smaller ones.",
        ),
        (
            "www.example.com " * 600,
            "The text has 600 links. Please keep it to at most 500.",
        ),
    ],
)
def test_pathological_text_is_refused_with_a_clear_message(text, message):
    assert markdown_problem(text) == message


def test_nesting_at_the_limit_is_accepted_and_nothing_is_cut_off():
    quotes = "> " * MAX_NESTING + "innermost"
    lists = "".join("  " * level + "- item\n" for level in range(MAX_NESTING)) + (
        "  " * (MAX_NESTING - 1) + "- innermost\n"
    )
    for text in (quotes, lists):
        assert markdown_problem(text) is None
        assert "innermost" in render_markdown(text)


def test_tables_up_to_the_cell_limit_render_as_tables():
    text = table(20, MAX_TABLE_CELLS // 20 - 1)
    assert markdown_problem(text) is None
    html = render_markdown(text)
    assert html.count("<td>") == 20 * (MAX_TABLE_CELLS // 20 - 1)


def test_oversized_tables_render_as_plain_text_instead_of_exploding():
    # 300 header columns make every following line a 300-cell row; as text it stays small.
    text = table(300, 0) + "x\n" * 3000
    html = render_markdown(text)
    assert "<td>" not in html and "<table>" not in html
    assert len(html) < 3 * len(text)
