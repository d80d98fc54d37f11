"""Answer checks for the exercise notebooks: plain-language feedback for students.

Two kinds of users:

* the tests inside the exercise masters (``exercises/*.ipynb``) call the *answer helpers*
  (``number``, ``year``, ``share``, ``texts``, ``close``, ``close_digest``, ``same_texts``); a
  public check compares a digest (``close_digest``), so the student copy holds no expected value. They accept only plain
  values of an exact type (``int``, ``float``, a numpy number, ``str``, a list of ``str``), so an
  object that claims to equal anything, or a subclass of ``int`` or ``float``, is refused. Their
  messages are written for students: a hint in plain words, with special hints for common slips
  (a decimal comma, ``q = print(...)``, a percentage given for a share, a number in quotes);
* the student notebooks call ``check("q1")`` (and ``grader.check("q1")``). It runs the public
  tests stored in the notebook and says "correct" only when a test compared the value; when a
  test looked only at the form, it says so in words. When the cell that sets an answer last
  stopped with an error, it says so and names the error in plain words, and judges nothing else:
  the value left behind is not the student's new answer.

>>> year(1960, "q1", 1949, 1970)
1960
>>> share(21.5, "q2")
Traceback (most recent call last):
...
gleap_data.selfcheck.NotYet: q2 looks like a percentage (21.5 %). Give a share between 0 and 1 instead: 0.215.
"""
from __future__ import annotations

import functools
import glob
import hashlib
import inspect
import json
import math
import os
import re

from .labels import Catalogued

__all__ = ["NotYet", "number", "year", "share", "text", "texts", "close", "close_digest", "answer_digests", "same_texts",
           "check", "check_all", "Checker"]


class NotYet(AssertionError):
    """An answer that is not (yet) right; the message is a hint for the student."""


# What the last helper call established for each question: "value" (compared with the right
# answer) or a sentence describing the form that was checked.
_checked: dict[str, str] = {}


def _numpy_types():
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy comes with pandas
        return (), ()
    return ((np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64),
            (np.float16, np.float32, np.float64))


# ------------------------------------------------------------------ messages in two languages

# Every student-facing sentence. The language is the notebook's own
# (a Polish student copy says so in its metadata), else the session's (gd.set_language / GLEAP_LANG).
# English here (the source); every other language from the package's catalogue
# gleap_data/locales/<lang>/LC_MESSAGES/gleap.po, msgctxt "selfcheck.<key>" (see gleap_data.labels.Catalogued).
MESSAGES = Catalogued("selfcheck", {
    "kind_empty": "empty", "kind_dots": "dots", "kind_truefalse": "true/false", "kind_text": "text",
    "kind_table": "table", "kind_column": "column", "kind_list": "list", "kind_other": "other",
    "dots": "{name} is still ... (three dots): replace the dots with your answer and run the cell.",
    "empty": ("{name} has no value. If you wrote {name} = print(...), print only shows a value and "
              "gives nothing back: write {name} = followed by the calculation itself, without print."),
    "comma": ("{name} is two numbers separated by a comma. Python writes decimals with a dot, "
              "not a comma: use a dot: {number}"),
    "quoted_words": ("{name} is text in quotes. Give a number without quotes, e.g. {name} = 23.6, "
                     "and keep words for the written answers."),
    "quoted_number": "{name} is text in quotes. Write the number without quotes: {name} = {number}",
    "truefalse": "{name} is True or False, not a number. Give a number.",
    "many": "{name} is a whole {kind} of values, not one number. Pick out the single number the question asks for.",
    "empty_many": ("{name} is an empty {kind}: what you picked out matched nothing. Check the names and "
                   "values you selected; the data may spell them differently."),
    "not_plain": "{name} is not a plain number. Give one number, such as 23.6.",
    "not_finite": "{name} is not a number you can use (NaN or infinity): check for missing values.",
    "outside": "{value} is outside the range this question allows ({low} to {high}).",
    "in_range": "{what} in the right range",
    "a_number": "a number",
    "year_expected": "{name} should be a year, e.g. {low}.",
    "year_whole": "{name} should be a year written as a whole number, e.g. {name} = {low}.",
    "year_outside": "{value} is not one of the years this question is about ({low}–{high}).",
    "year_form": "a year from {low} to {high}",
    "percentage": "{name} looks like a percentage ({value} %). Give a share between 0 and 1 instead: {share}.",
    "not_share": "{value} is not a share: a share lies between 0 and 1 (0.25 means a quarter).",
    "share_form": "a share between 0 and 1",
    "text_expected": "{name} should be text in quotes: write your word between them, {name} = \"…\".",
    "text_form": "one piece of text",
    "one_text": "{name} is one piece of text. Give a list of texts in square brackets, e.g. {name} = {example}.",
    "list_expected": "{name} should be a list of texts in square brackets, e.g. {name} = {example}.",
    "empty_list": "{name} is an empty list: put the names you found between the brackets.",
    "texts_form": "a list of texts",
    "unknown": ("{q}: there is no automatic check for this question here. Run the first code cell of "
                "this notebook (it sets up the checks), keep the notebook's file name, and run this check again."),
    "not_yet": "{q}: not yet. {hint}",
    "check_form": "Check the form of your answer.",
    "failed": ("{q}: not yet. The cell that sets {q} stopped with an error ({error}), so {q} does not "
               "hold your new answer. Fix that cell, run it again, then run this check."),
    "err_name": "Python does not know the name {name}: a word goes in quotes, \"{name}\"",
    "err_name_plain": "Python does not know a name in it: a word goes in quotes",
    "err_key": "there is nothing called {missing} in that table or list",
    "err_syntax": "Python could not read line {line}: look for a missing quote, bracket or comma",
    "err_zero": "a division by zero",
    "err_unknown": "its message is under that cell",
    "err_interrupt": "it was stopped before it finished",
    "correct": "{q}: correct.",
    "form": "{q}: the form is right ({what}). The value itself is marked when your teacher grades the notebook.",
    "right_kind": "an answer of the right kind",
    "no_checks": "No checks found: run the first code cell of this notebook, then this cell again.",
})

# Set by the Checker while it runs a notebook's checks: that notebook's language.
_notebook_lang: str | None = None


def _lang() -> str:
    if _notebook_lang is not None and _notebook_lang in MESSAGES:
        return _notebook_lang
    try:
        from .labels import get_language
        lang = get_language()
    except Exception:  # pragma: no cover - labels always imports
        lang = "en"
    return lang if lang in MESSAGES else "en"


def _t(key: str, **values) -> str:
    """The message ``key`` in the current language, filled in with ``values``."""
    return MESSAGES[_lang()][key].format(**values)


def _g(value) -> str:
    """A number in a message: Python's own notation (a dot), since students type it back as code."""
    return f"{value:g}"


def _kind(x) -> str:
    """A word for what ``x`` is, for students (never a Python type name)."""
    return _t("kind_" + _kind_key(x))


def _kind_key(x) -> str:
    t = type(x)
    name = t.__name__
    if x is None:
        return "empty"
    if x is Ellipsis:
        return "dots"
    if t is bool:
        return "truefalse"
    if t is str:
        return "text"
    if name == "DataFrame":
        return "table"
    if name == "Series":
        return "column"
    if t in (list, tuple, set, dict) or name == "ndarray":
        return "list"
    return "other"


def _plain_number(x):
    """``float(x)`` when ``x`` is exactly a plain int, float or numpy number; else ``None``."""
    ints, floats = _numpy_types()
    t = type(x)
    if t is int or t in ints:
        return float(int(x))
    if t is float or t in floats:
        return float(x)
    return None


def _slip_hint(x, name: str) -> str:
    """The hint for a value that is not one plain number."""
    kind = _kind_key(x)
    if kind == "dots":
        return _t("dots", name=name)
    if kind == "empty":
        return _t("empty", name=name)
    if type(x) is tuple and len(x) == 2 and all(type(v) is int for v in x) and x[1] >= 0:
        return _t("comma", name=name, number=_comma_number(x, name))
    if kind == "text":
        stripped = x.strip().replace(",", ".").rstrip("%").strip()
        try:
            as_number = float(stripped)
        except ValueError:
            return _t("quoted_words", name=name)
        return _t("quoted_number", name=name, number=_g(as_number))
    if kind == "truefalse":
        return _t("truefalse", name=name)
    if kind in ("table", "column", "list"):
        try:
            empty = len(x) == 0
        except TypeError:  # pragma: no cover - every table, column and list has a length
            empty = False
        return _t("empty_many" if empty else "many", name=name, kind=_kind(x))
    return _t("not_plain", name=name)


def _comma_number(x: tuple, name: str) -> str:
    """The decimal a student meant by ``name = a,b`` (a decimal comma), sign and digits kept.

    ``-0,46`` is the tuple ``(0, 46)`` in Python, so the minus sign and leading zeros of the
    digits after the comma are read from the cell the student ran, when it is known."""
    source = _SOURCES.get(name, "")
    m = re.search(rf"(?<![\w.]){re.escape(name)}\s*=\s*(-?)\s*(\d+)\s*,\s*(\d+)\s*(?:#.*)?$", source, re.M)
    if m and int(m.group(2)) == abs(x[0]) and int(m.group(3)) == x[1]:
        return f"{m.group(1)}{m.group(2)}.{m.group(3)}"
    return f"{'-' if x[0] < 0 else ''}{abs(x[0])}.{x[1]}"


def number(x, name: str, low: float | None = None, high: float | None = None, what: str | None = None) -> float:
    """``x`` as a float if it is exactly one plain, finite number (between ``low`` and ``high``)."""
    v = _plain_number(x)
    if v is None:
        raise NotYet(_slip_hint(x, name))
    if not math.isfinite(v):
        raise NotYet(_t("not_finite", name=name))
    if low is not None and v < low or high is not None and v > high:
        raise NotYet(_t("outside", value=_g(v), low=_g(low), high=_g(high)))
    what = what or _t("a_number")
    _checked[name] = _t("in_range", what=what) if (low is not None or high is not None) else what
    return v


def year(x, name: str, low: int, high: int) -> int:
    """``x`` as an int if it is a whole-number year from ``low`` to ``high``."""
    v = _plain_number(x)
    if v is None:
        raise NotYet(_slip_hint(x, name) if _kind_key(x) != "other" else _t("year_expected", name=name, low=low))
    if not (math.isfinite(v) and v.is_integer()):
        raise NotYet(_t("year_whole", name=name, low=low))
    if not low <= v <= high:
        raise NotYet(_t("year_outside", value=int(v), low=low, high=high))
    _checked[name] = _t("year_form", low=low, high=high)
    return int(v)


def share(x, name: str) -> float:
    """``x`` as a float if it is a share between 0 and 1 (with a hint when it looks like a percentage)."""
    v = number(x, name)
    if 1 < v <= 100:
        raise NotYet(_t("percentage", name=name, value=_g(v), share=_g(v / 100)))
    if not 0 <= v <= 1:
        raise NotYet(_t("not_share", value=_g(v)))
    _checked[name] = _t("share_form")
    return v


def _fold(word: str) -> str:
    """A typed word as compared with the words a table shows: case, quotes and spacing ignored."""
    return " ".join(word.strip().strip("\"'„”“«»").lower().split())


@functools.lru_cache(maxsize=1)
def _shown_words() -> dict[str, str]:
    """{a data code's word as the tables show it, in every language, folded: the code}: for every
    coded column of the datapackage (``display.CODE_COLUMNS``, codes from the field's ``enum``) and
    for yes/no, so a Polish student may answer "wynik ogłoszony" or "tak" where the data say
    ``announced`` or ``yes``. ``tests/test_polish_answers.py`` checks that no word stands for two codes."""
    from ._data import _resources
    from .display import CODE_COLUMNS
    from .labels import LABELS, LANGUAGES

    pairs = [("answer_{}", code) for code in ("yes", "no")]
    for resource in _resources().values():
        for field in resource.get("schema", {}).get("fields", []):
            if field["name"] in CODE_COLUMNS:
                pairs += [(CODE_COLUMNS[field["name"]], code)
                          for code in field.get("constraints", {}).get("enum", [])]
    words: dict[str, str] = {}
    for pattern, code in pairs:
        for lang in LANGUAGES:
            shown = LABELS[lang].get(pattern.format(code))
            for word in (code, shown):
                if word:
                    words.setdefault(_fold(word), code)
    return words


def _as_code(word: str) -> str:
    return _shown_words().get(_fold(word), word.strip())


def text(x, name: str) -> str:
    """``x`` if it is one piece of text; a word a table shows for a data code (in any language:
    "wynik ogłoszony", "naukowe", "tak") becomes that code ("announced", "scholarly", "yes")."""
    if type(x) is not str:
        if x is Ellipsis or x is None:
            raise NotYet(_slip_hint(x, name))
        raise NotYet(_t("text_expected", name=name))
    _checked[name] = _t("text_form")
    return _as_code(x)


def texts(x, name: str, example: str = '["a", "b"]') -> list[str]:
    """``x`` as a list of stripped texts if it is a list (or tuple) of texts."""
    if x is Ellipsis or x is None:
        raise NotYet(_slip_hint(x, name))
    if type(x) is str:
        raise NotYet(_t("one_text", name=name, example=example))
    if type(x) not in (list, tuple) or not all(type(v) is str for v in x):
        raise NotYet(_t("list_expected", name=name, example=example))
    if not x:
        raise NotYet(_t("empty_list", name=name))
    _checked[name] = _t("texts_form")
    return [_as_code(v) for v in x]


def close(v: float, expected: float, tolerance: float, name: str, hint: str) -> None:
    """Raise ``NotYet(hint)`` unless the number ``v`` is within ``tolerance`` of ``expected``."""
    if type(v) is not float or not math.isclose(v, float(expected), rel_tol=0.0, abs_tol=float(tolerance)):
        raise NotYet(hint)
    _checked[name] = "value"


def same_texts(values: list[str], expected, name: str, hint: str) -> None:
    """Raise ``NotYet(hint)`` unless the texts are exactly the expected ones (order and case ignored)."""
    got = {v.lower() for v in values}
    want = {str(e).lower() for e in expected}
    if got != want:
        raise NotYet(hint)
    _checked[name] = "value"


#: A public check's tolerance is cut into this many steps each side (see ``answer_digests``).
DIGEST_STEPS = 10


def _digest(name: str, step: float, k: int) -> str:
    return hashlib.sha256(f"gleap/{name}/{step!r}/{k}".encode()).hexdigest()[:16]


def answer_digests(expected: float, tolerance: float, name: str) -> list[str]:
    """What a public self-check holds instead of the expected value (see ``close_digest``).

    The number line is cut into steps of ``tolerance / DIGEST_STEPS``; a step's digest is kept when
    every value that rounds to it lies within ``tolerance`` of ``expected``. The expected value itself
    always rounds to a kept step, and so does every value within ``0.9 * tolerance`` of it: only an
    answer in the outer tenth of the tolerance can be told "not yet" here and still get its points
    from the hidden test (with steps of half the tolerance, that was the outer half). A hash hides the value from a student who reads the notebook as text; it
    does not stop one who tries every candidate (for a year, that is quick). Authors do not call this
    by hand: ``python tools/answer_digests.py`` writes the digests from each hidden test.

    >>> len(answer_digests(0.1978, 0.005, "q2"))
    19
    """
    step = float(tolerance) / DIGEST_STEPS
    centre = round(float(expected) / step)
    return sorted(_digest(name, step, k) for k in range(centre - DIGEST_STEPS - 2, centre + DIGEST_STEPS + 3)
                  if abs(k * step - float(expected)) + step / 2 <= float(tolerance) * (1 - 1e-9))


def close_digest(v: float, digests, tolerance: float, name: str, hint: str) -> None:
    """Raise ``NotYet(hint)`` unless ``v``, rounded to a step of ``tolerance / DIGEST_STEPS``, has one of the
    ``digests`` (``answer_digests``). When it passes, ``v`` is within ``tolerance`` of the expected
    value, so the public check never says "correct" where the hidden test, which compares the
    value itself with ``close``, would refuse.

    >>> close_digest(0.1978, answer_digests(0.19778, 0.005, "q2"), 0.005, "q2", "Not yet.")
    >>> close_digest(0.25, answer_digests(0.19778, 0.005, "q2"), 0.005, "q2", "Not yet.")
    Traceback (most recent call last):
    ...
    gleap_data.selfcheck.NotYet: Not yet.
    """
    if type(v) not in (int, float) or not math.isfinite(v):
        raise NotYet(hint)
    step = float(tolerance) / DIGEST_STEPS
    if _digest(name, step, round(v / step)) not in set(digests):
        raise NotYet(hint)
    _checked[name] = "value"


# ------------------------------------------------------------------ in the notebook

# The error of the last run of each answer's cell, while that run failed ({"q2": KeyError(...)}),
# and the source of the last run that worked (for the decimal-comma hint).
_FAILED: dict[str, BaseException | None] = {}
_SOURCES: dict[str, str] = {}
# q4 = ..., q2 = q3 = ..., while q4 < 100: q4 = q4 * 2, q4 += 1 (not q4 == 1, not x.q4 = 1)
_ASSIGN = re.compile(r"(?<![\w.])(q\d+)\s*(?://|\*\*|>>|<<|[-+*/%@&|^])?=(?!=)")
_hooked = False
_default = None


def _ipython():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return None
    return get_ipython()


def _after_cell(result) -> None:
    source = getattr(result.info, "raw_cell", "") or ""
    names = _ASSIGN.findall(source)
    error = result.error_in_exec if result.error_in_exec is not None else result.error_before_exec
    for name in names:
        if error is not None:
            _FAILED[name] = error
        else:
            _FAILED.pop(name, None)
            _SOURCES[name] = source


def _hook() -> None:
    global _hooked
    ip = _ipython()
    if ip is not None and not _hooked:
        ip.events.register("post_run_cell", _after_cell)
        _hooked = True


def _previous_cell_failed_for(question: str) -> bool:
    """True when the cell run just before this check set ``question`` and stopped with an error
    (this catches the failure when the hook was not installed yet: the first cell was skipped)."""
    ip = _ipython()
    if ip is None or getattr(ip, "last_execution_succeeded", True):
        return False
    inputs = ip.user_ns.get("In", [])
    previous = inputs[-2] if len(inputs) >= 2 else ""
    return question in _ASSIGN.findall(previous)


def _plain_error(error: BaseException | None) -> str:
    """An error in a few plain words, in the student's language (never a traceback)."""
    if isinstance(error, NameError):
        name = getattr(error, "name", None)
        return _t("err_name", name=name) if name else _t("err_name_plain")
    if isinstance(error, KeyError):
        key = error.args[0] if error.args else ""
        return _t("err_key", missing=repr(key) if isinstance(key, str) else str(key))
    if isinstance(error, SyntaxError):
        return _t("err_syntax", line=error.lineno or 1)
    if isinstance(error, ZeroDivisionError):
        return _t("err_zero")
    if isinstance(error, KeyboardInterrupt):
        return _t("err_interrupt")
    if error is None:
        return _t("err_unknown")
    from .errors import ArgumentError

    if isinstance(error, ArgumentError):  # the package's own sentence, in the student's language
        return str(error).rstrip(".")
    message = (str(error).strip().splitlines() or [""])[0]
    if len(message) > 160:
        message = message[:159] + "…"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _tests_in(path) -> dict | None:
    try:
        with open(path, encoding="utf-8") as f:
            nb = json.load(f)
        tests = nb.get("metadata", {}).get("otter", {}).get("tests")
    except (OSError, ValueError, AttributeError):
        return None
    return tests if isinstance(tests, dict) else None


def _lang_in(path) -> str | None:
    """The language a student notebook declares (``metadata.gleap.lang``, written by assign)."""
    try:
        with open(path, encoding="utf-8") as f:
            lang = json.load(f).get("metadata", {}).get("gleap", {}).get("lang")
    except (OSError, ValueError, AttributeError):
        return None
    return lang if lang in MESSAGES else None


def _find_notebook(question: str):
    """The notebook (path, tests) this kernel belongs to, or ``None`` when it cannot tell."""
    candidates = []
    session = os.environ.get("JPY_SESSION_NAME")
    ip = _ipython()
    if ip is not None and ip.user_ns.get("__session__"):
        session = ip.user_ns["__session__"]
    if session and os.path.isfile(session):
        candidates = [session]
    else:
        candidates = sorted(glob.glob("*.ipynb"))
    found = [(p, t) for p in candidates if (t := _tests_in(p)) and question in t]
    return found[0] if len(found) == 1 else None


OTTER_IMPORT = "from otter.test_files import test_case"


def public_test_cases(source: str, question: str) -> list[tuple]:
    """The test cases of one public test file, as ``(function, failure_message)`` in file order.

    The files are otter's (``exercises/tools/assign.py`` writes them with ``otter assign`` into the
    student notebook's metadata): a line importing ``test_case``, then functions decorated with
    ``@test_case(...)`` whose bodies call this module's helpers. They run here without otter, so a
    student's kernel needs no otter: the import line is left out and a stand-in ``test_case`` records
    each function. As in otter, each parameter is filled from the notebook's variables
    (``env``: all of them).
    """
    cases: list[tuple] = []

    def test_case(name=None, points=None, hidden=False, success_message=None, failure_message=None):
        def record(func):
            cases.append((func, failure_message))
            return func
        return record

    code = compile(source.replace(OTTER_IMPORT, "", 1), f"{question}.py", "exec")
    exec(code, {"test_case": test_case, "__name__": f"gleap_public_test_{question}"})
    return cases


_NOT_YET_START = re.compile(r"^\s*(not yet|jeszcze nie)\s*[:.,]\s*", re.I)


def _without_not_yet(hint: str) -> str:
    """A test's hint without its own "Not yet:" (the message already starts with "q2: not yet.")."""
    rest = _NOT_YET_START.sub("", hint, count=1)
    return rest[:1].upper() + rest[1:] if rest != hint else hint


class Checker:
    """Runs a notebook's public checks and reports in plain language (``grader`` in the notebooks)."""

    def __init__(self, notebook: str | None = None):
        global _default
        self.notebook = notebook
        self._tests = _tests_in(notebook) if notebook else None
        if notebook and self._tests is None:
            found = sorted(p for p in glob.glob("*.ipynb") if _tests_in(p))
            if len(found) == 1:  # the file was renamed, e.g. "Copy of ..."
                self.notebook, self._tests = found[0], _tests_in(found[0])
        _hook()
        _default = self

    def _source(self, question: str):
        if self._tests is None or question not in self._tests:
            found = _find_notebook(question)
            if found is None:
                return None
            self.notebook, self._tests = found
        return self._tests.get(question)

    def _language(self) -> str | None:
        """The notebook's own language, when it declares one."""
        return _lang_in(self.notebook) if getattr(self, "notebook", None) else None

    def result(self, question: str) -> tuple[str, str]:
        """``(status, message)``; status is "correct", "form", "stale", "wrong" or "unknown".

        Messages are in the notebook's language (a Polish student copy declares "pl"), else in
        the session's language (gd.set_language)."""
        global _notebook_lang
        source = self._source(question)
        saved, _notebook_lang = _notebook_lang, self._language()
        try:
            return self._result(question, source)
        finally:
            _notebook_lang = saved

    def _result(self, question: str, source) -> tuple[str, str]:
        if source is None:
            return "unknown", _t("unknown", q=question)
        ip = _ipython()
        env = ip.user_ns if ip is not None else {}
        # A failed run of the answer's cell comes first: the value left behind is not the answer
        # the student just wrote, so no hint about it (nor "still ... (three dots)") is true.
        if question in _FAILED:
            return "stale", _t("failed", q=question, error=_plain_error(_FAILED[question]))
        if _previous_cell_failed_for(question):
            import sys

            return "stale", _t("failed", q=question, error=_plain_error(getattr(sys, "last_value", None)))
        _checked.pop(question, None)
        for func, failure_message in public_test_cases(source, question):
            try:
                func(**{arg: env if arg == "env" else env.get(arg)
                        for arg in inspect.signature(func).parameters})
            except NotYet as exc:
                return "wrong", _t("not_yet", q=question, hint=_without_not_yet(str(exc)))
            except Exception:  # a test that could not run: never show its source to a student
                hint = failure_message or _t("check_form")
                return "wrong", _t("not_yet", q=question, hint=_without_not_yet(hint))
        what = _checked.get(question)
        if what == "value":
            return "correct", _t("correct", q=question)
        return "form", _t("form", q=question, what=what or _t("right_kind"))

    def check(self, question: str) -> None:
        print(self.result(question)[1])

    def check_all(self) -> None:
        if self._tests is None:
            found = sorted(p for p in glob.glob("*.ipynb") if _tests_in(p))
            if len(found) == 1:
                self.notebook, self._tests = found[0], _tests_in(found[0])
        if not self._tests:
            print(_t("no_checks"))
            return
        for question in sorted(self._tests, key=lambda q: int(q[1:]) if q[1:].isdigit() else q):
            print(self.result(question)[1])


def check(question: str) -> None:
    """Check one answer of the open exercise notebook and print plain-language feedback."""
    global _default
    if _default is None:
        _default = Checker()
    _default.check(question)


def check_all() -> None:
    """Check every answer that has an automatic check."""
    global _default
    if _default is None:
        _default = Checker()
    _default.check_all()
