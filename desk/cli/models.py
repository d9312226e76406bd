"""desk models …: install, list, remove, download, verify, browse the catalog, find models already on disk."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desk.cli.common import emit
from desk.core.jobs import Progress


def _progress_printer() -> Callable[[Progress], None]:
    """Progress lines on stderr: one per phase, and every 10 % of a known total."""
    last: dict[str, Any] = {"message": None, "step": -1}

    def show(progress: Progress) -> None:
        in_bytes = progress.total > 0 and progress.message.startswith(("Downloading", "Unpacking", "Copying"))
        step = int(progress.fraction * 10) if in_bytes else -1
        if progress.message == last["message"] and step == last["step"]:
            return
        last.update(message=progress.message, step=step)
        if in_bytes:
            done = f"{progress.done:,} / {progress.total:,} bytes ({progress.fraction:.0%})"
            print(f"{progress.message}: {done}", file=sys.stderr)
        else:
            print(progress.message, file=sys.stderr)

    return show


def _model_line(info: Any) -> str:
    pair = f"{info.source_lang}->{info.target_lang}"
    return f"{info.id:32} {pair:10} {info.format:12} {info.size_bytes / 1e6:8.1f} MB  {info.name}"


def cmd_models_list(args: argparse.Namespace) -> int:
    from desk.core.mt.record import read_record
    from desk.core.mt.store import ModelStore

    store = ModelStore()
    infos = store.list()
    data = []
    for info in infos:
        record = read_record(info.path)
        downloaded = record.get("download") or []
        data.append(dict(info.to_json(), version=store.manifest(info.id).version, catalog_id=record.get("catalog_id"),
                         sha256={d["name"]: d["sha256"] for d in downloaded if isinstance(d, dict)},
                         files_recorded=len(record.get("file_sha256") or {})))
    emit(args, data, lambda _: "\n".join(map(_model_line, infos)) or "No models installed.")
    return 0


def cmd_models_install(args: argparse.Namespace) -> int:
    from desk.core.jobs import run_job
    from desk.core.mt import found
    from desk.core.mt.store import ModelStore

    spm = Path(args.sentencepiece) if args.sentencepiece else None
    job = found.install_job(
        ModelStore(), Path(args.path), args.source_lang, args.target_lang, replace=args.replace, sentencepiece=spm
    )
    info = run_job(job, _progress_printer())
    print(f"Installed {info.id} ({info.source_lang}->{info.target_lang}, {info.format}) in {info.path}")
    for warning in info.warnings:
        print(f"Warning: {warning}", file=sys.stderr)
    return 0


def cmd_models_remove(args: argparse.Namespace) -> int:
    from desk.core.mt.store import ModelStore

    ModelStore().remove(args.id)
    print(f"Removed {args.id}")
    return 0


def cmd_models_download(args: argparse.Namespace) -> int:
    from desk.core.jobs import run_job
    from desk.core.mt.catalog import catalog_entry, check_model_id
    from desk.core.mt.download import download_job, licence_notice
    from desk.core.mt.store import ModelStore

    entry = catalog_entry(check_model_id(args.id))
    if entry.noncommercial and args.accept_licence:
        print(f"Licence accepted: {licence_notice(entry)}", file=sys.stderr)
    job = download_job(entry, ModelStore(), url_override=args.url, replace=args.replace,
                       accept_licence=args.accept_licence)
    info = run_job(job, _progress_printer())
    print(f"Installed {info.id} ({info.source_lang}->{info.target_lang}, {info.format}) in {info.path}")
    return 0


def cmd_models_found(args: argparse.Namespace) -> int:
    from desk.core.mt.found import find_models, search_places
    from desk.core.sizes import human_size as human

    models = find_models()

    def text(_: list[dict]) -> str:
        if not models:
            places = "\n".join(f"  {program}: {folder}" for program, folder in search_places())
            return f"No translation models found in other programs' folders. Looked in:\n{places}"
        lines = [f"{m.program:20} {m.source_lang or '?'}->{m.target_lang or '?':6} {m.format:12} "
                 f"{human(m.size_bytes):>9}  {m.path}" for m in models]
        return "\n".join(lines + ["Install one with: desk models install PATH"])

    emit(args, [m.to_json() for m in models], text)
    return 0


def cmd_models_verify(args: argparse.Namespace) -> int:
    from desk.core.jobs import run_job
    from desk.core.mt.integrity import verify_job
    from desk.core.mt.store import ModelStore

    store = ModelStore()
    ids = [args.id] if args.id else [i.id for i in store.list()]
    reports = [run_job(verify_job(store, model_id)) for model_id in ids]
    emit(args, [r.to_json() for r in reports],
         lambda _: "\n".join(r.summary() for r in reports) or "No models installed.")
    return 0 if all(r.ok for r in reports) else 1


def _score_text(score: Any) -> str:
    if score is None:
        return "not published"
    figures = " / ".join(f"{v:.1f}" if v is not None else "–" for v in (score.bleu, score.chrf))
    return f"{figures} ({score.test_set})"


def cmd_models_catalog(args: argparse.Namespace) -> int:
    from desk.core.mt.catalog import load_catalog, ranked
    from desk.core.mt.store import ModelStore
    from desk.core.sizes import human_size

    installed = {i.id for i in ModelStore().list()}
    entries = load_catalog()
    rows = ranked(entries)
    order = {e.id: n for n, (_, e) in enumerate(rows)}
    data = [dict(e.to_json(), installed=e.id in installed) for e in sorted(entries, key=lambda e: order[e.id])]

    def human(_: list[dict]) -> str:
        lines = []
        for direction in dict.fromkeys(d for d, _ in rows):
            lines.append(f"{direction}  (best first: FLORES-200 chrF, then BLEU; figures as published)")
            for d, e in rows:
                if d == direction:
                    mark = "*" if e.id in installed else " "
                    licence = e.license + (" (non-commercial)" if e.noncommercial and "NC" not in e.license else "")
                    lines.append(f" {mark} {e.id:34} {_score_text(e.score(d)):33} {e.speed_class:5} "
                                 f"{e.size_text(human_size):>10}  {licence}")
        lines.append("* = installed; ? = size not in the catalog (asked of the server before download)")
        return "\n".join(lines)

    emit(args, data, human)
    return 0


def add_models(sub: Any) -> None:
    models = sub.add_parser("models", help="install, list, remove, download and verify translation models")
    msub = models.add_subparsers(dest="models_command", metavar="ACTION")
    models.set_defaults(func=lambda _args: models.print_help() or 2)

    p = msub.add_parser("list", help="installed models")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_models_list)

    p = msub.add_parser("install", help="install a model package (file or folder)")
    p.add_argument("path", help=".argosmodel, OPUS-MT zip/folder, CTranslate2 folder, or a 'models found' path")
    p.add_argument("--from", dest="source_lang", help="source language, for packages that do not say")
    p.add_argument("--to", dest="target_lang", help="target language, for packages that do not say")
    p.add_argument("--replace", action="store_true", help="replace an installed model with the same id")
    p.add_argument("--sentencepiece", metavar="FILE",
                   help="SentencePiece model published apart from the model (NLLB's flores200 .model file)")
    p.set_defaults(func=cmd_models_install)

    p = msub.add_parser("remove", help="remove an installed model")
    p.add_argument("id")
    p.set_defaults(func=cmd_models_remove)

    p = msub.add_parser("download", help="download and install a model from the catalog")
    p.add_argument("id")
    p.add_argument("--url", help="download from this address instead (a mirror of the same file)")
    p.add_argument("--replace", action="store_true", help="replace an installed model with the same id")
    p.add_argument("--accept-licence", "--accept-license", dest="accept_licence", action="store_true",
                   help="accept the model's licence (required for non-commercial licences such as NLLB's)")
    p.set_defaults(func=cmd_models_download)

    p = msub.add_parser("found", help="translation models already on this computer, in other programs' folders")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_models_found)

    p = msub.add_parser("verify", help="re-check installed files against the checksums recorded at install")
    p.add_argument("id", nargs="?", help="one model (default: all installed models)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_models_verify)

    p = msub.add_parser("catalog", help="downloadable models, best first per direction (* = installed)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_models_catalog)


# The commands this module adds: name → function that adds its parser.
COMMANDS: dict[str, Callable[[Any], None]] = {
    "models": add_models,
}
