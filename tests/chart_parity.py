"""Compare the charts a browser holds with the figures the kernel built.

Used by the browser tests (JupyterLab) and the static-site tests. The page side is read with
:data:`PAGE_CHARTS_JS`, which returns, for each plotly graph div in document order, its title
and every trace's ``name``, ``x``, ``y`` and ``text`` as plain lists (typed arrays and plotly's
base64 ``{"dtype", "bdata"}`` arrays decoded). The kernel side is a plotly figure dict (from
``to_plotly_json`` or a notebook output), reduced by :func:`kernel_chart` to the same shape.
"""
from __future__ import annotations

import base64
import math

import numpy as np

TRACE_KEYS = ("x", "y", "text")

#: JavaScript: (root element or null) -> list of charts under it, in document order.
PAGE_CHARTS_JS = r"""
(root) => {
  const dtypes = {f8: Float64Array, f4: Float32Array, i4: Int32Array, i2: Int16Array, i1: Int8Array,
                  u4: Uint32Array, u2: Uint16Array, u1: Uint8Array, float64: Float64Array,
                  float32: Float32Array, int32: Int32Array, int16: Int16Array, int8: Int8Array,
                  uint32: Uint32Array, uint16: Uint16Array, uint8: Uint8Array};
  const decode = v => {
    if (v === undefined) return null;
    if (v === null) return null;
    if (ArrayBuffer.isView(v)) return Array.from(v);
    if (Array.isArray(v)) return v.map(e => (Array.isArray(e) || ArrayBuffer.isView(e)) ? decode(e) : e);
    if (typeof v === 'object' && v.dtype && v.bdata !== undefined) {
      const T = dtypes[v.dtype];
      let bytes = v.bdata;
      if (typeof bytes === 'string') {
        const raw = atob(bytes);
        bytes = new Uint8Array(raw.length);
        for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
        bytes = bytes.buffer;
      }
      return T ? Array.from(new T(bytes)) : {undecoded: v.dtype};
    }
    return v;
  };
  const scope = root || document;
  return Array.from(scope.querySelectorAll('.js-plotly-plot')).map(gd => {
    const t = gd.layout && gd.layout.title;
    return {
      title: (t && (typeof t === 'string' ? t : t.text)) || '',
      data: (gd.data || []).map(tr => ({name: tr.name === undefined ? null : tr.name,
                                        x: decode(tr.x), y: decode(tr.y), text: decode(tr.text)})),
    };
  });
}
"""


def _decode(value):
    """A plotly value as a plain list (or scalar): numpy arrays, tuples and base64 specs decoded."""
    if value is None:
        return None
    if isinstance(value, dict) and "dtype" in value and "bdata" in value:
        raw = base64.b64decode(value["bdata"])
        return np.frombuffer(raw, dtype=np.dtype(value["dtype"])).tolist()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_decode(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def kernel_chart(fig_dict: dict) -> dict:
    """A figure dict (``fig.to_plotly_json()`` or a notebook's plotly output) in the page's shape."""
    layout = fig_dict.get("layout") or {}
    title = layout.get("title") or {}
    title = title if isinstance(title, str) else title.get("text") or ""
    return {"title": title,
            "data": [{"name": t.get("name"), **{k: _decode(t.get(k)) for k in TRACE_KEYS}}
                     for t in fig_dict.get("data") or []]}


def _same(a, b, rel=1e-9, abs_=1e-9) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)
    if isinstance(a, str) and isinstance(b, str) and a[:4].isdigit() and "T" in a + b:
        # dates: plotly writes "1958-04-20T00:00:00" where the page may keep "1958-04-20"
        return a.removesuffix("T00:00:00") == b.removesuffix("T00:00:00")
    return a == b


def first_difference(page_chart: dict, kernel: dict) -> str | None:
    """None when the page's chart shows the kernel's figure; else where they first differ."""
    title = kernel["title"] or page_chart["title"] or "(untitled chart)"
    if len(page_chart["data"]) != len(kernel["data"]):
        return (f"chart {title!r}: the page has {len(page_chart['data'])} traces, "
                f"the kernel {len(kernel['data'])}")
    for number, (shown, built) in enumerate(zip(page_chart["data"], kernel["data"], strict=True)):
        trace = f"chart {title!r}, trace {number} {built['name']!r}"
        for key in TRACE_KEYS:
            a, b = shown[key], built[key]
            if b is None or (isinstance(b, list) and not b and a is None):
                if a not in (None, []) and key != "text":
                    return f"{trace}: the page has {key} but the kernel has none"
                continue
            if a is None:
                return f"{trace}: the kernel has {key} ({len(b) if isinstance(b, list) else b!r}) but the page has none"
            if not isinstance(b, list):
                if isinstance(a, list) or not _same(a, b):
                    return f"{trace}: {key} is {a!r} in the page, {b!r} in the kernel"
                continue
            if not isinstance(a, list):
                return f"{trace}: {key} is a single value in the page ({a!r}), a list in the kernel"
            if len(a) != len(b):
                return f"{trace}: {key} has {len(a)} values in the page, {len(b)} in the kernel"
            for i, (u, v) in enumerate(zip(a, b, strict=True)):
                if isinstance(u, list) or isinstance(v, list):
                    if not (isinstance(u, list) and isinstance(v, list) and len(u) == len(v)
                            and all(_same(p, q) for p, q in zip(u, v, strict=True))):
                        return f"{trace}: {key}[{i}] is {u!r} in the page, {v!r} in the kernel"
                elif not _same(u, v):
                    return f"{trace}: {key}[{i}] is {u!r} in the page, {v!r} in the kernel"
            if len(a) != len(b):
                return f"{trace}: {key} has {len(a)} values in the page, {len(b)} in the kernel (first {min(len(a), len(b))} agree)"
    return None
