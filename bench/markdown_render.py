"""How long render_markdown and markdown_problem take on pathological Markdown.

Every case is filled to the longest text the posting forms accept (20,000 characters), or to
--chars. Run: .venv/bin/python bench/markdown_render.py [--chars N] [--runs N]

Not part of the test suite: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from forum.markup import markdown_problem, render_markdown

ORDINARY = (
    "## Estimating a fixed-price job\n\nWe quote **fixed price** work with a "
    "[range](https://example.com/estimates) and a *contingency*.\n\n"
    "- discovery\n- delivery\n  - sprint one\n\n> Past projects are the best guide.\n\n"
    "| phase | days |\n|---|---:|\n| discovery | 5 |\n\n```\nbuffer = 0.2\n```\n\n"
)


def fill(unit: str, chars: int) -> str:
    return (unit * (chars // len(unit) + 1))[:chars]


def table_head(columns: int) -> str:
    return "|" + "h|" * columns + "\n|" + "-|" * columns + "\n"


def cases(chars: int) -> dict[str, str]:
    depth = 200
    return {
        "ordinary post": fill(ORDINARY, chars),
        "opening brackets [[[[": fill("[", chars),
        "nested brackets [[[x]]]": "[" * (chars // 2) + "x" + "]" * (chars // 2 - 1),
        "unclosed link labels [a[a": fill("[a", chars),
        "unclosed images ![![": fill("![", chars),
        "unclosed destinations [a](b": fill("[a](b", chars),
        "emphasis then bracket *[*[": fill("*[", chars),
        "quote markers >>>>": fill(">", chars),
        "one line per quote depth": "".join(">" * i + " x\n" for i in range(1, depth)),
        "list markers on one line - - -": fill("- ", chars),
        "ordered markers 1. 1. 1.": fill("1. ", chars),
        f"{depth} indented list levels": "".join("  " * i + "- item\n" for i in range(depth)),
        "backticks ````": fill("`", chars),
        "backtick runs ` `` ```": " ".join("`" * i for i in range(1, 190)),
        "code fence openers": fill("```\n", chars),
        "emphasis stars ****": fill("*", chars),
        "unmatched *a": fill("*a ", chars),
        "mixed _a*": fill("_a*", chars),
        "strong openers **x": fill("**x ", chars),
        "nested strong *a **a": fill("*a **a ", chars // 2) + fill(" a** a*", chars // 2),
        "less-than <<<<": fill("<", chars),
        "tag starts <a <a": fill("<a ", chars),
        "entity starts &#&#": fill("&#", chars),
        "entity link destinations": fill("[a](&#x6a;) ", chars),
        "one wide table": table_head(3000) + "|" + "1|" * 3000,
        "300 columns, thousands of rows": table_head(300) + fill("x\n", chars - 1204),
        "table of 2 columns, many rows": table_head(2) + fill("|1|2|\n", chars - 12),
        "table at the cell limit (20 x 100)": table_head(20) + ("|" + "c|" * 20 + "\n") * 99,
        "reference definitions": "".join(f"[r{i}]: /u{i}\n" for i in range(900))
        + "".join(f"[r{i}] " for i in range(900)),
        "bare URLs www.": fill("www.example.com/a_b ", chars),
        "bare e-mail addresses": fill("a@b.co ", chars),
        "autolinks <http://>": fill("<http://a.b/c> ", chars),
        "setext headings": fill("a\n=\n", chars),
        "NUL characters": fill("\x00", chars),
    }


def best_of(runs: int, func, text: str) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        func(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chars", type=int, default=20_000, help="length of each case")
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    print(f"{'case':38} {'chars':>7} {'render s':>9} {'check s':>8}  refused")
    for name, text in cases(args.chars).items():
        render = best_of(args.runs, render_markdown, text)
        check = best_of(args.runs, markdown_problem, text)
        refused = "yes" if markdown_problem(text) else "no"
        print(f"{name:38} {len(text):>7} {render:>9.3f} {check:>8.3f}  {refused}")


if __name__ == "__main__":
    main()
