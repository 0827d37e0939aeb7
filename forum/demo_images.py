"""The demo thread with an image in its question: a small Gantt chart drawn here with Pillow.

Everything in it is invented. The chart is stored as a member's upload is (forum/images.py),
so the demo shows an image in a post exactly as members' posts show theirs.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

CHART_PLACEHOLDER = "{chart}"
CHART_FILE_NAME = "depot-rollout-gantt.png"
CHART_ALT = (
    "Gantt chart of the depot system rollout over twelve weeks. Discovery and design finished "
    "on plan; build is forecast two weeks late, which moves testing and the go-live milestone "
    "from week 10 to week 12. A line marks today, in week 7."
)

# (workstream, planned first and last week, forecast first and last week)
_WORKSTREAMS = [
    ("Discovery", (1, 2), (1, 2)),
    ("Design", (2, 4), (2, 4)),
    ("Build", (4, 8), (4, 10)),
    ("Test", (7, 9), (9, 11)),
    ("Go-live", (10, 10), (12, 12)),
]
_WEEKS = 12
_TODAY = 7.4  # in weeks, from the start of week 1
_SIZE = (760, 330)
_LEFT, _TOP, _ROW, _WEEK = 120, 78, 44, 52
_INK, _GRID, _PLAN, _ON_TIME, _LATE, _TODAY_RED = (
    (33, 37, 41),
    (222, 226, 230),
    (31, 95, 139),
    (31, 95, 139),
    (194, 65, 12),
    (180, 35, 24),
)


def _font(size: int) -> ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=size)
    except (AttributeError, TypeError, OSError):  # Pillow without FreeType: the small bitmap
        return ImageFont.load_default()


def _x(week: float) -> int:
    return round(_LEFT + (week - 1) * _WEEK)


def gantt_chart_png() -> bytes:
    """A plan-versus-forecast Gantt chart of a fictional rollout, as a PNG."""
    image = Image.new("RGB", _SIZE, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    title, small = _font(18), _font(13)
    draw.text((16, 14), "Depot system rollout: plan and forecast", font=title, fill=_INK)
    bottom = _TOP + _ROW * len(_WORKSTREAMS)
    for week in range(1, _WEEKS + 2):
        draw.line([(_x(week), _TOP - 8), (_x(week), bottom)], fill=_GRID, width=1)
        if week <= _WEEKS:
            draw.text((_x(week) + 16, _TOP - 28), f"W{week}", font=small, fill=_INK)
    for row, (name, planned, forecast) in enumerate(_WORKSTREAMS):
        top = _TOP + row * _ROW
        draw.text((16, top + 12), name, font=small, fill=_INK)
        late = forecast[1] > planned[1]
        if planned[0] == planned[1] and forecast[0] == forecast[1]:  # a milestone: diamonds
            for week, filled in ((planned[0], False), (forecast[0], True)):
                middle, centre = _x(week) + _WEEK // 2, top + _ROW // 2
                diamond = [(middle, centre - 11), (middle + 11, centre), (middle, centre + 11),
                           (middle - 11, centre)]  # fmt: skip
                colour = _LATE if late else _ON_TIME
                draw.polygon(diamond, fill=colour if filled else None, outline=colour, width=2)
            continue
        draw.rectangle(
            [(_x(planned[0]) + 2, top + 8), (_x(planned[1] + 1) - 2, top + _ROW - 8)],
            outline=_PLAN,
            width=2,
        )
        draw.rectangle(
            [(_x(forecast[0]) + 6, top + 14), (_x(forecast[1] + 1) - 6, top + _ROW - 14)],
            fill=_LATE if late else _ON_TIME,
        )
    today = _x(_TODAY)
    draw.line([(today, _TOP - 10), (today, bottom + 6)], fill=_TODAY_RED, width=3)
    draw.text((today + 6, bottom + 8), "Today", font=small, fill=_TODAY_RED)
    legend_y = _SIZE[1] - 28
    draw.rectangle([(16, legend_y), (44, legend_y + 14)], outline=_PLAN, width=2)
    draw.text((52, legend_y - 1), "Plan", font=small, fill=_INK)
    draw.rectangle([(110, legend_y + 3), (138, legend_y + 11)], fill=_ON_TIME)
    draw.text((146, legend_y - 1), "Forecast", font=small, fill=_INK)
    draw.rectangle([(230, legend_y + 3), (258, legend_y + 11)], fill=_LATE)
    draw.text((266, legend_y - 1), "Forecast, late", font=small, fill=_INK)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


CHART_THREAD = {
    "forum": "project-management",
    "title": "Is one Gantt line per workstream enough for a steering group?",
    "author": "kenji_mori",
    "context": "internal",
    "tags": ["Reporting", "Stakeholder Management"],
    "hours_ago": 11,
    "body": f"""\
Our steering group gets a fourteen-page status pack every fortnight and, by their own \
admission, reads page one. For the depot system rollout I have started replacing the pack \
with a single chart: one line per workstream, the plan as an outline, the forecast filled \
in, and a line for today.

{CHART_PLACEHOLDER}

It fits on one slide, and at the last meeting the conversation went straight to the late \
build, which is exactly what we needed to talk about. My worry is that it hides too much: \
there is no RAG status, no budget and no risks on it.

Is a chart like this enough for a steering group on an internal project, or am I making it \
too easy to miss things?""",
    "replies": [
        {
            "author": "hannah_lindqvist",
            "body": """\
Keep the chart; it is the best status slide I have seen this month. I would add a box of \
three lines underneath rather than going back to the pack:

1. the one decision you need from them this time
2. the top risk, in a sentence, with its owner
3. spend against budget, as a single number

Steering groups remember decisions, not pages.""",
        },
        {
            "author": "priya_raman",
            "body": """\
The outline-versus-filled bars do the work a RAG column pretends to do. One small change: \
write the slip on the late bars themselves ("+2 weeks"), so that nobody has to count grid \
lines to see it, and keep last month's chart one click away for anyone who asks how the \
forecast moved.""",
        },
    ],
}
