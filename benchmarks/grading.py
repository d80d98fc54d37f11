"""Grading a year group: 300 generated submissions of one set, in both languages (BENCHMARKS.md,
"Grading a year group"). Not part of `make test`: it grades for tens of minutes on two cores.

    python -m benchmarks.grading [--count 300] [--single 24] [--workers N] [--out build/grading-bench.json]

Half the submissions are of English set 05 (05_counting), half of Polish set 05 (05_liczenie).
Each is one student's folder with one notebook, made from the set's own files:

    right          the teacher's copy (every solution line), as a student who got it all right
    wrong          well-formed wrong answers (a wrong year, the wrong baseline, a total in persons)
    wrong-typed    "14.6" as text, a list, None, True where a number is asked
    raises         a cell that raises (a misspelt baseline: ValueError; a missing column: KeyError)
    loop           q4's cell never ends (the walkthrough's `while q4 < 100: q4 = q4 * 2` from 0)
    empty-corrupt  an empty file, or a notebook cut off half way (not valid JSON)
    other-set      a right answer sheet of another set (set 01), in the folder of set 05's class
    older-release  the student copy of an older release of the set (from git history), answered

The share of each kind (``MIX``) is a guess at a class, not a measurement: most notebooks run,
a few loop. Every file must get at least one row, and every row a status from the list a teacher
is told about (grade.py's docstring); the benchmark fails otherwise.

Two runs: all ``--count`` submissions with ``--workers`` (default: the number of cores), and the
first ``--single`` of them (a mix of every kind) with one worker, since grading all 300 twice
costs an hour on this machine. Reported: submissions per minute for each, the peak memory of the
grading processes together (resident, sampled every 0.5 s), and the load average.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from exercises.tools import assign, grade  # noqa: E402
from exercises.tools._common import masters, out_dir  # noqa: E402

SETS = {"en": "05_counting", "pl": "05_liczenie"}
OTHER = {"en": "01_labour", "pl": "01_praca"}
OLDER = {"en": ("4395ab1", "exercises/student/05_counting.ipynb"),
         "pl": ("60d933f", "exercises/pl/student/05_liczenie.ipynb")}
# of every 30 submissions (per language: 150 = 5 x 30)
MIX = [("right", 9), ("wrong", 7), ("wrong-typed", 4), ("raises", 3), ("loop", 1),
       ("empty-corrupt", 2), ("other-set", 2), ("older-release", 2)]
STATUS_STARTS = ("graded", "manual", "timeout:", "out of memory", "not a notebook:", "unknown set:", "crashed:")

WRONG = [{"q1 = ": "q1 = 1959\nq1"}, {"official = ": "official = None\nq2 = 14554928\nq2"},
         {"trend = ": "trend = gd.excess_deaths(baseline=1957)\nq3 = 19.6 * 0 + 12.0\nq3"},
         {"q5 = ": 'q5 = "yes"\nq5'}]
TYPED = [{"official = ": 'official = None\nq2 = "14.6"\nq2'}, {"q1 = ": "q1 = [1960]\nq1"},
         {"trend = ": "trend = None\nq3 = None\nq3"}, {"q1 = ": "q1 = True\nq1"}]
RAISES = [{"trend = ": 'trend = gd.excess_deaths(baseline="trnd")\nq3 = trend["excess_deaths"].sum()\nq3'},
          {"official = ": 'official = gd.excess_deaths()\nq2 = official["excess"].sum()\nq2'}]
LOOP = {"reconstructed = ": "q4 = 0\nwhile q4 < 100:\n    q4 = q4 * 2\nq4"}


def _src(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _edited(nb: dict, edits: dict) -> dict:
    nb = copy.deepcopy(nb)
    for starts, code in edits.items():
        for cell in nb["cells"]:
            if cell["cell_type"] == "code" and _src(cell).lstrip().startswith(starts):
                cell["source"] = code
                break
        else:
            raise SystemExit(f"benchmark: no cell starting {starts!r}")
    return nb


def _answered_older(nb: dict) -> dict:
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and _src(cell).startswith("q1 = ..."):
            cell["source"] = "q1 = 1960\nq1"
    return nb


def make_submissions(folder: Path, autograders: Path, count: int) -> dict[str, str]:
    """``count`` submissions in ``folder``; returns {student folder: kind}."""
    kinds = {}
    teacher = {lang: json.loads((out_dir(autograders, masters([s], lang="all")[0]) / "teacher" / f"{s}.ipynb")
                                .read_text("utf-8")) for lang, s in SETS.items()}
    other = {lang: (out_dir(autograders, masters([s], lang="all")[0]) / "teacher" / f"{s}.ipynb").read_text("utf-8")
             for lang, s in OTHER.items()}
    older = {lang: json.loads(subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, capture_output=True,
                                             text=True, check=True).stdout) for lang, (rev, path) in OLDER.items()}
    cycle = [k for k, n in MIX for _ in range(n)]
    # spread the kinds so that any first N holds a mix (the 1-worker run takes the first --single)
    order = sorted(range(len(cycle)), key=lambda i: (i * 7) % len(cycle))
    cycle = [cycle[i] for i in order]
    seen = Counter()
    for i in range(count):
        lang = "en" if i % 2 == 0 else "pl"
        kind = cycle[(i // 2) % len(cycle)]
        n = seen[kind, lang]
        seen[kind, lang] += 1
        student = f"{lang}_{kind}_{n:03d}"
        target = folder / student / f"{SETS[lang]}.ipynb"
        target.parent.mkdir(parents=True)
        if kind == "right":
            assign.write_nb(teacher[lang], target)
        elif kind == "wrong":
            assign.write_nb(_edited(teacher[lang], WRONG[n % len(WRONG)]), target)
        elif kind == "wrong-typed":
            assign.write_nb(_edited(teacher[lang], TYPED[n % len(TYPED)]), target)
        elif kind == "raises":
            assign.write_nb(_edited(teacher[lang], RAISES[n % len(RAISES)]), target)
        elif kind == "loop":
            assign.write_nb(_edited(teacher[lang], LOOP), target)
        elif kind == "empty-corrupt":
            text = json.dumps(teacher[lang])
            target.write_text("" if n % 2 == 0 else text[: len(text) // 2], "utf-8")
        elif kind == "other-set":  # saved under set 05's name, as a student who opened the wrong file
            target.write_text(other[lang], "utf-8")
        elif kind == "older-release":
            assign.write_nb(_answered_older(older[lang]), target)
        kinds[student] = kind
    return kinds


class MemoryPeak:
    """Peak resident memory of this process's children (the grading processes and their kernels)."""

    def __init__(self):
        import psutil

        self.me = psutil.Process()
        self.peak_total = self.peak_one = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            total, tops = 0, {}
            for child in self.me.children(recursive=True):
                try:
                    rss = child.memory_info().rss
                except Exception:
                    continue
                total += rss
            self.peak_total = max(self.peak_total, total)
            for child in self.me.children(recursive=False):  # one submission: its process and kernel
                try:
                    family = [child] + child.children(recursive=True)
                    tops[child.pid] = sum(p.memory_info().rss for p in family)
                except Exception:
                    continue
            if tops:
                self.peak_one = max(self.peak_one, max(tops.values()))
            self._stop.wait(0.5)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(5)


def run(folder: Path, autograders: Path, workers: int) -> dict:
    """Grade ``folder`` as `make grade` does; every row kept whole (its full status), and for each
    file when its grading started and ended and the 1-minute load average then."""
    load_before = os.getloadavg()
    timings: dict[str, dict] = {}
    real = grade.grade_file
    start = time.monotonic()

    def timed(path, folder_, *args, **kwargs):  # grade_folder calls grade.grade_file: time each file
        began, load = time.monotonic() - start, os.getloadavg()[0]
        try:
            return real(path, folder_, *args, **kwargs)
        finally:
            timings[path.relative_to(folder_).as_posix()] = {
                "start_s": round(began, 1), "seconds": round(time.monotonic() - start - began, 1),
                "load_1min": round(load, 1)}

    grade.grade_file = timed
    try:
        with MemoryPeak() as memory:
            start = time.monotonic()
            rows = grade.grade_folder(folder, autograders, verbose=False, workers=workers)
            seconds = time.monotonic() - start
    finally:
        grade.grade_file = real
    files = len(grade.find_submissions(folder))
    return {"workers": workers, "files": files, "seconds": round(seconds, 1),
            "per_minute": round(files / seconds * 60, 1),
            "peak_memory_mb_all": round(memory.peak_total / 1e6), "peak_memory_mb_one": round(memory.peak_one / 1e6),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()], "rows": rows, "timings": timings}


def unusual_rows(rows: list[dict], kinds: dict[str, str], timings: dict | None = None) -> list[dict]:
    """Every row whose status is not plain ``graded`` or ``manual``, with its FULL status (the
    reason included), the file's kind and how long its grading took: the rows a teacher must read."""
    out = []
    for r in rows:
        if r["status"] in ("graded", "manual"):
            continue
        t = (timings or {}).get(r["file"], {})
        out.append({"file": r["file"], "kind": kinds.get(r["file"].split("/")[0], "?"), "set": r["set"],
                    "question": r["question"], "status": r["status"], "seconds": t.get("seconds"),
                    "load_1min": t.get("load_1min")})
    return out


def explain(rows: list[dict], kinds: dict[str, str]) -> tuple[dict, list[str]]:
    """Per kind, how many files got which status (the first 40 characters); and the problems."""
    problems = []
    by_file: dict[str, list[dict]] = {}
    for r in rows:
        by_file.setdefault(r["file"], []).append(r)
        if not str(r["status"]).startswith(STATUS_STARTS):
            problems.append(f"{r['file']}: status not explained to teachers: {r['status']!r}")
    for student in kinds:
        if not any(f.startswith(student + "/") for f in by_file):
            problems.append(f"{student}: no row at all")
    table: dict[str, Counter] = {}
    for file, file_rows in by_file.items():
        kind = kinds[file.split("/")[0]]
        statuses = sorted({r["status"].split(":")[0] if r["status"].startswith(("timeout", "not a notebook",
                                                                                   "unknown set", "crashed"))
                           else r["status"] for r in file_rows})
        auto = [r for r in file_rows if r["question"] and r["status"] != "manual" and r["score"] != ""]
        points = sum(float(r["score"]) for r in auto)
        sets = "+".join(sorted({r["set"] for r in file_rows})) or "no set"
        table.setdefault(kind, Counter())[f"{sets}: {'+'.join(statuses)}; {points:g} automatic points"] += 1
    return {k: dict(v) for k, v in table.items()}, problems


def _spread(values: list[float]) -> dict:
    """Median, 95th percentile and largest of the seconds each file took."""
    if not values:
        return {}
    v = sorted(values)
    return {"median": v[len(v) // 2], "p95": v[min(len(v) - 1, int(0.95 * len(v)))], "max": v[-1]}


SECTION = "## Grading a year group"
# what each status means, in the words of exercises/README.md (the CSV's status column)
EXPLAIN = {
    "graded": "the question's automatic tests ran on the answer; the row holds its score",
    "manual": "a written answer: the teacher marks it by hand with the rubric (the score is left empty)",
    "timeout": "a cell ran over the 30 s limit (an endless loop) and was stopped; that question scores 0 "
               "and the answers after it were still graded",
    "not a notebook": "the file cannot be read as a notebook (empty, cut off half way, not JSON): one row for "
                      "the file and no score; ask the student for the file again",
    "unknown set": "the notebook carries no set name and its file name names none: one row, not graded",
    "crashed": "grading this file failed; the row says why, and the other files were still graded",
    "out of memory": "the notebook ran over its 2 GiB and was stopped: one row, not graded",
}


def status_class(status: str) -> str:
    return next((k for k in EXPLAIN if str(status).startswith(k)), str(status))


def files_by_status(statuses_by_kind: dict) -> dict:
    """How many files got at least one row of each status (from ``explain``'s table)."""
    out: Counter = Counter()
    for statuses in statuses_by_kind.values():
        for key, n in statuses.items():
            for status in key.split(": ", 1)[1].split(";")[0].split("+"):
                out[status_class(status)] += n
    return dict(out)


def markdown(r: dict) -> str:
    many, one = r["default_workers"], r["one_worker"]
    load = lambda v: " ".join(f"{x:.2f}" for x in v)  # noqa: E731
    lines = [f"{SECTION}\n",
             f"`python -m benchmarks.grading` ({r['mix_total']} generated submissions of set 05, half English "
             "`05_counting`, half Polish `05_liczenie`; the kinds below, each file one student's folder; "
             "`make grade`'s defaults: 30 s per cell, 120 s per notebook, 2 GiB). The machine has "
             f"{r['cores']} cores, shared with other work while this ran: read the load averages.\n",
             "| run | files | wall time | submissions per minute | peak memory, all grading processes | one notebook, largest | load average before → after |",
             "|---|---|---|---|---|---|---|"]
    for label, x in ((f"{many['workers']} workers (the default: one per core)", many), ("1 worker", one)):
        lines.append(f"| {label} | {x['files']} | {x['seconds']:.0f} s | **{x['per_minute']}** | {x['peak_memory_mb_all']} MB "
                     f"| {x['peak_memory_mb_one']} MB | {load(x['load_average_before'])} → {load(x['load_average_after'])} |")
    spread = lambda d: (f"median {d['median']} s, p95 {d['p95']} s, longest {d['max']} s" if d else "not recorded")  # noqa: E731
    lines += ["", (f"The one-worker run grades only the first {one['files']} files (a mix of kinds), not all of them: "
                   "grading everything twice would have taken too long here. " if one["files"] < many["files"] else "")
              + "The two runs did not meet the same load, so their ratio is only a rough measure of what the "
              "second worker gives. Seconds to grade one file (kernel start included): "
              f"{many['workers']} workers {spread(r.get('seconds_per_file'))}; 1 worker "
              f"{spread(r.get('seconds_per_file_one_worker'))}.", "",
              "Every file got a row, every status is one the teacher's guide explains, and the batch finished"
              + (" (problems: " + "; ".join(r["problems"]) + ")." if r["problems"] else "."), "",
              "| kind (count) | rows it got: set, statuses, automatic points | files |", "|---|---|---|"]
    for kind, statuses in r["statuses_by_kind"].items():
        for status, n in sorted(statuses.items(), key=lambda kv: -kv[1]):
            lines.append(f"| {kind} ({r['mix'].get(kind, '')}) | {status} | {n} |")
    rows = r.get("row_statuses") or {}
    files = files_by_status(r["statuses_by_kind"])
    lines += ["", "Every status a row got (all files):", "",
              "| status | rows | files with such a row | what it means for the teacher |", "|---|---|---|---|"]
    for status in sorted(files, key=lambda k: -files[k]):
        lines.append(f"| `{status}` | {rows.get(status, '–')} | {files[status]} | {EXPLAIN.get(status, 'not explained: a problem')} |")
    if "unusual_rows" in r:
        lines += _unusual_table(r["unusual_rows"], f"{many['workers']} workers")
        lines += _unusual_table(r.get("unusual_rows_one_worker", []), "1 worker")
    lines += ["", "What the kinds are: `benchmarks/grading.py`'s docstring. A notebook of another set is graded "
              "as that set (its metadata says which), so its row names set 01: the teacher sees it. An older "
              "release of the set is graded against today's tests.", ""]
    return "\n".join(lines)


def _unusual_table(unusual: list[dict], run: str) -> list[str]:
    """Every row that is not plain graded or manual, with its full status, grouped by kind and status."""
    if not unusual:
        return ["", f"Rows that are not plain `graded` or `manual` ({run}): none."]
    groups: dict[tuple, list[dict]] = {}
    for u in unusual:
        groups.setdefault((u["kind"], u["set"], u["question"] or "(the file)", u["status"]), []).append(u)
    lines = ["", f"Every row that is not plain `graded` or `manual` ({run}), with its full status as the teacher "
             "reads it in `grades.csv`:", "",
             "| kind | set | question | full status | rows | seconds for the file (load, 1 min) |", "|---|---|---|---|---|---|"]
    for (kind, set_name, question, status), us in sorted(groups.items(), key=lambda kv: (kv[0][0], -len(kv[1]))):
        secs = ", ".join(f"{u['seconds']} s ({u['load_1min']})" for u in us[:3] if u.get("seconds") is not None)
        lines.append(f"| {kind} | {set_name} | {question} | {status} | {len(us)} | {secs}{' …' if len(us) > 3 else ''} |")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--single", type=int, default=24, help="how many of them the one-worker run grades")
    parser.add_argument("--workers", type=int, default=grade.default_workers())
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "grading-bench.json")
    parser.add_argument("--markdown", type=Path, help="write the section into this file (BENCHMARKS.md)")
    parser.add_argument("--from-json", type=Path, help="only write the section, from an earlier run's JSON")
    args = parser.parse_args(argv)
    if args.from_json:
        from .hub import splice

        r = json.loads(args.from_json.read_text("utf-8"))
        r.setdefault("mix_total", sum(r["mix"].values()))
        if args.markdown:
            splice(args.markdown, markdown(r), SECTION)
        print(markdown(r))
        return 0
    with tempfile.TemporaryDirectory(prefix="gleap-grading-bench-") as tmp:
        tmp = Path(tmp)
        autograders = tmp / "exercises"
        for name in list(SETS.values()) + list(OTHER.values()):
            master = masters([name], lang="all")[0]
            assign.assign_one(master, out_dir(autograders, master).parent, run_tests=False)
        everyone = tmp / "submissions"
        kinds = make_submissions(everyone, autograders, args.count)
        few = tmp / "first"
        for student in list(kinds)[: args.single]:
            shutil.copytree(everyone / student, few / student)
        print(f"{args.count} submissions ({dict(Counter(kinds.values()))}); grading with {args.workers} workers ...",
              flush=True)
        many = run(everyone, autograders, args.workers)
        print(f"  {many['per_minute']} per minute, {many['seconds']} s", flush=True)
        print(f"the first {args.single} with 1 worker ...", flush=True)
        one = run(few, autograders, 1)
        print(f"  {one['per_minute']} per minute, {one['seconds']} s", flush=True)
        table, problems = explain(many["rows"], kinds)
        _, problems_one = explain(one["rows"], {k: v for k, v in kinds.items() if (few / k).exists()})
    result = {"cores": os.cpu_count(), "mix": dict(Counter(kinds.values())),
              "default_workers": {k: v for k, v in many.items() if k not in ("rows", "timings")},
              "one_worker": {k: v for k, v in one.items() if k not in ("rows", "timings")},
              "statuses_by_kind": table, "problems": problems + problems_one,
              "row_statuses": dict(Counter(status_class(row["status"]) for row in many["rows"])),
              # every row whole, of both runs: a status is never cut to its first word again
              "unusual_rows": unusual_rows(many["rows"], kinds, many["timings"]),
              "unusual_rows_one_worker": unusual_rows(one["rows"], kinds, one["timings"]),
              "seconds_per_file": _spread([t["seconds"] for t in many["timings"].values()]),
              "seconds_per_file_one_worker": _spread([t["seconds"] for t in one["timings"].values()]),
              "rows": {"default_workers": many["rows"], "one_worker": one["rows"]},
              "timings": {"default_workers": many["timings"], "one_worker": one["timings"]}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(json.dumps({k: v for k, v in result.items() if k not in ("statuses_by_kind", "rows", "timings")},
                     indent=1, ensure_ascii=False))
    for kind, statuses in table.items():
        print(f"{kind}:")
        for status, n in sorted(statuses.items(), key=lambda kv: -kv[1]):
            print(f"   {n:4d}  {status}")
    return 1 if result["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
