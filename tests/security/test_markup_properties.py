"""Property tests: whatever text arrives, rendering neither fails nor lets anything active out."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum.markup import markdown_problem, render_markdown
from tests.security.corpus import fragment_problems

# Pieces that Markdown and HTML give meaning to, so random text hits the interesting paths.
TOKENS = [
    "[", "]", "(", ")", "](", "![", "<", ">", "</", "/>", "`", "```", "~~", "*", "**", "_",
    "&#", "&#x", ";", "&amp;", "&lt;", ":", "javascript:", "JaVaScRiPt:", "vbscript:",
    "data:text/html,", "java\tscript:", "jav&#x09;ascript:", "&#106;", "mailto:", "http://",
    "https://", "www.", "//", "\\", '"', "'", "=", " ", "\t", "\n", "\n\n", "> ", "- ", "1. ",
    "# ", "|", "|---|", "    ", "<script>", "<img src=x onerror=", "<svg onload=", "<a href=",
    "onclick=", "alert(1)", "[x]: ", "\x00", "\u200b", "\u202e",
]  # fmt: skip

markdownish = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)), max_size=40).map(
    "".join
)

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.text(max_size=300))
def test_any_text_renders_to_allowed_html(text):
    assert fragment_problems(render_markdown(text)) == []


@FAST
@given(markdownish)
def test_markdown_like_text_renders_to_allowed_html(text):
    assert fragment_problems(render_markdown(text)) == []


@FAST
@given(markdownish)
def test_problem_check_never_fails_and_answers_in_words(text):
    problem = markdown_problem(text)
    assert problem is None or (isinstance(problem, str) and problem.endswith("."))
