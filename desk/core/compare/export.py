"""Comparisons as documents: export or print them as HTML or DOCX with the window's colours.

``comparison_document(result, name_a, name_b)`` lays a :class:`~desk.core.compare.versions.Comparison`
out as a three-column table (A | what happened | B), each row shaded by what happened to the
sentence (the same colours as the compare window, :data:`OP_COLORS`), word changes marked inside
changed and moved pairs (deleted words struck through on a red ground on A's side, inserted
words on a green ground on B's), every cell right-to-left when its language is. Sentences are
named as people name them ("¶3, sentence 1", "headline"), not by their internal ids.
``export_comparison`` writes it through the writers registry (the format follows the suffix).
"""
from __future__ import annotations

from pathlib import Path

from desk.core.brief.document import Cell, Document, Line, Run, Table
from desk.core.brief.writers import write_document
from desk.core.compare.align import DiffToken
from desk.core.compare.versions import Comparison, Item, Pair, SummaryComparison
from desk.core.languages import display_name
from desk.core.model import sentence_label
from desk.core.text.langid import detect_lang

OP_COLORS = {"equal": "#ffffff", "changed": "#fff4cc", "added": "#dff3dc", "removed": "#fbe0dd", "moved": "#e6e1fa"}
OP_LABELS = {"equal": "=", "changed": "changed", "added": "added", "removed": "removed", "moved": "moved"}
HEADER_COLOR = "#eeeeee"
MODE_LABELS = {"same-language": "two versions", "cross-language": "two versions in two languages",
               "translations": "two translations"}


def diff_runs(diff: list[DiffToken], side: str) -> list[Run]:
    """One side of a word diff: A = equal + deleted words, B = equal + inserted words."""
    hidden = "insert" if side == "a" else "delete"
    return [Run(text, "delete" if op == "delete" else "insert" if op == "insert" else "")
            for op, text in diff if op != hidden]


def _side(item: Item | None, pair: Pair, side: str, lang: str, mt_lang: str) -> Cell:
    fill = OP_COLORS[pair.op]
    if item is None:
        return Cell("", lang, fill=fill)
    lines = [Line([Run(sentence_label(item.id))], "en", small=True)]
    if item.translation is not None:  # cross-language: the text, then the machine translation compared
        lines.append(Line([Run(item.text)], lang))
        mt = diff_runs(pair.diff, side) if pair.diff else [Run(item.translation)]
        lines.append(Line([Run("MT: "), *mt], mt_lang, small=True))
    else:
        lines.append(Line(diff_runs(pair.diff, side) if pair.diff else [Run(item.text)], lang))
    return Cell(item.text, lang, fill=fill, lines=lines)


def _op_cell(pair: Pair) -> Cell:
    label = OP_LABELS[pair.op]
    lines = [Line([Run(label)], "en")]
    if pair.op in ("changed", "moved") and pair.similarity:
        lines.append(Line([Run(f"{pair.similarity:.0%}")], "en", small=True))
    return Cell(label, "en", fill=OP_COLORS[pair.op], lines=lines, bold=True)


def _side_lang(items: list[Item | None]) -> str:
    """The language of one side's text, for results built without one (``compare_cross_language``)."""
    return detect_lang(" ".join(i.text for i in items if i is not None)[:2000], default="en")


def comparison_document(result: Comparison, name_a: str = "A", name_b: str = "B", *,
                        hide_equal: bool = False) -> Document:
    lang_a = result.lang_a or _side_lang([p.a for p in result.pairs])
    lang_b = result.lang_b or _side_lang([p.b for p in result.pairs])
    mt_lang = lang_b if result.translated_side == "a" else lang_a
    title = f"Comparison: {name_a} / {name_b}"
    doc = Document(title=title, lang="en")
    doc.add("title", title, "en")
    counts = " · ".join(f"{n} {op}" for op, n in result.counts().items() if n)
    doc.add("meta", f"{MODE_LABELS.get(result.mode, result.mode).capitalize()}: {counts}", "en")
    table = Table(header=[Cell(f"A: {name_a} ({display_name(lang_a)})", "en", fill=HEADER_COLOR),
                          Cell("", "en", fill=HEADER_COLOR),
                          Cell(f"B: {name_b} ({display_name(lang_b)})", "en", fill=HEADER_COLOR)],
                  widths=[46, 8, 46])
    for pair in result.pairs:
        if hide_equal and pair.op == "equal":
            continue
        table.rows.append([_side(pair.a, pair, "a", lang_a, mt_lang), _op_cell(pair),
                           _side(pair.b, pair, "b", lang_b, mt_lang)])
    doc.items.append(table)
    return doc


def summaries_document(result: SummaryComparison, lang: str, title: str = "Summaries compared") -> Document:
    """Two summaries of one text: every sentence either picked, marked by which picked it."""
    doc = Document(title=title, lang="en")
    doc.add("title", title, "en")
    doc.add("meta", f"{result.algorithm_a} / {result.algorithm_b}: {result.common} of {len(result.rows)} "
                    f"sentences picked by both ({result.agreement:.0%})", "en")
    table = Table(header=[Cell("Sentence", "en", fill=HEADER_COLOR), Cell(result.algorithm_a, "en", fill=HEADER_COLOR),
                          Cell(result.algorithm_b, "en", fill=HEADER_COLOR)], widths=[70, 15, 15])
    for row in result.rows:
        fill = OP_COLORS["added"] if row.agree else OP_COLORS["removed"] if row.in_a else "#dde9fb"

        def mark(picked: bool, score: float | None) -> str:
            return f"✓ {score:.2f}" if picked and score is not None else ("✓" if picked else "")

        text = Cell(row.text, lang, fill=fill, lines=[Line([Run(sentence_label(row.id))], "en", small=True),
                                                      Line([Run(row.text)], lang)])
        table.rows.append([text, Cell(mark(row.in_a, row.score_a), "en", fill=fill),
                           Cell(mark(row.in_b, row.score_b), "en", fill=fill)])
    doc.items.append(table)
    return doc


def export_comparison(result: Comparison, path: Path, fmt: str | None = None, *, name_a: str = "A",
                      name_b: str = "B", hide_equal: bool = False) -> Path:
    """Write the comparison (HTML, DOCX, Markdown or text; the format follows the suffix). Atomic."""
    return write_document(comparison_document(result, name_a, name_b, hide_equal=hide_equal), Path(path), fmt)


def export_summaries(result: SummaryComparison, lang: str, path: Path, fmt: str | None = None) -> Path:
    return write_document(summaries_document(result, lang), Path(path), fmt)
