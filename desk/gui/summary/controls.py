"""The summary controls (a view): algorithm, length rule and which text to summarize."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QHBoxLayout, QSpinBox, QStackedWidget, QWidget

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

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        widgets: tuple[QWidget, ...] = (self.algorithm, self.amount, self.mode, self.source)
        for widget in widgets:
            layout.addWidget(widget)

        self.set_prefs(prefs)
        self.algorithm.currentIndexChanged.connect(self._emit)
        self.mode.currentIndexChanged.connect(self._on_mode)
        self.sentences.valueChanged.connect(self._emit)
        self.ratio.valueChanged.connect(self._emit)
        self.words.valueChanged.connect(self._emit)
        self.source.currentIndexChanged.connect(self._emit)

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
