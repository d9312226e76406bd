"""A small mixed Arabic/English document the writer tests share."""
from __future__ import annotations

from desk.core.brief.document import Cell, Document, Table


def sample() -> Document:
    doc = Document("عنوان التقرير", "ar")
    doc.add("title", "عنوان التقرير")
    doc.add("meta", "Source: pasted · 2025-03-01", "en")
    doc.add("heading", "الملخص")
    doc.add("paragraph", "قال الوزير إن الخطة تبدأ العام المقبل.")
    doc.add("paragraph", "The minister said | the plan starts next year.", "en")
    doc.items.append(Table([Cell("Arabic", "en"), Cell("English", "en")],
                           [[Cell("مرحبا | بكم", "ar"), Cell("Welcome", "en")]]))
    return doc
