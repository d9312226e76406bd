"""The summary controller alone (no main window): original, then the document's translation."""
from __future__ import annotations

from desk.core.model import Target, Translation
from desk.core.summary.summarize import ALGORITHMS
from desk.core.text.articles import articles_from_text
from desk.gui.summary.controller import SummaryController
from desk.gui.summary.controls import SummaryControls
from tests.gui.mocked import StandIn

EN = ("Council approves budget\n\nThe council approved the budget on Monday. Critics said it ignores roads. "
      "The mayor defended it. Teachers welcomed the decision. A vote is expected next month.\n")


def test_summary_of_original_then_of_translation(qtbot) -> None:  # noqa: ANN001
    stand = StandIn()
    controls = SummaryControls(list(ALGORITHMS), stand.settings.summary_prefs())
    pane = stand.pane("Summary")
    controller = SummaryController(stand.document, stand.operations, stand.settings, pane, controls)
    article = articles_from_text(EN, "b.txt")[0]
    with qtbot.waitSignal(controller.summary_changed, check_params_cb=lambda s: s is not None, timeout=10000):
        stand.document.set_articles([article], "b.txt")
    assert controller.summary.lang == "en" and controller.summary.picks

    prefs = controls.prefs()
    prefs.source = "translation"
    controls.set_prefs(prefs)
    controller.refresh_now()
    assert not pane.view.isVisible() or controller.summary is None  # nothing to summarize yet
    translation = Translation("m", "en", "ar", article.id,
                              {s.id: Target(f"جملة عربية رقم {k} عن الميزانية والمدارس.")
                               for k, s in enumerate(article.all_sentences())})
    with qtbot.waitSignal(controller.summary_changed, check_params_cb=lambda s: s is not None, timeout=10000):
        stand.document.set_translation((article.id, "en-ar"), translation)
    assert controller.summary.lang == "ar"
    assert {p.sentence_id for p in controller.summary.picks} <= {s.id for s in article.sentences()}
    stand.close()
