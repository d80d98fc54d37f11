"""What a student sees in a Jupyter kernel: one sentence for a slip, plain numbers.

Installed by ``import gleap_data`` when it runs inside IPython (a Jupyter kernel), unless the
environment variable ``GLEAP_TRACEBACKS=1`` asks for Python's own tracebacks (for authors):

* a slip gets one line instead of a traceback through the package:
  - an argument the package refuses (``gleap_data.errors.ArgumentError``, for example
    ``rates="zrekonstruowane"``): its sentence, which names the allowed values;
  - an unknown name (``baseline=trend`` or ``q5 = no``, the quotes forgotten): a sentence that
    says a word goes in quotes;
  - a column a table does not have (``official["nadmiarowe_zgony"]``): a sentence listing the
    table's columns.
  Every other error keeps its full traceback; the sentences are in the session's language;
* numbers show as Python writes them, ``14.55``, not ``np.float64(14.55)``; the three dots of an
  unanswered ``q1 = ...`` show as ``...``, not ``Ellipsis``.

IPython calls the handler from its ``set_custom_exc`` hook; it is left alone when something else
has set one.
"""
from __future__ import annotations

import os

_INSTALLED = "_gleap_one_line_errors"


def _columns_of_failed_lookup(tb):
    """The columns of the DataFrame whose ``table[key]`` raised, found in the traceback."""
    while tb is not None:
        frame = tb.tb_frame
        owner = frame.f_locals.get("self")
        if frame.f_code.co_name == "__getitem__" and type(owner).__name__ == "DataFrame":
            return [str(c) for c in owner.columns]
        tb = tb.tb_next
    return None


def one_line(value, tb) -> str | None:
    """The sentence for a slip, or ``None`` for an error that keeps its traceback."""
    from .errors import ArgumentError, message

    if isinstance(value, ArgumentError):
        return str(value)
    if type(value) is NameError and getattr(value, "name", None):
        return message("unknown_name", name=value.name)
    if type(value) is KeyError and value.args and isinstance(value.args[0], str):
        columns = _columns_of_failed_lookup(tb)
        if columns is not None:
            return message("no_column", column=repr(value.args[0]), columns=", ".join(columns))
    return None


def _handler(shell, etype, value, tb, tb_offset=None):
    import sys

    # as IPython's own showtraceback does: %debug, %tb and the self-checks read the last error
    sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb
    line = one_line(value, tb)
    if line is None:
        shell.showtraceback(running_compiled_code=True)
    else:
        shell._showtraceback(etype, value, [line])  # an error output (and reply) holding one line
    return None


def _plain_float(x, printer, cycle):
    printer.text(repr(float(x)))


def _plain_int(x, printer, cycle):
    printer.text(repr(int(x)))


def _plain_bool(x, printer, cycle):
    printer.text(repr(bool(x)))


def install(shell=None) -> bool:
    """Install the one-line errors and plain numbers in ``shell`` (the running IPython); True if done."""
    if os.environ.get("GLEAP_TRACEBACKS", "") not in ("", "0"):
        return False
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - only called where IPython runs
            return False
        shell = get_ipython()
    if shell is None or getattr(shell, _INSTALLED, False):
        return False
    from .errors import ArgumentError

    if not shell.custom_exceptions:
        shell.set_custom_exc((ArgumentError, NameError, KeyError), _handler)
    plain = shell.display_formatter.formatters["text/plain"]
    for name in ("float16", "float32", "float64", "longdouble"):
        plain.for_type_by_name("numpy", name, _plain_float)
    for name in ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"):
        plain.for_type_by_name("numpy", name, _plain_int)
    plain.for_type_by_name("numpy", "bool", _plain_bool)
    # None, True, False and Ellipsis have printers of their own, looked up before the types'
    plain.singleton_printers[id(Ellipsis)] = lambda x, printer, cycle: printer.text("...")
    setattr(shell, _INSTALLED, True)
    return True
