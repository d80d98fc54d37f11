"""docs/slowniczek.md is the terminology source of the Polish edition (issue 19, section 3): its list
"Warianty, których nie używamy" names the variants that must not appear, and this test fails when
one does in a built Polish file, in README.pl.md or in a Polish text of the package's catalogue.
Literal quotations are exempt: a blockquote line (the course text, a translated document) and text
inside „…” quoted from a source.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "slowniczek.md"


def variants() -> dict[str, str]:
    """{variant: the glossary's term} from the glossary's list of variants."""
    text = GLOSSARY.read_text("utf-8")
    section = text.split("## Warianty, których nie używamy", 1)[1]
    found = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0] not in ("Termin", "---") and not set(cells[0]) <= {"-"}:
            for variant in cells[1].split(";"):
                found[variant.strip()] = cells[0]
    return found


def pattern(variant: str, term: str | None = None) -> re.Pattern:
    """Every inflected form of a variant: each word by its stem, all but its last two letters and at
    least five ("wspólna stołówka" also finds "wspólnych stołówek"); a variant ending in ':' is
    matched as written. A variant that differs from its term only in capitals ("Dwanaście Artykułów"
    for "Dwanaście artykułów") is matched with its capitals; every other one in any case."""
    if variant.endswith(":"):
        return re.compile(re.escape(variant))
    words = [re.escape(w[:max(5, len(w) - 2)]) + r"\w*" for w in variant.split()]
    by_case = term is not None and variant.lower() == term.lower()
    return re.compile(r"(?<!\w)" + r"\s+".join(words), 0 if by_case else re.IGNORECASE)


def polish_texts():
    """(where, text) of everything a Polish reader is given."""
    import json

    import tomllib

    config = tomllib.loads((ROOT / "locales" / "editions.toml").read_text("utf-8"))
    for target in config["pl"]["files"].values():
        path = ROOT / target
        if path.suffix == ".ipynb":
            cells = json.loads(path.read_text("utf-8"))["cells"]
            yield target, "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        else:
            yield target, path.read_text("utf-8")
    yield "README.pl.md", (ROOT / "README.pl.md").read_text("utf-8")
    yield "docs/slowniczek.md", GLOSSARY.read_text("utf-8").split("## Warianty, których nie używamy", 1)[0]
    from babel.messages.pofile import read_po

    from gleap_data.labels import catalogue_path

    with catalogue_path("pl").open("rb") as f:
        for message in read_po(f, locale="pl"):
            if message.id and message.string:
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                yield f"gleap.po {message.context}", "\n".join(strings)


def _outside_quotations(text: str) -> str:
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))
    return re.sub(r"„[^”]*”", "", text)


def test_the_glossary_lists_variants():
    found = variants()
    assert "wspólna stołówka" in found and found["wspólna stołówka"] == "stołówka zbiorowa"
    assert len(found) >= 10


@pytest.mark.parametrize("variant", sorted(variants()))
def test_no_polish_text_uses_a_variant_the_glossary_rules_out(variant):
    rule = pattern(variant, variants()[variant])
    hits = []
    for where, text in polish_texts():
        for match in rule.finditer(_outside_quotations(text)):
            hits.append(f"{where}: …{match.group(0)}…")
    assert not hits, f"the glossary says {variants()[variant]!r}, not {variant!r}:\n" + "\n".join(hits[:20])


def test_the_check_finds_a_variant():
    assert pattern("wspólna stołówka").search("jedli we wspólnych stołówkach")
    assert pattern("model pracy").search("część o modelu pracy")
    assert not pattern("model pracy").search("model przesunięcia siły roboczej")
    assert pattern("Dwanaście Artykułów", "Dwanaście artykułów").search("(Dwanaście Artykułów)")
    assert not pattern("Dwanaście Artykułów", "Dwanaście artykułów").search("(Dwanaście artykułów)")
    assert pattern("Konferencja siedmiu tysięcy kadr", "Konferencja Siedmiu Tysięcy Kadr").search("na Konferencji siedmiu tysięcy kadr")
    assert "stołówki" in _outside_quotations("„wspólne stołówki” i stołówki")


def flags_legend() -> str:
    """The glossary's one Polish legend of the source-quality flags ([P] ... słaba strona)."""
    row = next(line for line in GLOSSARY.read_text("utf-8").splitlines() if line.startswith("| **oznaczenia jakości źródeł**"))
    return re.search(r"\[P\].*?słaba strona", row).group(0)


def _legend_problems(text: str, legend: str) -> list[str]:
    """Every legend of the flags in ``text`` (from "[P] statystyka" or "[P] oficjalna") that does not
    read as the glossary's, bold and line breaks aside."""
    flat = re.sub(r"\s+", " ", text.replace("**", ""))
    via = "X via Y”: źródło rodzaju X odczytane w kopii rodzaju Y"
    return ([flat[m.start():m.start() + len(legend)] for m in re.finditer(r"\[?P\]? (statystyka|oficjalna)", flat)
             if not flat.startswith(legend, m.start())]
            + [flat[m.start():m.start() + len(via)] for m in re.finditer(r"X via Y", flat) if not flat.startswith(via, m.start())])


def test_one_legend_of_the_source_quality_flags():
    """Review item 11: [N] and [B] are explained in one way wherever the Polish edition explains the
    flags (lessons, exercises, teacher's pages, the package's descriptions in gd.describe)."""
    legend = flags_legend()
    seen, bad = 0, []
    for where, text in polish_texts():
        flat = re.sub(r"\s+", " ", text.replace("**", ""))
        seen += flat.count(legend)
        bad += [f"{where}: {p}" for p in _legend_problems(text, legend)]
    assert not bad, "explain the flags as docs/slowniczek.md does:\n" + "\n".join(bad)
    assert seen >= 5, seen
    assert _legend_problems("[P] statystyka oficjalna, [N] wiadomości", legend)
    assert _legend_problems("'X via Y' = źródło pierwszego rodzaju", legend)

