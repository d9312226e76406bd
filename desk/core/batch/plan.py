"""Getting a batch run ready: read the inputs once, check the models, pick the executor.

::

    app = Application()
    plan = plan_batch([Path("archive.jsonl")], TaskSpec("translate", "en"), app)
    executor = local_executor(app, plan)                       # or cluster_executor(app, plan, options)
    run_job(run_task(plan.source, out, plan.spec, executor, total=plan.survey.items))

Nothing is written before the plan is made, so a missing model is reported with the output
folder untouched.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desk.core.batch.runner import LocalExecutor
from desk.core.batch.sources import Inputs, InputSource, Survey, open_input
from desk.core.batch.work import ArticleWorker, TaskSpec
from desk.core.errors import DeskError

if TYPE_CHECKING:
    from desk.core.application import Application
    from desk.core.batch.cluster import ClusterOptions, RayExecutor


@dataclass
class BatchPlan:
    source: InputSource
    survey: Survey
    spec: TaskSpec
    translate_from: list[str]  # the articles' languages that need a model into spec.target_lang


def plan_batch(inputs: Sequence[Path], spec: TaskSpec, app: Application) -> BatchPlan:
    """Open and survey the inputs, resolve the spec's defaults from the settings and check that a
    model covers every direction needed (``ModelError`` otherwise)."""
    source = Inputs([open_input(p) for p in inputs])
    survey = source.survey()
    if survey.items == 0:
        raise DeskError("No articles found in " + ", ".join(str(p) for p in inputs))
    spec = spec.resolved(app)
    if spec.task == "translate" and not spec.target_lang:
        raise DeskError("Say which language to translate into (--to)")
    translating = bool(spec.target_lang) and (spec.task != "brief" or spec.translate)
    needing = sorted(lang for lang in survey.langs if translating and lang != spec.target_lang)
    for lang in needing:
        app.route(lang, spec.target_lang or "", spec.model_id)
    return BatchPlan(source, survey, spec, needing)


def local_executor(app: Application, plan: BatchPlan) -> LocalExecutor:
    return LocalExecutor(ArticleWorker(app, plan.spec))


def cluster_executor(app: Application, plan: BatchPlan, options: ClusterOptions) -> RayExecutor:
    """A started :class:`~desk.core.batch.cluster.RayExecutor` with the plan's models, the memory,
    glossary and settings shipped to its workers."""
    from desk.core.batch.cluster import RayExecutor, import_ray
    from desk.core.batch.pack import pack_data

    import_ray()  # say how to install Ray before packing anything
    models = [info for lang in plan.translate_from
              for info in app.route(lang, plan.spec.target_lang or "", plan.spec.model_id)]
    executor = RayExecutor(options, plan.spec, pack_data(models), plan.translate_from)
    try:
        executor.start()
    except BaseException:
        executor.close()
        raise
    return executor
