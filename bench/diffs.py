"""How long the history page's diffs take on the largest and most repetitive texts.

Each case compares two texts of the longest a post may be (20,000 characters), or --chars.
Run: .venv/bin/python bench/diffs.py [--chars N] [--runs N]

Not part of the test suite: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def demo_prose(chars: int) -> str:
    """Real sentences: the demo threads' posts, one after another, in paragraphs."""
    from forum.demo_content import THREADS

    bodies = [thread["body"] for thread in THREADS]
    bodies += [reply["body"] for thread in THREADS for reply in thread["replies"]]
    return "\n\n".join(bodies)[:chars]


def edited(text: str, every: int, rng: random.Random) -> str:
    """The text with one word in `every` replaced."""
    words = text.split(" ")
    for index in range(0, len(words), every):
        words[index] = rng.choice(["changed", "rewritten", "new"])
    return " ".join(words)


def shuffled(text: str, separator: str, rng: random.Random) -> str:
    parts = text.split(separator)
    rng.shuffle(parts)
    return separator.join(parts)


def cases(chars: int) -> dict[str, tuple[str, str]]:
    rng = random.Random(18)
    prose = demo_prose(chars)
    one_line = " ".join(prose.split())
    two_letters = " ".join(rng.choice("xy") for _ in range(chars // 2))
    hex_words = " ".join(f"{rng.randrange(256):x}" for _ in range(chars // 3))
    lines = "\n".join(rng.choice("ab") for _ in range(chars // 2))
    return {
        "one paragraph, one word changed": (one_line, edited(one_line, 10**6, rng)),
        "one paragraph, a word in 20 changed": (one_line, edited(one_line, 20, rng)),
        "paragraphs, a word in 20 changed": (prose, edited(prose, 20, rng)),
        "paragraphs, a word in 3 changed": (prose, edited(prose, 3, rng)),
        "paragraphs in reverse order": (prose, "\n\n".join(reversed(prose.split("\n\n")))),
        "x and y words, shuffled": (two_letters, shuffled(two_letters, " ", rng)),
        "hex words, shuffled": (hex_words, shuffled(hex_words, " ", rng)),
        "one-letter lines, shuffled": (lines, shuffled(lines, "\n", rng)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chars", type=int, default=20_000, help="length of each text")
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from forum.revision_diffs import text_diff

    print(f"{'case':40} {'seconds':>8} {'pieces':>7}")
    for name, (old, new) in cases(args.chars).items():
        best = float("inf")
        for _ in range(args.runs):
            start = time.perf_counter()
            pieces = text_diff(old, new)
            best = min(best, time.perf_counter() - start)
        print(f"{name:40} {best:>8.3f} {len(pieces):>7}")


if __name__ == "__main__":
    main()
