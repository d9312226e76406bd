"""Reading large DOCX files (issue 14, item 2; not part of the test run).

Builds, in a temporary folder, a legitimate DOCX of N short paragraphs (40k by default, about
150 KB) and a DOCX whose text unpacks to 500 MB (under 1 MB on disk), reads each in a fresh
process with ``read_document`` and then with ``desk articles --json``, and prints the wall time,
the peak memory of that process and the outcome (characters read, or the error).

    python tests/bench/bench_docx.py [--paragraphs 40000] [--bomb-mb 500]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PROBE = r"""
import json, resource, sys, time
from desk.core.errors import DeskError
start = time.perf_counter()
outcome = ""
try:
    if sys.argv[1] == "read":
        from desk.core.text.loaders import read_document
        doc = read_document(sys.argv[2])
        outcome = f"{len(doc.text)} chars"
    else:
        from desk.core.text.articles import load_articles
        arts = load_articles(sys.argv[2])
        outcome = f"{len(arts)} article(s), {sum(len(a.paragraphs) for a in arts)} paragraphs"
except DeskError as err:
    outcome = f"error: {str(err)[:120]}"
print(json.dumps({"seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "outcome": outcome}))
"""


def measure(mode: str, path: Path, tree: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree))
    out = subprocess.run([sys.executable, "-c", PROBE, mode, str(path)], capture_output=True, text=True, env=env,
                         timeout=1800, check=True, cwd=tree)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=40_000)
    parser.add_argument("--bomb-mb", type=int, default=500)
    parser.add_argument("--skip-bomb", action="store_true")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the Desk source tree to measure (default: this one)")
    args = parser.parse_args()
    from tests.hostile.files import docx_many_paragraphs, docx_text_bomb

    with tempfile.TemporaryDirectory() as tmp:
        files = [docx_many_paragraphs(Path(tmp) / "long.docx", args.paragraphs)]
        if not args.skip_bomb:
            files.append(docx_text_bomb(Path(tmp) / "bomb.docx", args.bomb_mb))
        for path in files:
            size_kb = path.stat().st_size / 1024
            for mode in ("read", "articles"):
                r = measure(mode, path, args.tree)
                print(f"{path.name:10} {size_kb:8.0f} KB  {mode:8} {r['seconds']:7.2f} s  peak {r['peak_mb']:7.0f} MB  "
                      f"{r['outcome']}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
