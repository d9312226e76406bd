"""The summary controls (a view): algorithm, length rule and which text to summarize."""
from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QGridLayout, QSpinBox, QStackedWidget, QWidget

from desk.core.settings import SummaryPrefs

ALGORITHM_LABELS = {
    "lexrank": "LexRank",
    "lsa": "LSA",
    "textrank": "TextRank",
    "luhn": "Luhn",
    "edmundson": "Edmundson",
    "kl": "KL-Sum",
    "sumbasic": "SumBasic",
    "reduction": "Reduction",
    "lead": "Lead",
}


class SummaryControls(QWidget):
    changed = Signal()

    def __init__(self, algorithms: list[str], prefs: SummaryPrefs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.algorithm = QComboBox()
        self.algorithm.setObjectName("summary_algorithm")
        self.algorithm.setToolTip("Summarization algorithm")
        for name in algorithms:
            self.algorithm.addItem(ALGORITHM_LABELS.get(name, name), name)

        self.mode = QComboBox()
        self.mode.setObjectName("summary_length_mode")
        self.mode.setToolTip("How the summary length is measured")
        for key, label in (("sentences", "sentences"), ("ratio", "% of text"), ("words", "words")):
            self.mode.addItem(label, key)

        self.sentences = QSpinBox()
        self.sentences.setRange(1, 50)
        self.ratio = QDoubleSpinBox()
        self.ratio.setRange(1, 100)
        self.ratio.setDecimals(0)
        self.ratio.setSuffix(" %")
        self.words = QSpinBox()
        self.words.setRange(5, 2000)
        self.words.setSingleStep(10)
        self.amount = QStackedWidget()
        for w, name in ((self.sentences, "sentences"), (self.ratio, "ratio"), (self.words, "words")):
            w.setObjectName(f"summary_{name}")
            self.amount.addWidget(w)

        self.source = QComboBox()
        self.source.setObjectName("summary_source")
        self.source.setToolTip("Summarize the original or the translation")
        self.source.addItem("of original", "original")
        self.source.addItem("of translation", "translation")

        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(4)
        self.two_rows = False
        self._arrange(False)

        self.set_prefs(prefs)
        self.algorithm.currentIndexChanged.connect(self._emit)
        self.mode.currentIndexChanged.connect(self._on_mode)
        self.sentences.valueChanged.connect(self._emit)
        self.ratio.valueChanged.connect(self._emit)
        self.words.valueChanged.connect(self._emit)
        self.source.currentIndexChanged.connect(self._emit)

    def _widgets(self) -> tuple[QWidget, ...]:
        return (self.algorithm, self.amount, self.mode, self.source)

    def _arrange(self, two_rows: bool) -> None:
        """One row when the pane is wide enough, else two (algorithm and source above, length
        below), so a narrow Summary pane never holds the others to its controls' width."""
        for w in self._widgets():
            self.grid.removeWidget(w)
        if two_rows:
            places = ((0, 0, 1, 2), (1, 0, 1, 1), (1, 1, 1, 2), (0, 2, 1, 1))
        else:
            places = ((0, 0, 1, 1), (0, 1, 1, 1), (0, 2, 1, 1), (0, 3, 1, 1))
        for w, (row, col, rows, cols) in zip(self._widgets(), places):
            self.grid.addWidget(w, row, col, rows, cols)
        self.two_rows = two_rows

    def one_row_width(self) -> int:
        return sum(w.sizeHint().width() for w in self._widgets()) + 3 * self.grid.spacing()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(self.one_row_width(), super().sizeHint().height())  # asks for one row's width

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        widths = (self.algorithm.minimumSizeHint().width() + self.source.minimumSizeHint().width(),
                  self.amount.minimumSizeHint().width() + self.mode.minimumSizeHint().width())
        return QSize(max(widths) + self.grid.spacing(), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        two_rows = event.size().width() < self.one_row_width()
        if two_rows != self.two_rows:
            self._arrange(two_rows)
        super().resizeEvent(event)

    def set_prefs(self, p: SummaryPrefs) -> None:
        self.blockSignals(True)
        i = self.algorithm.findData(p.algorithm)
        self.algorithm.setCurrentIndex(max(0, i))
        self.mode.setCurrentIndex(max(0, self.mode.findData(p.length_mode)))
        self.amount.setCurrentIndex(self.mode.currentIndex())
        self.sentences.setValue(p.sentences)
        self.ratio.setValue(round(p.ratio * 100))
        self.words.setValue(p.words)
        self.source.setCurrentIndex(max(0, self.source.findData(p.source)))
        self.blockSignals(False)

    def prefs(self) -> SummaryPrefs:
        return SummaryPrefs(
            algorithm=str(self.algorithm.currentData()),
            length_mode=str(self.mode.currentData()),
            sentences=self.sentences.value(),
            ratio=self.ratio.value() / 100.0,
            words=self.words.value(),
            source=str(self.source.currentData()),
        )

    def _on_mode(self) -> None:
        self.amount.setCurrentIndex(self.mode.currentIndex())
        self._emit()

    def _emit(self, *_args: object) -> None:
        if not self.signalsBlocked():
            self.changed.emit()
