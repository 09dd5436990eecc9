"""Executing the chapter notebooks: papermill on warm kernels.

A fresh Jupyter kernel spends about 1.7 s importing pandas, matplotlib, seaborn, myst_nb and
csvalue before a chapter's first line runs, and most chapters take about a second of real work.
So the build keeps a small pool of **warm kernels**: each worker process (``python -m
csvalue.build.chapters``) starts one kernel, imports the report's libraries in it once, and
then executes chapters one after another with papermill, each chapter

- parameterized by papermill as before (its ``parameters`` cell, the injected cell dropped from
  the saved notebook);
- in a clean namespace: before every chapter the kernel's user namespace and history are reset
  (``%reset -f``), open figures are closed, matplotlib's settings restored to those of the warm
  start, and the execution count restarts at 1, so a chapter sees exactly what a fresh kernel
  would, minus the import time (imported modules are the one thing chapters share; the
  package keeps no chapter state in them).

The parent talks to each worker over its standard input and output, one JSON line per job;
a worker whose kernel dies is replaced for the next job.
"""

from __future__ import annotations

import json
import os
import re
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

#: run in a chapter kernel: once when it starts, and before every chapter

_WARM = "import csvalue.report.kernel as _k; _k.warm_start(); del _k"
_CLEAN = "import csvalue.report.kernel as _k; _k.clean_slate()   # which resets _k too"


# ---------------------------------------------------------------------------------------
# One notebook
# ---------------------------------------------------------------------------------------

class ChapterError(Exception):
    """A chapter cell raised: ``where`` names the code cell and the source line."""

    def __init__(self, where: str, error: str):
        super().__init__(f"{where}: {error}")
        self.where, self.error = where, error


def _assigned_names(code: str) -> set[str]:
    """Names assigned at the top level of ``code`` (a parameters cell).

    Example
    -------
    >>> sorted(_assigned_names("a = 1  # x\\nb: int = 2\\nprint(c)"))
    ['a', 'b']
    """
    import ast

    tree = ast.parse(code)
    return {t.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(t, ast.Name)}


_CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n((?::[^\n]*\n)*)(.*?)^```", re.S | re.M)


def declared_in_source(source: Path) -> set[str]:
    """The parameters a MyST chapter declares, read from its text (no notebook parsing, so a
    build with nothing to do stays fast).

    Example
    -------
    >>> import tempfile
    >>> text = "# T\\n\\n```{code-cell} ipython3\\n:tags: [parameters, remove-cell]\\n\\nwave = []\\nseed = None\\n```\\n"
    >>> with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False) as fh:
    ...     _ = fh.write(text)
    >>> sorted(declared_in_source(Path(fh.name)))
    ['seed', 'wave']
    """
    for options, body in _CODE_CELL.findall(source.read_text(encoding="utf-8")):
        if re.search(r"^:tags:.*\bparameters\b", options, re.M):
            return _assigned_names(body)
    return set()


def _failing_cell(source: Path, executed, index: int) -> str:
    """'code cell K (line L)' of the MyST source for cell ``index`` of the executed notebook
    (which holds papermill's injected cell, not in the source; the error banner papermill
    puts on top of a failed notebook is not counted in ``index``)."""
    executed.cells = [c for c in executed.cells
                      if "papermill-error-cell-tag" not in c.get("metadata", {}).get("tags", [])]
    code = [c for c in executed.cells[: index + 1] if c.cell_type == "code"
            and "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    where = f"code cell {len(code)}"
    first = next((ln for ln in executed.cells[index].source.splitlines() if ln.strip()), None)
    if first:
        lines = source.read_text(encoding="utf-8").splitlines()
        hit = next((i for i, ln in enumerate(lines, 1) if ln.strip() == first.strip()), None)
        if hit:
            where += f" (line {hit})"
    return where


_HEADING = re.compile(r"^(#{1,6})\s")
_TARGET = re.compile(r"^\([^)\s]+\)=\s*$")


def _heading_level(cell: Any) -> int | None:
    """The level of the heading a markdown cell opens with (after any ``(label)=`` target
    lines), or None when it does not open with a heading."""
    if cell.get("cell_type") != "markdown":
        return None
    for line in cell.get("source", "").splitlines():
        if not line.strip() or _TARGET.match(line.strip()):
            continue
        m = _HEADING.match(line)
        return len(m.group(1)) if m else None
    return None


def gate_cells(cells: list[Any], dropped: Iterable[str]) -> list[Any]:
    """The cells of a chapter without those tagged with one of the ``dropped`` tags
    (``if-<feature>`` of a section that does not apply, :mod:`csvalue.report.applicable`).

    A tagged markdown cell that opens with a heading drops its whole section: every cell up to
    the next heading of the same or a higher level. Any other tagged cell drops only itself.

    Example
    -------
    >>> import nbformat.v4 as v4
    >>> cells = [v4.new_markdown_cell("# T"), v4.new_markdown_cell("## A", metadata={"tags": ["if-x"]}),
    ...          v4.new_code_cell("a = 1"), v4.new_markdown_cell("### A.1"), v4.new_markdown_cell("## B"),
    ...          v4.new_code_cell("b = 1", metadata={"tags": ["if-x"]})]
    >>> [c.source for c in gate_cells(cells, ["if-x"])]
    ['# T', '## B']
    >>> len(gate_cells(cells, []))
    6
    """
    dropped = set(dropped)
    out: list[Any] = []
    until: int | None = None       # inside a dropped section of this heading level
    for cell in cells:
        level = _heading_level(cell)
        if until is not None:
            if level is None or level > until:
                continue
            until = None
        if dropped & set(cell.get("metadata", {}).get("tags", [])):
            if level is not None:
                until = level
            continue
        out.append(cell)
    return out


def failure_notebook(title: str, error: str, output: Path) -> None:
    """The page a chapter that failed leaves in the book: its title and, in plain words, what
    failed (no traceback); the build still exits non-zero."""
    import nbformat
    import nbformat.v4 as v4

    from csvalue.report.i18n import _
    from csvalue.report.inert import inert

    text = f"# {title}\n\n" + _(
        "This chapter could not be built from this survey, so its results are missing from the "
        "report. What failed: {error}.\n\nThe other chapters were built. Check the codebook and "
        "the wave files, then run `csvalue build` again.").format(error=inert(error))
    nb = v4.new_notebook(cells=[v4.new_markdown_cell(text)])
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                 "name": "python3"}
    output.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, output)


def run_notebook(source: Path, output: Path, parameters: dict[str, Any], cwd: Path,
                 title: str | None = None, km: Any = None, drop: Iterable[str] = ()) -> None:
    """Execute a MyST notebook with papermill into ``output``; set the title.

    ``km`` is a started kernel manager to execute on (a warm kernel); without one papermill
    starts a fresh kernel. The cell papermill injects with this build's parameters (absolute
    paths of the machine that built it) is dropped from the saved notebook: the book offers
    the executed notebooks for download and they should show the chapter, not the build's
    file system. Cells tagged with a tag of ``drop`` are left out first (:func:`gate_cells`).

    Raises
    ------
    ChapterError
        naming the code cell and the line of ``source`` that failed.
    """
    import jupytext
    import nbformat
    import papermill as pm

    nb = jupytext.read(source)
    nb.cells = gate_cells(nb.cells, drop)
    # each chapter gets the build's parameters that its parameters cell declares
    parameters = {k: v for k, v in parameters.items() if k in declared_in_source(source)}
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_suffix(".running.ipynb")
    extra = {"km": km} if km is not None else {}
    try:
        pm.execute_notebook(nb, str(tmp), parameters=parameters, cwd=str(cwd),
                            kernel_name="python3", progress_bar=False, log_output=False,
                            request_save_on_cell_execute=False, **extra)
    except pm.PapermillExecutionError as err:
        raise ChapterError(_failing_cell(source, nbformat.read(tmp, as_version=4),
                                         err.cell_index), f"{err.ename}: {err.evalue}") from None
    finally:
        done = nbformat.read(tmp, as_version=4) if tmp.exists() else None
        tmp.unlink(missing_ok=True)
    done.cells = [c for c in done.cells
                  if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    done.metadata.pop("papermill", None)   # input/output paths and parameters of this build
    for cell in done.cells:
        cell.get("metadata", {}).pop("papermill", None)
    if title:
        for cell in done.cells:
            if cell.cell_type == "markdown" and cell.source.lstrip().startswith("# "):
                first, _, rest = cell.source.lstrip().partition("\n")
                cell.source = f"# {title}\n{rest}"
                break
    nbformat.write(done, output)


# ---------------------------------------------------------------------------------------
# A worker: one warm kernel, chapters one after another (python -m csvalue.build.chapters)
# ---------------------------------------------------------------------------------------

class WarmKernel:
    """A Jupyter kernel started in ``cwd`` with the chapters' libraries already imported."""

    def __init__(self, cwd: Path):
        from jupyter_client.manager import KernelManager

        self.cwd = cwd
        self.km = KernelManager(kernel_name="python3")
        # no history database: a build has no use for it, and restarting the execution count
        # in a kernel that keeps one prints "Session/line number was not unique" into a chapter
        self.km.start_kernel(cwd=str(cwd), extra_arguments=["--HistoryManager.enabled=False"])
        self._run(_WARM)

    def _run(self, code: str) -> None:
        # a client of its own each time: papermill's client takes over the kernel's channels
        # while a chapter runs, and an older client no longer hears its replies afterwards
        kc = self.km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
            reply = kc.execute_interactive(code, store_history=False, timeout=120,
                                           output_hook=lambda msg: None)
        finally:
            kc.stop_channels()
        if reply["content"].get("status") != "ok":
            c = reply["content"]
            raise RuntimeError(f"kernel set-up failed: {c.get('ename')}: {c.get('evalue')}")

    def run(self, source: Path, output: Path, parameters: dict[str, Any],
            title: str | None, drop: Iterable[str] = ()) -> None:
        self._run(_CLEAN)
        run_notebook(source, output, parameters, self.cwd, title, km=self.km, drop=drop)

    def alive(self) -> bool:
        return self.km.is_alive()

    def close(self) -> None:
        self.km.shutdown_kernel(now=True)


def _serve(cwd: Path) -> int:
    """The worker's loop: a job per input line, a result per output line."""
    kernel = None
    out = sys.stdout
    sys.stdout = sys.stderr   # only our JSON lines go to the parent
    for line in sys.stdin:
        job = json.loads(line)
        start = time.perf_counter()
        result: dict[str, Any] = {"ok": True, "cell": None, "error": ""}
        try:
            if kernel is None or not kernel.alive():
                kernel = WarmKernel(cwd)
            kernel.run(Path(job["source"]), Path(job["output"]), job["parameters"],
                       job.get("title"), job.get("drop", ()))
        except ChapterError as err:
            result = {"ok": False, "cell": err.where, "error": err.error}
        except Exception as err:  # the kernel or papermill itself failed
            result = {"ok": False, "cell": None, "error": f"{type(err).__name__}: {err}"}
            if kernel is not None and not kernel.alive():
                kernel = None
        result["seconds"] = time.perf_counter() - start
        out.write(json.dumps(result) + "\n")
        out.flush()
    if kernel is not None:
        kernel.close()
    return 0


# ---------------------------------------------------------------------------------------
# The pool the build uses
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    """What became of one chapter: ``error`` names the cell that failed (empty when ok)."""

    job: Any
    ok: bool
    seconds: float
    error: str


def execute_all(jobs: Iterable[Any], root: Path, workers: int,
                on_done: Callable[[Outcome], None] = lambda o: None,
                lang: str = "en") -> list[Outcome]:
    """Execute every job (``source``, ``output``, ``parameters``, ``title``) on ``workers``
    warm kernels; ``on_done`` is called as each chapter finishes (the build's progress line).

    Chapters are handed out longest first by their source size, so the pool does not wait on
    one long chapter at the end. The chapters' kernels write the report in ``lang``
    (``CSVALUE_LANG``, :mod:`csvalue.report.i18n`).
    """
    jobs = sorted(jobs, key=lambda j: -j.source.stat().st_size)
    todo: queue.Queue = queue.Queue()
    for j in jobs:
        todo.put(j)
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(Path(__file__).resolve().parents[2]), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        CSVALUE_LANG=lang)

    def worker() -> None:
        proc = subprocess.Popen([sys.executable, "-m", "csvalue.build.chapters", str(root)],
                                cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True, env=env)
        try:
            while True:
                try:
                    job = todo.get_nowait()
                except queue.Empty:
                    break
                spec = {"source": str(job.source), "output": str(job.output),
                        "parameters": job.parameters, "title": job.title,
                        "drop": list(getattr(job, "drop", ()))}
                proc.stdin.write(json.dumps(spec) + "\n")
                proc.stdin.flush()
                line = proc.stdout.readline()
                if not line:   # the worker itself died: fail this job, start another worker
                    outcome = Outcome(job, False, 0.0, f"{_rel(job.source, root)}: the chapter "
                                      "worker stopped unexpectedly")
                    proc = subprocess.Popen(proc.args, cwd=root, stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                            text=True, env=env)
                else:
                    r = json.loads(line)
                    where = r["cell"] or "setup"
                    outcome = Outcome(job, r["ok"], r["seconds"], "" if r["ok"] else
                                      f"{_rel(job.source, root)} {where}: {r['error']}")
                with lock:
                    outcomes.append(outcome)
                    on_done(outcome)
        finally:
            if proc.stdin:
                proc.stdin.close()
            proc.wait(timeout=60)

    threads = [threading.Thread(target=worker, daemon=True)
               for _ in range(max(1, min(workers, len(jobs))))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m csvalue.build.chapters ROOT (internal: the build's "
                         "chapter worker)")
    raise SystemExit(_serve(Path(sys.argv[1])))
