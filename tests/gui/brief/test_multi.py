"""Several articles selected in the list, one brief of all of them; saving remembers the folder.

Set ``DESK_SCREENSHOTS_DIR=docs/screenshots`` to also save ``brief-multi-ar.png``.
"""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desk.gui.main_window import MainWindow
from tests.gui.conftest import open_file
from tests.gui.test_workflows_screens import save_shot

pytestmark = pytest.mark.gui

AR_FEED = [
    ("المبعوث الأممي يصل إلى جنيف. والمحادثات تستأنف", "المبعوث لدى وصوله إلى المطار (أ ف ب)",
     ["جنيف، 9 فبراير (رويترز) - وصل المبعوث الأممي إلى جنيف يوم الأحد لاستئناف المحادثات بين الطرفين.",
      "وقال المبعوث إن الجولة الجديدة ستركز على تبادل الأسرى وفتح المعابر. وأضاف أن الوفدين أبديا مرونة.",
      "ومن المتوقع أن تستمر المحادثات أسبوعاً كاملاً قبل رفع التوصيات إلى مجلس الأمن."]),
    ("محطة شمسية جديدة تزود ثلاث بلدات بالمياه", "ألواح شمسية قرب المحطة (صورة أرشيفية)",
     ["بدأت محطة لتحلية المياه تعمل بالطاقة الشمسية تزويد ثلاث بلدات ساحلية بمياه الشرب.",
      "وتنتج المحطة 12 ألف متر مكعب يومياً. وقال مهندسون إنها ستعمل بكامل طاقتها نهاراً."]),
    ("المكتبة العامة تمدد ساعات العمل خلال الامتحانات", "طلاب في القاعة الرئيسية للمكتبة (صورة)",
     ["أعلنت المكتبة العامة أنها ستبقى مفتوحة حتى منتصف الليل خلال موسم الامتحانات.",
      "وقالت الإدارة إنها عينت موظفين إضافيين لهذه الفترة. ورحب الطلاب بالقرار."]),
]


def write_feed(path: Path) -> Path:
    chunks = []
    for title, caption, paragraphs in AR_FEED:
        chunks.append("\n".join([title, "", caption, caption, "TT", "", title, "", caption, caption]) + "\n\n"
                      + "\n\n".join(paragraphs))
    path.write_text("\n\n".join(chunks) + "\n", encoding="utf-8")
    return path


def test_brief_of_several_selected_articles_in_arabic(qtbot, window: MainWindow, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    open_file(qtbot, window, write_feed(tmp_path / "feed-ar.txt"))
    assert [a.title for a in window.document.articles] == [t for t, _, _ in AR_FEED]
    window.article_list.setFocus()
    qtbot.keyClick(window.article_list, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    assert len(window.article_list.selectedItems()) == 3 and len(window.document.chosen_articles()) == 3

    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    dialog = window.workflows.brief_dialog
    qtbot.waitUntil(lambda: dialog.brief is not None and not dialog.busy(), timeout=15000)
    collection = dialog.brief
    assert collection.lang == "ar" and [b.title for b in collection.briefs] == [t for t, _, _ in AR_FEED]
    assert "3 articles" in dialog.articles_label.text()
    preview = dialog.preview.toPlainText()
    assert all(t in preview for t, _, _ in AR_FEED) and "المصدر: \u2066feed-ar.txt\u2069" in preview
    dialog.resize(900, 700)
    save_shot(dialog, "brief-multi-ar.png")

    picked: list[str] = []

    def save_dialog(_parent, _caption, suggested, *_args):  # noqa: ANN001, ANN202
        picked.append(suggested)
        return str(tmp_path / "out" / "day.docx"), ""

    (tmp_path / "out").mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("txt"))  # the name's suffix decides, not the combo
    handle = dialog.save()
    qtbot.waitUntil(lambda: handle.finished, timeout=10000)
    assert handle.outcome == "succeeded", handle.error
    assert dialog.format.currentData() == "docx"
    d = docx.Document(str(tmp_path / "out" / "day.docx"))
    heads = [p for p in d.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in heads] == [t for t, _, _ in AR_FEED]
    assert all(p._p.pPr.find(qn("w:bidi")) is not None for p in heads)
    assert Path(picked[0]).name.startswith("موجز الأخبار عدد المقالات 3 ") and picked[0].endswith(".txt")

    handle = dialog.save()  # the next save dialog opens where the last one saved
    qtbot.waitUntil(lambda: handle.finished, timeout=10000)
    assert Path(picked[1]).parent == tmp_path / "out"


def test_single_article_save_suggests_the_whole_headline(qtbot, window: MainWindow, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    title = "International Coalition to End Mission in Iraq, Keep Going in Syria"
    path = tmp_path / "one.txt"
    path.write_text(f"{title}\n\nThe coalition will end its mission. Officials said so on Friday.\n", encoding="utf-8")
    open_file(qtbot, window, path)
    dialog = window.workflows.open_brief_dialog()
    qtbot.waitUntil(lambda: dialog.brief is not None and not dialog.busy(), timeout=10000)
    picked: list[str] = []

    def cancel(_parent, _caption, suggested, *_args):  # noqa: ANN001, ANN202
        picked.append(suggested)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", cancel)
    assert dialog.save() is None  # cancelled
    assert Path(picked[0]).name == f"{title}.docx"
