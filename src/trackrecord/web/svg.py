"""The calibration chart as SVG, drawn on the server with no plotting library.

Group names come from ingested articles (authors, outlets, holders): hostile input. Every text
and attribute value is escaped, and the chart has no scripts, links or external references.
"""

from __future__ import annotations

from html import escape

from trackrecord.questions.scores import ScoreReport

WIDTH, HEIGHT = 640, 480
_LEFT, _RIGHT, _TOP, _BOTTOM = 60, 190, 40, 50
_COLOURS = ("#1b6ca8", "#d1495b", "#2e8b57", "#edae49", "#6a4c93")


def _x(p: float) -> float:
    return round(_LEFT + p * (WIDTH - _LEFT - _RIGHT), 1)


def _y(p: float) -> float:
    return round(HEIGHT - _BOTTOM - p * (HEIGHT - _TOP - _BOTTOM), 1)


def _text(x: float, y: float, words: str, *, extra: str = "") -> str:
    return f'<text x="{x}" y="{y}"{extra}>{escape(words)}</text>'


def calibration_svg(report: ScoreReport, scale: str, *, top: int = 5) -> str:
    """The calibration of the `top` largest groups under yardstick `scale`: forecast (bin mean)
    against observed frequency with 95% Wilson intervals, the diagonal, and bin counts.

    With nothing scored the chart says so instead of drawing empty axes.
    """
    groups = [g for g in report.groups if g.scale == scale][:top]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" font-family="sans-serif" font-size="12">',
        f"<title>{escape(f'Calibration by {report.by}, yardstick {scale}')}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
        _text(
            _LEFT,
            22,
            f"Calibration by {report.by}, yardstick {scale}",
            extra=' font-size="14" font-weight="bold"',
        ),
    ]
    x0, x1, y0, y1 = _x(0), _x(1), _y(0), _y(1)
    for tick in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0):
        parts.append(
            f'<line x1="{_x(tick)}" y1="{y0}" x2="{_x(tick)}" y2="{y1}" stroke="#eee"/>'
            f'<line x1="{x0}" y1="{_y(tick)}" x2="{x1}" y2="{_y(tick)}" stroke="#eee"/>'
        )
        parts.append(_text(_x(tick) - 8, y0 + 16, f"{tick:.1f}"))
        parts.append(_text(x0 - 30, _y(tick) + 4, f"{tick:.1f}"))
    parts.append(
        f'<rect x="{x0}" y="{y1}" width="{x1 - x0}" height="{y0 - y1}" fill="none" stroke="#888"/>'
    )
    parts.append(
        f'<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y1}" stroke="#999" stroke-dasharray="4 4"/>'
    )
    parts.append(_text((x0 + x1) / 2 - 90, HEIGHT - 12, "forecast probability (bin mean)"))
    parts.append(
        _text(
            16,
            (y0 + y1) / 2 + 110,
            "observed frequency (95% interval)",
            extra=f' transform="rotate(-90 16 {(y0 + y1) / 2 + 110})"',
        )
    )
    if not groups:
        parts.append(
            _text(x0 + 20, (y0 + y1) / 2, "nothing scored yet: link judgments, resolve questions")
        )
    for index, group in enumerate(groups):
        colour = _COLOURS[index % len(_COLOURS)]
        points = [(b.mean_forecast, b.observed, b) for b in group.calibration if b.count]
        if len(points) > 1:
            path = " ".join(f"{_x(f)},{_y(o)}" for f, o, _ in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}"/>')
        for f, o, b in points:
            parts.append(
                f'<line x1="{_x(f)}" y1="{_y(b.ci_low)}" x2="{_x(f)}" y2="{_y(b.ci_high)}" '
                f'stroke="{colour}"/>'
                f'<circle cx="{_x(f)}" cy="{_y(o)}" r="4" fill="{colour}"/>'
            )
            parts.append(_text(_x(f) + 6, _y(o) - 6, str(b.count), extra=f' fill="{colour}"'))
        legend_y = y1 + 14 + index * 20
        label = group.group if len(group.group) <= 22 else group.group[:21] + "…"
        parts.append(
            f'<rect x="{x1 + 14}" y="{legend_y - 9}" width="10" height="10" fill="{colour}"/>'
        )
        parts.append(_text(x1 + 30, legend_y, f"{label} (n={group.n})"))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
