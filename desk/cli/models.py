"""desk models …: install, list, remove, download and browse translation models."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Callable

from desk.cli.common import emit


def _progress_printer() -> Callable[[Any], None]:
    """Progress lines on stderr: one per phase, and every 10 % of a known total."""
    last: dict[str, Any] = {"message": None, "step": -1}

    def show(progress: Any) -> None:
        step = int(progress.fraction * 10) if progress.total > 0 else -1
        if progress.message == last["message"] and step == last["step"]:
            return
        last.update(message=progress.message, step=step)
        if progress.total > 0:
            print(f"{progress.message}: {progress.done:,} / {progress.total:,} bytes ({progress.fraction:.0%})", file=sys.stderr)
        else:
            print(progress.message, file=sys.stderr)

    return show


def _model_line(info: Any) -> str:
    pair = f"{info.source_lang}->{info.target_lang}"
    return f"{info.id:28} {pair:10} {info.format:12} {info.size_bytes / 1e6:8.1f} MB  {info.name}"


def cmd_models_list(args: argparse.Namespace) -> int:
    from desk.core.mt.store import ModelStore

    infos = ModelStore().list()
    emit(args, [i.to_json() for i in infos], lambda _: "\n".join(map(_model_line, infos)) or "No models installed.")
    return 0


def cmd_models_install(args: argparse.Namespace) -> int:
    from desk.core.jobs import run_job
    from desk.core.mt.store import ModelStore

    job = ModelStore().install_job(Path(args.path), args.source_lang, args.target_lang, replace=args.replace)
    info = run_job(job, _progress_printer())
    print(f"Installed {info.id} ({info.source_lang}->{info.target_lang}, {info.format}) in {info.path}")
    return 0


def cmd_models_remove(args: argparse.Namespace) -> int:
    from desk.core.mt.store import ModelStore

    ModelStore().remove(args.id)
    print(f"Removed {args.id}")
    return 0


def cmd_models_download(args: argparse.Namespace) -> int:
    from desk.core.jobs import run_job
    from desk.core.mt.download import catalog_entry, download_job
    from desk.core.mt.store import ModelStore

    entry = catalog_entry(args.id)
    info = run_job(download_job(entry, ModelStore(), url_override=args.url, replace=args.replace), _progress_printer())
    print(f"Installed {info.id} ({info.source_lang}->{info.target_lang}, {info.format}) in {info.path}")
    return 0


def cmd_models_catalog(args: argparse.Namespace) -> int:
    from desk.core.mt.download import load_catalog
    from desk.core.mt.store import ModelStore

    installed = {i.id for i in ModelStore().list()}
    data = [dict(e.to_json(), installed=e.id in installed) for e in load_catalog()]

    def human(items: list[dict]) -> str:
        return "\n".join(
            f"{'*' if d['installed'] else ' '} {d['id']:20} {d['source_lang']}->{d['target_lang']}  {d['format']:12} {d['name']}"
            for d in items
        )

    emit(args, data, human)
    return 0



def add_models(sub: Any) -> None:
    models = sub.add_parser("models", help="install, list, remove and download translation models")
    msub = models.add_subparsers(dest="models_command", metavar="ACTION")
    models.set_defaults(func=lambda _args: models.print_help() or 2)

    p = msub.add_parser("list", help="installed models")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_models_list)

    p = msub.add_parser("install", help="install a model package (file or folder)")
    p.add_argument("path", help=".argosmodel, OPUS-MT zip/folder or CTranslate2 folder")
    p.add_argument("--from", dest="source_lang", help="source language, for packages that do not say")
    p.add_argument("--to", dest="target_lang", help="target language, for packages that do not say")
    p.add_argument("--replace", action="store_true", help="replace an installed model with the same id")
    p.set_defaults(func=cmd_models_install)

    p = msub.add_parser("remove", help="remove an installed model")
    p.add_argument("id")
    p.set_defaults(func=cmd_models_remove)

    p = msub.add_parser("download", help="download and install a model from the catalog")
    p.add_argument("id")
    p.add_argument("--url", help="download from this address instead (a mirror of the same file)")
    p.add_argument("--replace", action="store_true", help="replace an installed model with the same id")
    p.set_defaults(func=cmd_models_download)

    p = msub.add_parser("catalog", help="models known to the catalog (* = installed)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_models_catalog)


# The commands this module adds: name → function that adds its parser.
COMMANDS: dict[str, Callable[[Any], None]] = {
    "models": add_models,
}
