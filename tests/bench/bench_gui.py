"""GUI responsiveness benchmark (not part of the test run).

Builds a random-weight model of the published OPUS-MT ara-eng shape (6+6 layers, d_model 512,
62k vocabulary, int8), opens the real main window offscreen with a document of the first N
FLORES-200 devtest Arabic sentences (or synthetic Arabic when ../shared is absent), presses
Translate and reports:

* the worst gap between ticks of a 20 ms QTimer on the GUI thread (event-loop stall),
* the time from the click to the first translated sentence shown in the Translation pane,
* the total translation time and the sentence count.

    QT_QPA_PLATFORM=offscreen python tests/bench/bench_gui.py [--sentences 20] [--json]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def document(n: int, folder: Path) -> Path:
    flores = ROOT.parent / "shared" / "eval" / "flores200" / "arb_Arab.devtest"
    if flores.is_file():
        lines = flores.read_text(encoding="utf-8").splitlines()[:n]
    else:
        from tests.mtfactory import synthetic_sentences

        lines = [s.rstrip(".") + "." for s in synthetic_sentences("ar", n)]
    paras = [" ".join(lines[i:i + 5]) for i in range(0, len(lines), 5)]
    path = folder / "flores-ar.txt"
    path.write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="desk-bench-gui-"))
    os.environ["DESK_DATA_DIR"] = str(tmp / "data")
    import shutil

    from tests import mtfactory

    t0 = time.monotonic()
    opus = mtfactory.build_base_shaped_opus_mt(tmp / "opus", "ar", "en")
    from desk.core.mt.store import ModelStore

    info = ModelStore().install(opus, "ar", "en", model_id="base-shaped-ar-en")
    shutil.rmtree(opus)
    build_s = time.monotonic() - t0

    from PySide6.QtCore import QEventLoop, QTimer

    from desk.app import create_app
    from desk.gui.main_window import MainWindow
    from tests.gui.test_responsiveness import StallMeter

    app = create_app()
    window = MainWindow(quiet_errors=True)
    window.resize(1400, 900)
    window.summarizer.set_enabled(False)
    window.show()

    def wait(condition, timeout_s: float) -> None:  # noqa: ANN001
        loop = QEventLoop()
        poll = QTimer()
        poll.timeout.connect(lambda: loop.quit() if condition() else None)
        poll.start(10)
        QTimer.singleShot(int(timeout_s * 1000), loop.quit)
        loop.exec()
        poll.stop()

    handle = window.files.open_path(document(args.sentences, tmp))
    wait(lambda: handle.finished, 60)
    if window.errors or window.document.current is None:
        print(f"cannot open the document: {window.errors}", file=sys.stderr)
        return 1
    total = len(list(window.document.current.all_sentences()))
    first: list[float] = []
    window.document.translation_changed.connect(lambda _a: first.append(time.monotonic()) if not first else None)
    meter = StallMeter()
    meter.start()
    clicked = time.monotonic()
    window.translate_bar.translate_button.click()
    job = window.translator.handle
    wait(lambda: job.finished, 1800)
    meter.stop()
    elapsed = time.monotonic() - clicked
    result = {
        "model": info.id,
        "sentences": total,
        "outcome": job.outcome,
        "worst_stall_ms": meter.worst,
        "worst_stall_at_ms": meter.worst_at,
        "timer_ticks": meter.ticks,
        "click_to_first_sentence_s": round(first[0] - clicked, 3) if first else None,
        "total_s": round(elapsed, 2),
        "sentences_per_s": round(total / elapsed, 2),
        "model_build_s": round(build_s, 1),
        "cpu_count": os.cpu_count(),
    }
    window.runner.shutdown(5000)
    shutil.rmtree(tmp, ignore_errors=True)
    del app
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:28} {value}")
    return 0 if result["outcome"] == "succeeded" else 1


if __name__ == "__main__":
    sys.exit(main())
