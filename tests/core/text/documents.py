"""Documents the reader tests build: sample sentences, a hand-made PDF, a DOCX, a web page."""
from __future__ import annotations

from pathlib import Path

AR = (
    "قال وزير الخارجية إن الاجتماع المقبل سيعقد في العاصمة يوم الأحد. "
    "وأضاف أن الوفود ستناقش ملفات المياه والطاقة والتجارة."
)
EN = "The council met on Monday. Officials said the new bridge would open next year."
LATIN1 = "Le café de la gare a rouvert. Señor Núñez était là, très ému, à côté du maître."


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# --- PDF built by hand: one page, a standard font, real text operators ----------------------


def _pdf(content: bytes, with_font: bool = True) -> bytes:
    resources = b"/Resources << /Font << /F1 5 0 R >> >>" if with_font else b"/Resources << >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] " + resources + b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def text_pdf(lines: list[str]) -> bytes:
    escaped = [line.encode("latin-1").replace(b"(", b"\\(").replace(b")", b"\\)") for line in lines]
    ops = b" ".join(b"(" + line + b") Tj T*" for line in escaped)
    return _pdf(b"BT /F1 12 Tf 72 720 Td 16 TL " + ops + b" ET")


def image_only_pdf() -> bytes:
    # A 2x2 grey inline image and no text operators: what a scan without OCR looks like.
    return _pdf(b"q 100 0 0 100 72 600 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI Q", with_font=False)


# --- DOCX and HTML ------------------------------------------------------------------------


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Water plant opens", level=0)
    document.add_paragraph("The new plant produces fresh water for three towns.")
    document.add_paragraph("")
    table = document.add_table(rows=1, cols=1)
    table.rows[0].cells[0].text = "Figures in a table cell."
    document.add_paragraph(AR)
    document.save(str(path))
    return path


PAGE = (
    """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Port reopens | The Daily Example</title></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<header><div class="brand">The Daily Example</div><form><input name="q"> Search</form></header>
<main><article>
<h1>Port reopens after three-day storm</h1>
"""
    "<p>The port reopened on Friday after a storm that lasted three days forced the authorities to halt all "
    "traffic in and out of the harbour.</p>\n"
    "<p>Dozens of cargo ships had waited offshore, and the harbour master said it would take a week to clear "
    "the backlog of vessels.</p>\n"
    "<p>Fishermen, who lost three days of work, asked the city council for compensation.<br>"
    "The council will meet on Monday.</p>\n"
    """</article></main>
<aside>Most read: celebrity gossip you will not believe</aside>
<footer>Copyright 2026 The Daily Example. All rights reserved. Privacy policy. Cookie settings.</footer>
<script>var tracking = "do not read me";</script>
</body></html>"""
)
