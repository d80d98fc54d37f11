"""The source-type label of a death-toll estimate, derived from recorded criteria.

Lesson 06 sorts published estimates into official, scholarly, journalistic and partisan sources,
and the test must be the same for high and low figures. So the label is not typed in: each row of
``death_toll_estimates`` records four criteria and the label follows from them by one rule.

- ``method_stated``: ``"yes"`` (the work states how the figure was reached), ``"no"``, or
  ``"unknown"`` (we read only someone else's report of the figure, not the work);
- ``data_available``: ``"yes"`` (it rests on data others can check: censuses, registration series,
  gazetteers, archives with references), ``"no"`` or ``"unknown"``;
- ``venue``: where it was published: ``journal``, ``book``, ``government``, ``press``, ``web`` or
  ``unknown``;
- ``purpose``: ``research``, ``official``, ``reporting`` or ``advocacy`` (written to defend
  or attack a political record, with the conclusion fixed before the evidence).

The rule, in order:

1. method unknown (the work was not read) -> ``unverified``: the criteria cannot be applied;
2. purpose advocacy -> ``partisan``;
3. purpose official, or published by a government body -> ``official``;
4. purpose research, method stated, data available, in a journal or a book -> ``scholarly``;
5. anything else -> ``journalistic`` (written for a general readership, or a method not laid out
   for checking).
"""
from __future__ import annotations

SOURCE_TYPES = ("official", "scholarly", "journalistic", "partisan", "unverified")
CRITERIA = {
    "method_stated": ("yes", "no", "unknown"),
    "data_available": ("yes", "no", "unknown"),
    "venue": ("journal", "book", "government", "press", "web", "unknown"),
    "purpose": ("research", "official", "reporting", "advocacy"),
}


def source_type(method_stated: str, data_available: str, venue: str, purpose: str) -> str:
    """The label that the four recorded criteria give (rule in the module docstring).

    Worked example: Houser, Sands & Xiao state their method (a Bayesian provincial panel), use
    published provincial data, published in a journal, for research:

    >>> source_type("yes", "yes", "journal", "research")
    'scholarly'

    Brown's 8 million is known only from another author's list, so the test cannot be applied:

    >>> source_type("unknown", "unknown", "unknown", "research")
    'unverified'
    """
    values = {"method_stated": method_stated, "data_available": data_available, "venue": venue,
              "purpose": purpose}
    for name, value in values.items():
        if value not in CRITERIA[name]:
            allowed = ", ".join(CRITERIA[name])
            raise ValueError(f"{name} must be one of {allowed}, not {value!r}")
    if method_stated == "unknown":
        return "unverified"
    if purpose == "advocacy":
        return "partisan"
    if purpose == "official" or venue == "government":
        return "official"
    if purpose == "research" and method_stated == "yes" and data_available == "yes" and venue in ("journal", "book"):
        return "scholarly"
    return "journalistic"
