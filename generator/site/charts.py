"""Bar charts drawn at build time as accessible SVG, each with a data table.

The editors' report shows its figures as charts, but a chart is only a
picture: each SVG is a labelled image (`role="img"` named by its `<title>`
and `<desc>`), and the same numbers follow as a real `<table>`, which screen
readers, keyboard users and anyone who zooms can read. No script, no web
font (the system's sans-serif), no style attribute (a strict
Content-Security-Policy blocks those); colours meet WCAG 2.2 contrast on
white: 3:1 for the bars (non-text graphics), 4.5:1 for the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

TEXT_COLOUR = "#0b0c0c"  # GOV.UK text: 19:1 on white
BAR_COLOUR = "#1d70b8"  # GOV.UK blue: 5.2:1 on white
AXIS_COLOUR = "#505a5f"  # GOV.UK secondary text: 7:1 on white
BACKGROUND = "#ffffff"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"

WIDTH = 640
ROW = 56  # a label line, then its bar
PAD = 8
VALUE_ROOM = 72  # space kept right of the longest bar for its number
FONT_SIZE = 16


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int


def _attrs(**values: object) -> str:
    return " ".join(
        f'{name.replace("_", "-")}="{escape(str(value))}"' for name, value in values.items()
    )


def bar_chart_svg(chart_id: str, title: str, description: str, bars: Sequence[Bar]) -> str:
    """A horizontal bar chart, one row per bar: the label above, the bar and its number below.

    Labels sit above their bars so that long names ("Social, emotional and
    mental health") are never cut; the chart scales to its container.
    """
    height = PAD * 2 + ROW * len(bars)
    most = max((bar.value for bar in bars), default=0)
    room = WIDTH - 2 * PAD - VALUE_ROOM
    title_id, desc_id = f"chart-{chart_id}-title", f"chart-{chart_id}-desc"
    rows = []
    for index, bar in enumerate(bars):
        top = PAD + index * ROW
        length = round(room * bar.value / most) if most else 0
        rows.append(
            f"<text {_attrs(x=PAD + 6, y=top + 18)}>{escape(bar.label)}</text>"
            + (
                f"<rect {_attrs(x=PAD + 1, y=top + 26, width=length, height=20, fill=BAR_COLOUR)}/>"
                if length
                else ""
            )
            + f"<text {_attrs(x=PAD + length + 8, y=top + 42)}>{bar.value:,}</text>"
        )
    axis = _attrs(x1=PAD, y1=PAD, x2=PAD, y2=height - PAD, stroke=AXIS_COLOUR, stroke_width=1)
    svg = _attrs(
        xmlns="http://www.w3.org/2000/svg",
        role="img",
        aria_labelledby=f"{title_id} {desc_id}",
        viewBox=f"0 0 {WIDTH} {height}",
        width="100%",
        preserveAspectRatio="xMinYMin meet",
        font_family=FONT,
        font_size=FONT_SIZE,
        fill=TEXT_COLOUR,
    )
    return (
        f'<svg {svg} class="lo-chart__svg">'
        f'<title id="{escape(title_id)}">{escape(title)}</title>'
        f'<desc id="{escape(desc_id)}">{escape(description)}</desc>'
        f"<rect {_attrs(width=WIDTH, height=height, fill=BACKGROUND)}/>"
        f"{''.join(rows)}<line {axis}/></svg>"
    )


def data_table(title: str, bars: Sequence[Bar], *, label_header: str, value_header: str) -> str:
    """The chart's numbers as a table: its text equivalent."""
    rows = "".join(
        f'<tr><th scope="row">{escape(bar.label)}</th><td>{bar.value:,}</td></tr>' for bar in bars
    )
    return (
        f'<table class="govuk-table"><caption>{escape(title)}</caption><thead><tr>'
        f'<th scope="col">{escape(label_header)}</th><th scope="col">{escape(value_header)}</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[Bar],
    *,
    label_header: str,
    value_header: str = "Services",
) -> str:
    """A section with a heading, the SVG chart and its table."""
    return (
        f'<section class="lo-chart" aria-labelledby="chart-{escape(chart_id)}">'
        f'<h2 id="chart-{escape(chart_id)}">{escape(title)}</h2>'
        f"{bar_chart_svg(chart_id, title, description, bars)}"
        f"{data_table(title, bars, label_header=label_header, value_header=value_header)}"
        "</section>"
    )
