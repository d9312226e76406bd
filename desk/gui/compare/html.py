"""Comparison results as HTML for the compare window: an aligned two-column table.

Rows are coloured by op (equal, changed, added, removed, moved: the colours of the exports,
:data:`desk.core.compare.export.OP_COLORS`); sentences are named "¶3, sentence 1"; inside changed and moved pairs
the word differences are marked (deleted words struck through on A's side, inserted words on
B's). Arabic cells are right-to-left paragraphs. Pure functions: core results in, HTML out.
"""
from __future__ import annotations

import html
from typing import TYPE_CHECKING

from desk.core.compare.export import OP_COLORS, OP_LABELS
from desk.core.languages import display_name as lang_name
from desk.core.languages import is_rtl
from desk.core.model import sentence_label

if TYPE_CHECKING:
    from desk.core.compare.versions import Comparison, Item, SummaryComparison

DELETE_STYLE = "background-color:#f6b8b0; text-decoration:line-through;"
INSERT_STYLE = "background-color:#a9dfa2;"


def _para(inner: str, lang: str, small: bool = False) -> str:
    rtl = is_rtl(lang)
    style = "color:#666666; font-size:small;" if small else ""
    family = "font-family:'Noto Naskh Arabic';" if rtl else ""
    return (f'<p dir="{"rtl" if rtl else "ltr"}" align="{"right" if rtl else "left"}" '
            f'style="margin:0; {family}{style}">{inner}</p>')


def _diff_side(diff: list[tuple[str, str]], side: str) -> str:
    """The tokens of one side of a word diff: A = equal + deleted, B = equal + inserted."""
    hidden, shown, style = ("insert", "delete", DELETE_STYLE) if side == "a" else ("delete", "insert", INSERT_STYLE)
    out = []
    for op, text in diff:
        if op == hidden:
            continue
        out.append(f'<span style="{style}">{html.escape(text)}</span>' if op == shown else html.escape(text))
    return "".join(out)


def _cell(item: Item | None, lang: str, diff: list[tuple[str, str]], side: str, mt_lang: str) -> str:
    if item is None:
        return ""
    head = f'<span style="color:#888888; font-size:small;">{html.escape(sentence_label(item.id))}</span>'
    if item.translation is not None:  # cross-language: the text, then the machine translation compared
        mt = _diff_side(diff, side) if diff else html.escape(item.translation)
        return head + _para(html.escape(item.text), lang) + _para("MT: " + mt, mt_lang, small=True)
    return head + _para(_diff_side(diff, side) if diff else html.escape(item.text), lang)


def comparison_html(result: Comparison, hide_equal: bool = False) -> str:
    lang_a, lang_b = result.lang_a, result.lang_b
    mt_lang = lang_b if result.translated_side == "a" else lang_a
    rows = []
    for pair in result.pairs:
        if hide_equal and pair.op == "equal":
            continue
        label = OP_LABELS[pair.op]
        if pair.op in ("changed", "moved") and pair.similarity:
            label += f'<br><span style="font-size:small;">{pair.similarity:.0%}</span>'
        rows.append(
            f'<tr style="background-color:{OP_COLORS[pair.op]};">'
            f'<td width="46%">{_cell(pair.a, lang_a, pair.diff, "a", mt_lang)}</td>'
            f'<td width="8%" align="center" valign="middle"><b>{label}</b></td>'
            f'<td width="46%">{_cell(pair.b, lang_b, pair.diff, "b", mt_lang)}</td></tr>'
        )
    header = (f'<tr style="background-color:#eeeeee;"><th>A — {lang_name(lang_a)}</th><th></th>'
              f'<th>B — {lang_name(lang_b)}</th></tr>')
    return (f'<table width="100%" cellspacing="0" cellpadding="6" border="1" style="border-color:#dddddd;">'
            f'{header}{"".join(rows)}</table>')


def summaries_html(result: SummaryComparison, lang: str) -> str:
    rows = []
    for row in result.rows:
        color = "#dff3dc" if row.agree else "#fbe0dd" if row.in_a else "#dde9fb"

        def mark(picked: bool, score: float | None) -> str:
            return f"✓ {score:.2f}" if picked and score is not None else ("✓" if picked else "")

        rows.append(
            f'<tr style="background-color:{color};"><td width="70%">'
            f'<span style="color:#888888; font-size:small;">{html.escape(sentence_label(row.id))}</span>'
            f'{_para(html.escape(row.text), lang)}</td>'
            f'<td width="15%" align="center">{mark(row.in_a, row.score_a)}</td>'
            f'<td width="15%" align="center">{mark(row.in_b, row.score_b)}</td></tr>'
        )
    header = (f'<tr style="background-color:#eeeeee;"><th>Sentence</th><th>{html.escape(result.algorithm_a)}</th>'
              f'<th>{html.escape(result.algorithm_b)}</th></tr>')
    return (f'<table width="100%" cellspacing="0" cellpadding="6" border="1" style="border-color:#dddddd;">'
            f'{header}{"".join(rows)}</table>')
