"""Grade a folder of submitted student notebooks locally (no Docker) into one CSV.

Usage (from the repository root)::

    python -m exercises.tools.grade --submissions DIR --out build/grades.csv   # `make grade SUBMISSIONS=DIR`
    python -m exercises.tools.grade --submissions DIR --autograders build/exercises

Both editions are graded: English sets (``05_counting``) and Polish ones (``05_liczenie``,
masters in ``exercises/pl/``, autograders in ``build/exercises/pl/<set>/``); the set name tells
which.

The submissions folder may be flat (``alice.ipynb``, ``bob_set4.ipynb``) or hold one folder per
student (``alice/04_how_many_died.ipynb``). The student is the name of that first-level folder,
or else the file name without ``.ipynb``. Which exercise set a notebook belongs to is read from
its metadata (written by otter into every student copy), or else from a set name in its file
name. Every file is graded separately: a file that is not a notebook, or a notebook that cannot
be run, gets a row saying so and the others are still graded.

Each notebook is graded in a child process (``exercises/tools/_grade_one.py``): nbclient runs it in
a fresh kernel, then the set's tests (public and hidden, read from its autograder zip with otter's
``ExceptionTestFile``) run in that child process, outside the student's kernel, on the plain values
of the answers, so nothing a submission does inside its kernel can change its score. otter's own
``grade_submission`` / ``otter run`` are not used: they run the tests inside the student's kernel.
The zips are taken from
``--autograders`` (default ``build/exercises``, made by ``make assign``); when a set's zip is
missing there it is generated from the master into a temporary folder.

The CSV has one row per student, file and question:

    student   the student (see above)
    file      the file's path inside the submissions folder
    set       the exercise set, e.g. 04_how_many_died (empty when unknown)
    question  q1, q2, ... (empty on a row about the whole file)
    score     points scored by the automatic tests (empty for written answers and errors)
    possible  points available for the question
    status    graded | manual (a written answer to mark by hand) | timeout: ... (the question's
              cell was stopped at its time limit; on a file row: a cell without an answer, or the
              whole notebook) | out of memory | not a notebook: ... | unknown set: ... | crashed: ...
              (grading failed for a reason that is not the student's answer; the words after
              ``crashed:`` say which); the words after each code are in the set's language (``WORDS``)

When the CSV exists, the new rows are merged into it (``merge``): the marks a teacher typed into
``manual`` rows and any columns they added are kept, and the rows of files not in this folder stay.
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from gleap_data.labels import Catalogued

from ._common import language_of, masters, out_dir, questions, set_names

COLUMNS = ["student", "file", "set", "question", "score", "possible", "status"]
SKIP_PARTS = {".ipynb_checkpoints", "__pycache__", "__MACOSX"}
# Time limits, from measured run times (December 2026, 2 cores with a load average of about 5):
# the 16 model solutions (8 sets in each language) ran in 7.4-13.1 s each, kernel start included,
# and their slowest cell took 2.3 s (a first gd.load or the first check). A cell gets 30 s, about
# 13 times that, before it is interrupted and grading goes on with the next cell; a whole notebook
# gets 120 s, about 9 times the slowest, as a backstop for a cell that ignores the interrupt.
DEFAULT_CELL_TIMEOUT = 30          # seconds per cell
DEFAULT_TIMEOUT = 120              # seconds per notebook
DEFAULT_MEMORY = 2 * 1024 ** 3     # bytes of address space per process (2 GiB)
DEFAULT_KERNEL_START_TIMEOUT = 60  # seconds for the notebook's kernel to start (nbclient's default)

# What a row's status says, for the teacher, in the set's language. A status starts with its English
# code (``graded``, ``manual``, ``timeout:``, ``not a notebook:``, ``unknown set:``, ``crashed:``,
# ``out of memory``), which the gradebook and the benchmark sort by; the words after the code say why
# and what to do. English here; other languages from the package's catalogue (msgctxt ``grade.<key>``,
# gleap_data/locales), like every word the package says.
# Crash reasons: the ones _grade_one.py reports (CRASH_REASONS there) and the ones seen from here (the
# grading process killed, or ended without a result; the set's tests unreadable).
CRASH_REASONS = ("kernel-start", "kernel-died", "killed", "no-result", "grader-error", "no-tests", "no-test-result")
WORDS = Catalogued("grade", {
    "kernel-start": "the notebook's Python kernel did not start within {limit} s (the computer was too busy, "
                    "or its Python installation is broken), so none of the student's cells ran: grade this "
                    "file again",
    "kernel-died": "the notebook's Python kernel died while its cells ran (a cell may have ended Python, or "
                   "the computer ran out of memory): run the notebook yourself to see which cell, or grade "
                   "it by hand",
    "killed": "the grading of this file was stopped from outside (signal {signal}: the computer may have run "
              "out of memory, or the notebook or someone ended it): grade this file again",
    "no-result": "the grading of this file ended without a result (exit code {code}; its last message: "
                 "{detail}): grade this file again, and if that fails, grade it by hand",
    "grader-error": "an error in the grading tools, not in the student's answers ({detail}): grade this file "
                    "again, and if that fails, grade it by hand and report the error",
    "no-tests": "the set's hidden tests could not be read or made ({detail}): run make assign again, then "
                "grade this file again",
    "no-test-result": "the hidden tests gave no result for this question (an autograder from another release "
                      "of the set?): run make assign again, then grade this file again",
    "timeout-notebook": "the notebook ran over {limit} s in all and was stopped (a cell that could not be "
                        "interrupted?): grade it by hand",
    "timeout-cell": "the cell starting \"{start}\" (it sets no answer) ran over {limit} s and was stopped; "
                    "the answers were still graded",
    "timeout-question": "the cell that sets {question} ran over {limit} s and was stopped (an endless loop?); "
                        "the later answers were still graded",
    "not-a-notebook-suffix": "{suffix} file",
    "not-a-notebook-no-extension": "no extension",
    "not-a-notebook-not-text": "the file is not text",
    "not-a-notebook-not-json": "not valid JSON (line {line})",
    "not-a-notebook-no-cells": "no cells",
    "unknown-set": "no otter metadata and no set name in the file name",
})


def _words(key: str, lang: str, **facts) -> str:
    table = WORDS[lang] if lang in WORDS else WORDS["en"]
    return table.get(key, WORDS["en"][key]).format(**facts)


def crashed(reason: str, lang: str = "en", **facts) -> str:
    """The status of a row whose grading failed: ``crashed: `` and why, in words for the teacher."""
    facts.setdefault("detail", reason)
    return "crashed: " + _words(reason if reason in CRASH_REASONS else "grader-error", lang, **facts)


def _set_language(set_name: str) -> str:
    try:
        return language_of(masters([set_name], lang="all")[0])
    except IndexError:
        return "en"


def find_submissions(folder: Path) -> list[Path]:
    """Every file in ``folder`` (recursively), skipping hidden files and checkpoint folders."""
    files = []
    for path in sorted(Path(folder).rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") or part in SKIP_PARTS for part in rel.parts):
            files.append(path)
    return files


def student_of(path: Path, folder: Path) -> str:
    rel = path.relative_to(folder)
    return rel.parts[0] if len(rel.parts) > 1 else Path(rel.name).stem


def read_notebook(path: Path, lang: str = "en"):
    """``(notebook dict, None)`` or ``(None, reason)`` when the file is not a usable notebook (the
    reason worded in ``lang``)."""
    def problem(key: str, **facts) -> str:
        return "not a notebook: " + _words("not-a-notebook-" + key, lang, **facts)

    if path.suffix.lower() != ".ipynb":
        if not path.suffix:
            return None, problem("no-extension")
        return None, problem("suffix", suffix=path.suffix)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None, problem("not-text")
    except json.JSONDecodeError as exc:
        return None, problem("not-json", line=exc.lineno)
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return None, problem("no-cells")
    return nb, None


def set_of(nb: dict, path: Path, known: list[str]) -> str | None:
    name = (nb.get("metadata", {}).get("otter", {}) or {}).get("assignment_name")
    if name in known:
        return name
    hits = [s for s in known if s in path.name]
    return hits[0] if len(hits) == 1 else None


class Autograders:
    """Finds (or, if missing, generates) the autograder zip of each set. Safe to share between the
    threads that wait on the grading processes (a missing zip is generated once)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._tmp = None
        self._made = {}
        self._lock = threading.Lock()

    def zip_for(self, set_name: str) -> Path:
        master = masters([set_name], lang="all")[0]
        built = out_dir(self.folder, master) / "autograder" / f"{set_name}-autograder.zip"
        if built.exists():
            return built
        with self._lock:
            return self._generated(set_name, master)

    def _generated(self, set_name: str, master: Path) -> Path:
        if set_name not in self._made:
            from .assign import assign_one

            if self._tmp is None:
                self._tmp = tempfile.TemporaryDirectory(prefix="grade-autograders-")
            print(f"  (no autograder for {set_name} in {self.folder}: generating one from the master)", flush=True)
            target = assign_one(master, Path(self._tmp.name), run_tests=False)
            self._made[set_name] = target / "autograder" / f"{set_name}-autograder.zip"
        return self._made[set_name]

    def close(self):
        if self._tmp is not None:
            self._tmp.cleanup()


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200]}" if text else type(exc).__name__


def _limit_memory(limit_bytes: int):
    """For preexec_fn: cap the address space of the grading child; the kernel inherits the cap."""
    def apply():
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
    return apply


def _kill_tree(proc: subprocess.Popen) -> None:
    """Kill the grading child and everything it started (the kernel runs in its own session)."""
    try:
        import psutil

        family = psutil.Process(proc.pid).children(recursive=True)
    except Exception:
        family = []
    for p in family:
        with contextlib.suppress(Exception):
            p.kill()
    with contextlib.suppress(Exception):
        proc.kill()
    with contextlib.suppress(Exception):
        proc.wait(10)


def _read_all(fd: int, chunks: list) -> None:
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)


def _signal_name(returncode: int) -> str:
    import signal

    try:
        return f"{-returncode}, {signal.Signals(-returncode).name}"
    except ValueError:
        return str(-returncode)


def _last_error(lines: list[str]) -> str:
    """The line of a child's error output that names the error (``SomeError: ...``), else its last."""
    for line in reversed(lines):
        if line[:1].isalpha() and ("Error" in line.split(":")[0] or "Exception" in line.split(":")[0]):
            return line.strip()[:200]
    return lines[-1].strip()[:200] if lines else "none"


def run_isolated(notebook: Path, zip_path: Path, auto_questions: list[str], *,
                 timeout: int = DEFAULT_TIMEOUT, memory: int = DEFAULT_MEMORY,
                 cell_timeout: int = DEFAULT_CELL_TIMEOUT,
                 kernel_start_timeout: int = DEFAULT_KERNEL_START_TIMEOUT, lang: str = "en",
                 on_tick=None) -> dict:
    """Grade one notebook in its own process, in a scratch folder, within the limits.

    ``on_tick(seconds)`` is called about once a second while the notebook runs (for a progress
    display). A crash's status is worded in ``lang`` (``crashed``)."""
    scratch = Path(tempfile.mkdtemp(prefix="gleap-grade-"))
    try:
        nb_copy = scratch / notebook.name
        shutil.copyfile(notebook, nb_copy)
        zip_copy = scratch / "autograder.zip"
        shutil.copyfile(zip_path, zip_copy)
        env = {
            "HOME": str(scratch), "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": os.environ.get("LANG", "C.UTF-8"), "MALLOC_ARENA_MAX": "2",
            "PYTHONNOUSERSITE": "1", "MPLBACKEND": "Agg", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            "JUPYTER_PLATFORM_DIRS": "1",
        }
        read_fd, write_fd = os.pipe()
        cmd = [sys.executable, "-I", str(Path(__file__).with_name("_grade_one.py")),
               "--notebook", str(nb_copy), "--zip", str(zip_copy),
               "--questions", json.dumps(auto_questions), "--cell-timeout", str(cell_timeout),
               "--kernel-start-timeout", str(kernel_start_timeout), "--result-fd", str(write_fd)]
        errors = tempfile.TemporaryFile()
        proc = subprocess.Popen(cmd, cwd=scratch, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=errors, pass_fds=(write_fd,),
                                preexec_fn=_limit_memory(memory), start_new_session=True)
        os.close(write_fd)
        chunks = []
        reader = threading.Thread(target=_read_all, args=(read_fd, chunks), daemon=True)
        reader.start()
        start = time.monotonic()
        try:
            while True:
                left = start + timeout - time.monotonic()
                try:
                    proc.wait(max(0.01, min(1.0, left)))
                    break
                except subprocess.TimeoutExpired:
                    if left <= 1.0:
                        _kill_tree(proc)
                        return {"status": "timeout: " + _words("timeout-notebook", lang, limit=timeout)}
                    if on_tick is not None:
                        on_tick(time.monotonic() - start)
        finally:
            _kill_tree(proc)  # also ends anything the notebook left running
            reader.join(5)
            os.close(read_fd)
        raw = b"".join(chunks).decode("utf-8", "replace")
        try:
            result = json.loads(raw)
        except ValueError:
            errors.seek(0)
            tail = errors.read().decode("utf-8", "replace").strip().splitlines()
            if any("MemoryError" in line for line in tail):
                return {"status": "out of memory"}
            if proc.returncode is not None and proc.returncode < 0:
                return {"status": crashed("killed", lang, signal=_signal_name(proc.returncode))}
            return {"status": crashed("no-result", lang, code=proc.returncode, detail=_last_error(tail))}
        if result.get("status") == "crashed":
            return {"status": crashed(result.get("reason", "grader-error"), lang, limit=kernel_start_timeout,
                                      detail=result.get("detail") or "no detail")}
        return result
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _first_line(source: str) -> str:
    line = next((l.strip() for l in source.splitlines() if l.strip()), "")
    return line if len(line) <= 40 else line[:39] + "…"


def grade_file(path: Path, folder: Path, autograders: Autograders, *,
               timeout: int = DEFAULT_TIMEOUT, memory: int = DEFAULT_MEMORY,
               cell_timeout: int = DEFAULT_CELL_TIMEOUT,
               kernel_start_timeout: int = DEFAULT_KERNEL_START_TIMEOUT, on_tick=None) -> list[dict]:
    """Rows for one submitted file. Never raises for a bad submission."""
    base = {"student": student_of(path, folder), "file": path.relative_to(folder).as_posix(),
            "set": "", "question": "", "score": "", "possible": ""}
    known = set_names()
    named = set_of({}, path, known)  # the set the file name says, if any: its language words the row
    nb, problem = read_notebook(path, _set_language(named) if named else "en")
    if problem:  # the set, when the file name says it, so that the row sorts with its set
        return [{**base, "set": named or "", "status": problem}]
    set_name = set_of(nb, path, known)
    if set_name is None:
        return [{**base, "status": "unknown set: " + _words("unknown-set", "en")}]
    base["set"] = set_name
    qs = questions(masters([set_name], lang="all")[0])
    auto = [q["name"] for q in qs if not q["manual"]]
    lang = _set_language(set_name)
    try:
        zip_path = autograders.zip_for(set_name)
    except Exception as exc:
        return [{**base, "status": crashed("no-tests", lang, detail=_short(exc))}]
    try:
        result = run_isolated(path, zip_path, auto, timeout=timeout, memory=memory, cell_timeout=cell_timeout,
                              kernel_start_timeout=kernel_start_timeout, lang=lang, on_tick=on_tick)
    except Exception as exc:  # a broken submission must not stop the others
        return [{**base, "status": crashed("grader-error", lang, detail=_short(exc))}]
    if result.get("status") != "graded":
        return [{**base, "status": str(result.get("status") or crashed("grader-error", lang, detail="no result"))}]
    scores = result.get("scores", {})
    stopped = {}
    rows = []
    for t in result.get("timed_out", []):
        for q in t.get("sets", []):
            stopped.setdefault(q, t)
        if not t.get("sets"):
            rows.append({**base, "status": "timeout: " + _words(
                "timeout-cell", lang, start=_first_line(t.get("source", "")), limit=cell_timeout)})
    for q in qs:
        row = {**base, "question": q["name"], "possible": q["points"]}
        if q["manual"]:
            rows.append({**row, "status": "manual"})
            continue
        if q["name"] not in scores:
            rows.append({**row, "score": 0, "status": crashed("no-test-result", lang)})
            continue
        score, possible = scores[q["name"]]
        status = "graded"
        if q["name"] in stopped:
            status = "timeout: " + _words("timeout-question", lang, question=q["name"], limit=cell_timeout)
        rows.append({**row, "score": _num(score), "possible": _num(possible), "status": status})
    return rows


def _num(x):
    x = float(x)
    return int(x) if x.is_integer() else round(x, 3)


def default_workers() -> int:
    """How many notebooks are graded at once by default: one per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def grade_folder(folder: Path, autograder_dir: Path, *, verbose: bool = True,
                 timeout: int = DEFAULT_TIMEOUT, memory: int = DEFAULT_MEMORY,
                 cell_timeout: int = DEFAULT_CELL_TIMEOUT, workers: int = 1,
                 kernel_start_timeout: int = DEFAULT_KERNEL_START_TIMEOUT) -> list[dict]:
    """The rows of every file in ``folder``, in the folder's order (nothing is written).

    ``workers`` notebooks are graded at once. Each still runs in its own process, scratch folder,
    time and memory limit (``run_isolated``): a thread per worker only starts that process and
    waits for it, so one student's notebook never shares a kernel, a folder or a limit with
    another's. Memory: up to ``workers`` times the per-notebook limit can be in use."""
    from tqdm import tqdm

    folder = Path(folder)
    files = find_submissions(folder)
    autograders = Autograders(autograder_dir)
    try:
        if workers > 1 and len(files) > 1:
            return _grade_parallel(files, folder, autograders, verbose=verbose, timeout=timeout,
                                   memory=memory, cell_timeout=cell_timeout, workers=workers,
                                   kernel_start_timeout=kernel_start_timeout)
        rows = []
        bar = tqdm(files, unit="notebook", disable=not verbose, file=sys.stdout)
        for path in bar:
            bar.set_description(student_of(path, folder)[:30])
            bar.set_postfix_str("", refresh=False)

            def tick(seconds, bar=bar):  # so that a long-running notebook is seen to be running
                bar.set_postfix_str(f"running {seconds:.0f} s", refresh=True)

            new = grade_file(path, folder, autograders, timeout=timeout, memory=memory,
                             cell_timeout=cell_timeout, kernel_start_timeout=kernel_start_timeout,
                             on_tick=tick if verbose else None)
            if verbose:
                status = new[0]["status"] if len(new) == 1 else _summary(new)
                bar.write(f"{path.relative_to(folder)}: {status}")
            rows += new
        return rows
    finally:
        autograders.close()


def _grade_parallel(files, folder, autograders, *, verbose, timeout, memory, cell_timeout, workers,
                    kernel_start_timeout=DEFAULT_KERNEL_START_TIMEOUT) -> list[dict]:
    from concurrent.futures import ThreadPoolExecutor, as_completed

    from tqdm import tqdm

    running: dict[str, float] = {}
    lock = threading.Lock()
    bar = tqdm(total=len(files), unit="notebook", disable=not verbose, file=sys.stdout)
    bar.set_description(f"{workers} at once")

    def show():
        with lock:
            now = sorted(running.items(), key=lambda kv: -kv[1])[:3]
        if now:  # the longest-running first: a notebook stuck in a loop is seen counting up
            bar.set_postfix_str(", ".join(f"{name[:20]} running {sec:.0f} s" for name, sec in now), refresh=True)

    def one(path):
        name = student_of(path, folder)

        def tick(seconds):
            with lock:
                running[name] = seconds
            show()
        try:
            return grade_file(path, folder, autograders, timeout=timeout, memory=memory,
                              cell_timeout=cell_timeout, kernel_start_timeout=kernel_start_timeout,
                              on_tick=tick if verbose else None)
        finally:
            with lock:
                running.pop(name, None)

    results: dict[Path, list[dict]] = {}
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="grade") as pool:
        futures = {pool.submit(one, path): path for path in files}
        for future in as_completed(futures):
            path = futures[future]
            base = {"student": student_of(path, folder), "file": path.relative_to(folder).as_posix(),
                    "set": "", "question": "", "score": "", "possible": ""}
            try:
                new = future.result()
            except Exception as exc:  # grade_file does not raise for a submission; this is a backstop
                new = [{**base, "status": crashed("grader-error", detail=_short(exc))}]
            results[path] = new
            bar.update(1)
            if verbose:
                status = new[0]["status"] if len(new) == 1 else _summary(new)
                bar.write(f"{path.relative_to(folder)}: {status}")
    bar.close()
    return [row for path in files for row in results[path]]


# ------------------------------------------------------------------ the grades file and its marks

class GradesFileProblem(Exception):
    """The CSV to write exists but cannot be read as a grades file; nothing is written."""


KEY = ("student", "file", "question")


def read_grades(out: Path) -> tuple[list[dict], list[str], str, str]:
    """``(rows, columns, delimiter, encoding)`` of an existing grades CSV (``[]`` if there is none).

    A spreadsheet may have saved it with semicolons (a Polish or German Excel does) or with a
    byte-order mark; both are read, and kept when the file is written again."""
    out = Path(out)
    if not out.exists():
        return [], list(COLUMNS), ",", "utf-8"
    raw = out.read_bytes()
    encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise GradesFileProblem(f"{out} is not a text file saved as UTF-8") from exc
    header = text.splitlines()[0] if text.strip() else ""
    delimiter = max(",;\t", key=header.count)
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    columns = list(reader.fieldnames or [])
    missing = [c for c in KEY + ("score", "status") if c not in columns]
    if missing:
        raise GradesFileProblem(f"{out} has no column {', '.join(missing)}")
    rows = [{k: (v or "") for k, v in r.items() if k is not None} for r in reader]
    return rows, columns, delimiter, encoding


def merge(old: list[dict], new: list[dict]) -> tuple[list[dict], int]:
    """The new automatic results, with every mark typed into the old file kept.

    A file graded now replaces that file's old rows (at the same place in the file); the rows of
    files not graded now stay as they were. A written answer (``manual``) keeps the score typed
    into it, and every row keeps the teacher's own columns (a ``comment``). Returns the rows and
    how many typed marks were kept."""
    old_by_key = {tuple(r.get(k, "") for k in KEY): r for r in old}
    graded_files = {(r["student"], r["file"]) for r in new}
    new_blocks: dict[tuple, list[dict]] = {}
    for r in new:
        new_blocks.setdefault((r["student"], r["file"]), []).append(r)
    kept = 0
    merged, placed = [], set()

    def with_marks(row: dict) -> dict:
        nonlocal kept
        before = old_by_key.get(tuple(str(row.get(k, "")) for k in KEY))
        if before is None:
            return row
        extra = {k: v for k, v in before.items() if k not in COLUMNS}
        if row.get("status") == "manual" and before.get("status") == "manual" and str(before.get("score", "")).strip():
            kept += 1
            return {**extra, **row, "score": before["score"]}
        return {**extra, **row}

    for r in old:
        block = (r.get("student", ""), r.get("file", ""))
        if block not in graded_files:
            merged.append(r)
        elif block not in placed:
            placed.add(block)
            merged += [with_marks(x) for x in new_blocks[block]]
    for block, rows in new_blocks.items():
        if block not in placed:
            merged += [with_marks(x) for x in rows]
    return merged, kept


def merge_into(out: Path, rows: list[dict]) -> tuple[int, int]:
    """Write ``rows`` to ``out``, keeping the marks already typed into it (see ``merge``).

    Returns how many typed marks were kept and how many files' rows were kept untouched."""
    out = Path(out)
    old, columns, delimiter, encoding = read_grades(out)
    merged, kept = merge(old, rows)
    columns = list(COLUMNS) + [c for c in columns if c not in COLUMNS]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".writing")
    with tmp.open("w", newline="", encoding=encoding) as f:
        writer = csv.DictWriter(f, fieldnames=columns, delimiter=delimiter, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(merged)
    os.replace(tmp, out)  # the old file stays whole until the new one is complete
    others = {(r.get("student"), r.get("file")) for r in old} - {(r["student"], r["file"]) for r in rows}
    return kept, len(others)


def _summary(rows: list[dict]) -> str:
    auto = [r for r in rows if r["question"] and r["status"] != "manual" and r["score"] != ""]
    got = sum(float(r["score"]) for r in auto)
    can = sum(float(r["possible"]) for r in auto)
    manual = sum(1 for r in rows if r["status"] == "manual")
    text = f"{got:g} / {can:g} automatic points; {manual} written answer(s) to mark"
    stopped = [r["question"] or "a cell" for r in rows if r["status"].startswith("timeout")]
    return text + (f"; stopped at the time limit: {', '.join(stopped)}" if stopped else "")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m exercises.tools.grade",
        description="Grade a folder of student notebooks into a CSV of scores. Each notebook runs in "
                    "its own process with a time and memory limit. This runs the students' code on "
                    "this machine: it is not a sandbox (see exercises/README.md).",
    )
    parser.add_argument("--submissions", type=Path, required=True, help="folder of submitted notebooks")
    parser.add_argument("--out", type=Path, default=Path("build/grades.csv"), help="CSV to write (default build/grades.csv)")
    parser.add_argument("--autograders", type=Path, default=Path("build/exercises"),
                        help="folder made by `make assign` (default build/exercises)")
    parser.add_argument("--cell-timeout", type=int, default=DEFAULT_CELL_TIMEOUT,
                        help=f"seconds allowed per cell; a cell that runs longer is stopped and the "
                             f"next cell runs (default {DEFAULT_CELL_TIMEOUT})")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT,
                        help=f"seconds allowed per notebook in all (default {DEFAULT_TIMEOUT})")
    parser.add_argument("--kernel-start-timeout", type=int, default=DEFAULT_KERNEL_START_TIMEOUT,
                        help=f"seconds a notebook's Python kernel may take to start; on a very busy "
                             f"machine give more (default {DEFAULT_KERNEL_START_TIMEOUT})")
    parser.add_argument("--memory-gb", type=float, default=DEFAULT_MEMORY / 1024 ** 3,
                        help="memory allowed per notebook, in GiB (default 2)")
    parser.add_argument("--workers", type=int, default=default_workers(),
                        help=f"notebooks graded at once, each in its own process with its own limits "
                             f"(default: the number of cores, here {default_workers()})")
    parser.add_argument("--wide", type=Path, default=None,
                        help="also write the grades one row per student, one column per question "
                             "(default: <out>-wide.csv beside --out; 'none' to skip)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the final line")
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        print(f"There is no folder {args.submissions}: give the folder that holds the students' notebooks.",
              file=sys.stderr)
        return 2
    if not find_submissions(args.submissions):
        print(f"The folder {args.submissions} holds no files to grade.", file=sys.stderr)
        return 2
    try:
        read_grades(args.out)  # before grading: a file we could not merge into is never replaced
    except GradesFileProblem as exc:
        print(f"{exc}, so nothing was graded or written: it may hold marks you typed. "
              f"Give another file with --out, or move it away.", file=sys.stderr)
        return 2
    if args.workers < 1:
        print(f"--workers {args.workers}: give 1 or more.", file=sys.stderr)
        return 2
    rows = grade_folder(args.submissions, args.autograders, verbose=not args.quiet,
                        timeout=args.timeout, memory=int(args.memory_gb * 1024 ** 3),
                        cell_timeout=args.cell_timeout, workers=args.workers,
                        kernel_start_timeout=args.kernel_start_timeout)
    kept, others = merge_into(args.out, rows)
    wide_out = None if str(args.wide) == "none" else (args.wide or args.out.with_name(args.out.stem + "-wide.csv"))
    if wide_out is not None:
        from .gradebook import write_wide

        write_wide(args.out, wide_out)
    files = {r["file"] for r in rows}
    graded = {r["file"] for r in rows if r["question"]}
    stopped = {r["file"] for r in rows if r["file"] in graded and r["status"].startswith("timeout")}
    problems = files - graded
    print(f"Graded {len(graded)} of {len(files)} files into {args.out}"
          + (f"; {len(problems)} could not be graded (see the status column)" if problems else "")
          + (f"; in {len(stopped)} a cell was stopped at the time limit (status timeout)" if stopped else "")
          + ".")
    if wide_out is not None:
        print(f"One row per student: {wide_out} (for a gradebook: python -m exercises.tools.gradebook --help).")
    if kept or others:
        print(f"Kept {kept} mark(s) you typed for written answers"
              + (f" and the rows of {others} file(s) not in this folder" if others else "")
              + f" from the existing {args.out}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
