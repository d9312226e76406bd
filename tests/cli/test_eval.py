"""``desk eval``: a model on aligned files / TSV / TMX, or given output, scored with sacrebleu."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import sacrebleu

from desk.cli import main
from desk.core.mt.store import ModelStore
from desk.core.workbench.memory import MemoryEntry
from desk.core.workbench.tmx import write_tmx
from tests import mtfactory as factory

AR = ["قال الوزير يوم الاثنين إن المحادثات ستستأنف.", "ارتفعت أسعار النفط في التعاملات الآسيوية."]
EN = ["The minister said on Monday that the talks would resume.", "Oil prices rose in Asian trading."]


@pytest.fixture
def model(tmp_path: Path) -> str:
    return ModelStore().install(factory.build_opus_mt_folder(tmp_path / "opus", "ar", "en", eos_bias=2.0)).id


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_eval_a_model_on_aligned_files_tsv_and_tmx(
    capsys: pytest.CaptureFixture[str], model: str, tmp_path: Path
) -> None:
    src, ref, out_file = tmp_path / "src.ar", tmp_path / "ref.en", tmp_path / "hyp.en"
    src.write_text("\n".join(AR) + "\n", encoding="utf-8")
    ref.write_text("\n".join(EN) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "eval", "--model", model, str(src), str(ref), "--output", str(out_file), "--json")
    assert code == 0, err
    result = json.loads(out)
    hyps = out_file.read_text(encoding="utf-8").splitlines()
    assert result["bleu"] == round(sacrebleu.corpus_bleu(hyps, [EN]).score, 2)
    assert result["chrf"] == round(sacrebleu.corpus_chrf(hyps, [EN]).score, 2)
    assert result["segments"] == 2 and result["direction"] == "ar-en" and "tok:13a" in result["bleu_signature"]

    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("".join(f"{a}\t{e}\n" for a, e in zip(AR, EN)), encoding="utf-8")
    code, out, _ = run(capsys, "eval", "--model", model, str(tsv))
    assert code == 0 and "BLEU" in out and "chrF" in out and "nrefs:1" in out
    tmx = tmp_path / "memory.tmx"
    write_tmx([MemoryEntry(a, e, "ar", "en") for a, e in zip(AR, EN)], tmx)
    code, out, _ = run(capsys, "eval", "--model", model, str(tmx), "--json")
    assert code == 0 and json.loads(out)["test_set"] == "memory.tmx"


def test_eval_given_hypotheses_and_bad_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    hyp, ref = tmp_path / "hyp.txt", tmp_path / "ref.txt"
    hyp.write_text("\n".join(EN) + "\n", encoding="utf-8")
    ref.write_text("\n".join(EN) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "eval", "--hypotheses", str(hyp), str(ref), "--json")
    assert code == 0 and (json.loads(out)["bleu"], json.loads(out)["chrf"]) == (100.0, 100.0)
    ref.write_text(EN[0] + "\n", encoding="utf-8")
    code, _, err = run(capsys, "eval", "--hypotheses", str(hyp), str(ref))
    assert code == 1 and "aligned line by line" in err and err.count("\n") == 1
    code, _, err = run(capsys, "eval", "--model", "nope", str(hyp), str(hyp))
    assert code == 1 and "No installed model is called 'nope'" in err


def test_eval_without_model_uses_the_directions_model(
    capsys: pytest.CaptureFixture[str], model: str, tmp_path: Path
) -> None:
    # As desk translate and desk brief do: the model chosen for the direction, else the best installed.
    src, ref = tmp_path / "src.ar", tmp_path / "ref.en"
    src.write_text("\n".join(AR) + "\n", encoding="utf-8")
    ref.write_text("\n".join(EN) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "eval", str(src), str(ref), "--json")
    assert code == 0, err
    assert json.loads(out)["model_id"] == model and json.loads(out)["direction"] == "ar-en"
    code, _, err = run(capsys, "eval", str(ref), str(src), "--json")  # en→ar: nothing installed
    assert code == 1 and err.startswith("desk: ") and "desk models install" in err
    code, _, err = run(capsys, "eval")
    assert code == 1 and "test set" in err
