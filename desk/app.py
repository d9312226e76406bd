"""GUI entry point: ``desk``, ``desk FILE``, ``desk FILE --screenshot OUT.png [...]``.

Called by ``desk.cli.main`` when the arguments name no CLI subcommand.
"""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from desk.gui.main_window import MainWindow

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="desk", description="Offline Arabic/English news desk (opens the window).")
    p.add_argument("file", nargs="?", help="a file to open (.txt .md .html .docx .pdf)")
    p.add_argument("--screenshot", metavar="OUT.png", help="do the work below, save a picture of the window, exit")
    p.add_argument("--translate", action="store_true", help="with --screenshot: translate the article")
    p.add_argument("--summarize", action="store_true", help="with --screenshot: summarize the article")
    p.add_argument("--article", type=int, default=0, help="which article of a feed to show (0-based)")
    p.add_argument("--to", choices=["en", "ar"], help="target language (default: the other one)")
    p.add_argument("--timeout", type=float, default=600.0, help="with --screenshot: seconds to wait for the work")
    p.add_argument("-v", "--verbose", action="store_true", help="log to stderr")
    return p


def first_run_sample() -> Path | None:
    """A sample article from ``resources/samples`` for a newcomer (English first)."""
    from desk.core.paths import resources_dir

    folder = resources_dir() / "samples"
    samples = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    english = [p for p in samples if "en" in p.stem.lower().split("-") or p.stem.lower().endswith("en")]
    found = english or samples
    return found[0] if found else None


def create_app(argv0: str = "desk") -> QApplication:
    from PySide6.QtWidgets import QApplication

    from desk.core.paths import resources_dir
    from desk.gui.fonts import load_app_fonts

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([argv0])
    app.setApplicationName("Desk")
    app.setOrganizationName("Desk")
    app.setApplicationDisplayName("Desk")
    app.setDesktopFileName("desk")  # matches packaging/desk.desktop, so docks group the window right
    icon = resources_dir() / "icons" / "desk.svg"
    if icon.is_file():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    app.aboutToQuit.connect(_settle_clipboard)
    load_app_fonts()
    return app


def _settle_clipboard() -> None:
    """Hand clipboard data made in Python back to Qt as plain text before the interpreter ends.

    Qt frees the clipboard's QMimeData in its exit handlers, after Python has shut down; if that
    object was created from Python (e.g. a copied brief with HTML) the process crashes on exit.
    Plain text set through ``setText`` is owned by Qt alone, and stays pasteable.
    """
    from PySide6.QtGui import QGuiApplication

    clipboard = QGuiApplication.clipboard()
    data = clipboard.mimeData()
    if data is not None and data.formats() and data.formats() != ["text/plain"]:
        text = clipboard.text()
        clipboard.clear()
        if text:
            clipboard.setText(text)


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.file and not args.screenshot and not Path(args.file).exists():
        print(f"desk: {args.file}: no such file", file=sys.stderr)
        return 1
    if (args.translate or args.summarize) and not args.screenshot:
        print("desk: --translate and --summarize go with --screenshot", file=sys.stderr)
        return 2
    app = create_app()

    from desk.core.errors import DeskError
    from desk.gui.main_window import MainWindow
    from desk.gui.screenshot import ScreenshotRequest, take_screenshot

    if args.screenshot:
        window = MainWindow(quiet_errors=True)
        window.files.remember_recent = False
        window.files.ask_passwords = False
        window.resize(1440, 900)  # the same picture whatever layout the user saved
        window.reset_layout()
        window.show()
        req = ScreenshotRequest(args.file, args.screenshot, args.translate, args.summarize, args.article,
                                args.to, args.timeout)
        try:
            take_screenshot(window, req)
        except DeskError as err:
            print(f"desk: {err}", file=sys.stderr)
            return 1
        finally:
            window.runner.shutdown(3000)  # not close(): a screenshot must not save the layout
        print(args.screenshot)
        return 0

    window = open_window(args.file, args.article)  # noqa: F841 (kept alive while the app runs)
    return int(app.exec())


def open_window(file: str | None = None, article: int = 0) -> MainWindow:
    """Show the main window with ``file``, else the sample on first run, else the last file."""
    from desk.gui.file_controller import confirm_data_folder, report_damaged_stores
    from desk.gui.main_window import MainWindow

    window = MainWindow()
    window.show()
    if confirm_data_folder(window):  # the data folder was read-only and the user chose another
        window.close()
        window = MainWindow()
        window.show()
    report_damaged_stores(window)
    recent = window.settings.recent_files()
    if file:
        window.files.open_path(file, select=article)
    elif window.settings.first_run():
        sample = first_run_sample()
        if sample is not None:
            window.files.open_path(sample)
    elif recent and Path(recent[0]).exists():
        window.files.open_path(recent[0])
    window.settings.mark_seen()
    return window
