"""The editor's preview: the compiled block list drawn as simple HTML (what the DOCX says)."""

from __future__ import annotations

import re
from base64 import b64encode
from html import escape

from fieldjournal.domain.chapters import ProseKind, Run
from fieldjournal.exchange.chapter_blocks import (
    SOURCE_COLUMNS,
    Compiled,
    ExcerptBlock,
    FigureBlock,
    Heading,
    Placeholder,
    Problem,
    ProseBlock,
    ReferencesList,
    SourcesTable,
)

_UNKNOWN = re.compile(r"\[@[^\]\s]+\?\]")  # a citekey the journal has no reference for
# Its own background as well as its colour: it reads on a light or a dark palette alike.
WARNING_STYLE = "color:#a33; background:#fbeaea"
_UNKNOWN_MARK = rf'<span style="{WARNING_STYLE}"><b>\g<0></b></span>'
PREVIEW_FIGURE_WIDTH = 480
_QUOTE = '<blockquote style="margin-left:24px; margin-right:24px">{}</blockquote>'


def _runs(runs: tuple[Run, ...], *, in_italics: bool = False) -> str:
    """Runs as HTML; ``in_italics`` (a quote): emphasis stands upright, as in the export."""
    parts = []
    for run in runs:
        text = _UNKNOWN.sub(_UNKNOWN_MARK, escape(run.text)).replace("\n", "<br>")
        if run.strong:
            text = f"<b>{text}</b>"
        if run.emphasis and in_italics:
            text = f'<span style="font-style:normal">{text}</span>'
        elif run.emphasis:
            text = f"<i>{text}</i>"
        parts.append(text)
    return "".join(parts)


def preview_html(compiled: Compiled) -> str:
    """HTML for QTextBrowser; lists are drawn item by item, as the blocks come."""
    out = []
    number = 0
    for block in compiled.blocks:
        if isinstance(block, Heading):
            tag = "h1" if block.level == 0 else f"h{block.level + 1}"
            out.append(f"<{tag}>{escape(block.text)}</{tag}>")
        elif isinstance(block, ProseBlock):
            if block.kind is ProseKind.BULLET:
                out.append(f"<p>&bull; {_runs(block.runs)}</p>")
            elif block.kind is ProseKind.NUMBERED:
                number = 1 if block.list_start else number + 1
                out.append(f"<p>{number}. {_runs(block.runs)}</p>")
            elif block.kind is ProseKind.QUOTE:
                out.append(_QUOTE.format(f"<i>{_runs(block.runs)}</i>"))
            else:
                out.append(f"<p>{_runs(block.runs)}</p>")
        elif isinstance(block, ExcerptBlock):
            *first, last = block.lines
            body = [f"<p><i>{_runs(line, in_italics=True)}</i></p>" for line in first]
            body.append(f"<p><i>{_runs(last, in_italics=True)}</i> {escape(block.citation)}</p>")
            out.append(_QUOTE.format("".join(body)))
        elif isinstance(block, FigureBlock):
            source = "data:image/png;base64," + b64encode(block.image).decode("ascii")
            out.append(
                f'<p align="center"><img src="{source}" width="{PREVIEW_FIGURE_WIDTH}"></p>'
                f'<p align="center"><i>{escape(block.caption_text)}</i></p>'
            )
        elif isinstance(block, Placeholder):
            out.append(_QUOTE.format(f"<p><b>{escape(block.text)}</b></p>"))
        elif isinstance(block, Problem):
            out.append(
                f'<p style="{WARNING_STYLE}"><b>{escape(block.token)}</b><br>'
                f"{escape(block.problem)}</p>"
            )
        elif isinstance(block, SourcesTable):
            out.append(f"<h2>{escape(block.heading)}</h2>{_sources_table(block)}")
        elif isinstance(block, ReferencesList):
            out.append(f"<h2>{escape(block.heading)}</h2>")
            out.extend(
                f'<p style="margin-left:24px; text-indent:-24px">{_runs(e)}</p>'
                for e in block.entries
            )
    for warning in compiled.warnings:
        out.append(f'<p style="{WARNING_STYLE}">Warning: {escape(warning)}</p>')
    return "\n".join(out)


def _sources_table(block: SourcesTable) -> str:
    """The sources as one hanging-indented line each: the date in bold, then the kind,
    the site and the title in italics, whatever is known. The preview stands in a side
    pane a third of the window wide, where the DOCX's four columns broke words in the
    middle ("observa/tion", "communit/y hall"); a line wraps between words at any width.
    The column headings become the line's order, told once above the list."""
    order = ", ".join(label.lower() for label in SOURCE_COLUMNS)
    lines = [f"<p><i>{escape(order.capitalize())}</i></p>"]
    for row in block.rows:
        parts = [f"<b>{escape(row.date)}</b>", *(escape(v) for v in (row.kind, row.site) if v)]
        if row.title:
            parts.append(f"<i>{escape(row.title)}</i>")
        lines.append(f'<p style="margin-left:24px; text-indent:-24px">{", ".join(parts)}</p>')
    return "".join(lines)
