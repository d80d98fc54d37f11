"""The packaged datasets: descriptor completeness, hashes, typed loading and bad names."""
import hashlib
import json
import shutil
from importlib import resources

import pytest

import gleap_data as gd
from gleap_data import _data

REQUIRED = {
    "vital_rates", "vital_rates_reconstructed", "provincial_vital_rates", "death_toll_estimates",
    "employment_by_sector", "urban_rural_population", "grain", "steel", "timeline", "course_text",
    "county_death_rates",
}
DESCRIPTOR = json.loads(resources.files("gleap_data").joinpath("datapackage.json").read_text("utf-8"))


def test_required_datasets_exist():
    assert REQUIRED <= set(gd.datasets())


@pytest.mark.parametrize("name", [r["name"] for r in DESCRIPTOR["resources"]])
def test_every_resource_is_described_sourced_licensed_and_has_units(name):
    res = next(r for r in DESCRIPTOR["resources"] if r["name"] == name)
    for key in ("title", "description", "sources", "licenses", "schema", "hash"):
        assert res.get(key), f"{name}: missing {key}"
    for src in res["sources"]:
        assert src.get("title"), f"{name}: a source without a title"
    for field in res["schema"]["fields"]:
        assert field.get("description"), f"{name}.{field['name']}: no description"
        if field["type"] in ("integer", "number"):
            assert field.get("unit"), f"{name}.{field['name']}: a numeric field without a unit"


@pytest.mark.parametrize("name", [r["name"] for r in DESCRIPTOR["resources"]])
def test_every_dataset_loads_with_its_schema_columns(name):
    frame = gd.load(name)
    assert list(frame.columns) == [f["name"] for f in DESCRIPTOR["resources"][gd.datasets().index(name)]["schema"]["fields"]]
    assert len(frame) > 0


def test_vital_rates_types_and_values():
    vr = gd.load("vital_rates")
    assert vr.year.dtype == "int64" and vr.population.dtype == "int64"
    assert vr.cdr.dtype == "float64"
    assert vr.year.min() == 1949 and vr.year.max() == 1970
    assert vr.set_index("year").loc[1960, "population"] == 662_070_000


def test_load_returns_a_copy():
    first = gd.load("vital_rates")
    first.loc[0, "cdr"] = -1
    assert gd.load("vital_rates").loc[0, "cdr"] == 20.0


def test_describe_and_cite():
    d = gd.describe("vital_rates")
    assert d["fields"]["cdr"]["unit"] == "per 1000 population"
    assert d["fields"]["population"]["unit"] == "persons"
    assert d["sources"] and d["licenses"]
    text = gd.cite("death_toll_estimates")
    assert gd.__version__ in text and "[1]" in text


def test_unknown_name_lists_names_and_closest_match():
    with pytest.raises(gd.UnknownDatasetError, match="Did you mean 'vital_rates'") as info:
        gd.load("vital_rate")
    assert "employment_by_sector" in str(info.value)
    with pytest.raises(LookupError):
        gd.describe("famine")
    with pytest.raises(TypeError):
        gd.load(3)


@pytest.fixture
def package_copy(tmp_path, monkeypatch):
    """A copy of the package data that a test may damage, wired in place of the real one."""
    root = resources.files("gleap_data")
    shutil.copy(root / "datapackage.json", tmp_path / "datapackage.json")
    shutil.copytree(root / "data", tmp_path / "data")
    monkeypatch.setattr(_data, "_root", lambda: tmp_path)
    return tmp_path


def test_tampered_file_fails_to_load_with_its_name(package_copy):
    path = package_copy / "data" / "vital_rates.csv"
    text = path.read_text("utf-8")
    path.write_text(text.replace("25.43", "15.43", 1), "utf-8")
    with pytest.raises(gd.DataIntegrityError, match="vital_rates.csv"):
        gd.load("vital_rates")
    assert len(gd.load("grain")) > 0  # the other files still load


def test_corrupt_descriptor_is_a_clear_error(package_copy):
    (package_copy / "datapackage.json").write_text("{ not json", "utf-8")
    with pytest.raises(gd.DataIntegrityError, match="not valid JSON"):
        gd.datasets()


def test_missing_file_is_a_clear_error(package_copy):
    (package_copy / "data" / "steel.csv").unlink()
    with pytest.raises(gd.DataIntegrityError, match="missing"):
        gd.load("steel")


def test_hashes_match_files():
    root = resources.files("gleap_data")
    for res in DESCRIPTOR["resources"]:
        digest = hashlib.sha256(root.joinpath(res["path"]).read_bytes()).hexdigest()
        assert res["hash"] == f"sha256:{digest}", res["path"]


def test_frictionless_validates_the_descriptor():
    from frictionless import Package

    report = Package(str(resources.files("gleap_data").joinpath("datapackage.json"))).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_course_text_is_verbatim():
    """Sentences joined back give the course text exactly (a copy lives in tests/fixtures)."""
    from pathlib import Path

    text = gd.load("course_text")
    paragraphs = text.sort_values(["paragraph", "sentence"]).groupby("paragraph")["text_pl"].apply(" ".join)
    here = Path(__file__).resolve().parent
    fixture = (here / "fixtures" / "wielki_skok.pl.txt").read_text("utf-8")
    assert paragraphs.tolist() == fixture.strip("\n").split("\n")
    shared = here.parents[1] / "shared" / "course_text" / "wielki_skok.pl.txt"
    if shared.exists():  # beside the repository on the team's machines and in CI
        assert shared.read_text("utf-8") == fixture
    assert text.passage_id.is_unique and text.text_en.str.len().min() > 10


def test_no_network_in_package_code():
    root = resources.files("gleap_data")
    for path in root.iterdir():
        if path.name.endswith(".py"):
            src = path.read_text("utf-8")
            for word in ("urllib", "requests", "http.client", "socket"):
                assert f"import {word}" not in src, f"{path.name} imports {word}"


# ------------------------------------------------------------------ provincial and county panels

from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
MQY = "Meng, Qian & Yared"


def test_provincial_panel_covers_23_provinces_in_1960():
    pvr = gd.load("provincial_vital_rates")
    in_1960 = pvr[(pvr.year == 1960) & (pvr.level == "province") & pvr.cdr.notna()]
    assert in_1960.province.nunique() >= 23
    assert pvr.source.notna().all() and (pvr.source.str.len() > 20).all(), "every row keeps its source"
    mqy = pvr[pvr.source.str.startswith(MQY)].set_index(["province", "year"])
    assert mqy.loc[("Shanghai", 1960), "cdr"] == 6.90 and mqy.loc[("Guizhou", 1960), "cdr"] == 52.33


def test_two_sources_for_the_same_province_and_year_both_kept_and_agree():
    pvr = gd.load("provincial_vital_rates")
    mqy = pvr[pvr.source.str.startswith(MQY)].set_index(["province", "year"]).cdr
    printed = pvr[~pvr.source.str.startswith(MQY)]
    anhui = printed[printed.province == "Anhui"].set_index("year").cdr
    # the Anhui yearbook prints one decimal: 68.6 against 68.58
    assert mqy["Anhui", 1960] == 68.58 and anhui[1960] == 68.6
    assert abs(mqy["Anhui", 1960] - anhui[1960]) <= 0.05
    henan = printed[(printed.province == "Henan")].dropna(subset=["cdr"]).set_index("year").cdr
    years = range(1955, 1966)
    assert set(years) <= set(henan.index)
    for year in years:  # 《中国人口》 (via Yang) against the derived panel rate
        assert abs(mqy["Henan", year] - henan[year]) <= 0.05 + 1e-9, year


def test_county_death_rates_load_and_name_provinces():
    c = gd.load("county_death_rates")
    assert c.province.nunique() == 13 and c.county_id.nunique() == 921
    assert c.year.min() == 1954 and c.year.max() == 1966
    assert (c.groupby("county_id").year.count() == 13).all()
    assert set(c[c.province == "Sichuan"].province_code) == {51}
    # a county mean is not a provincial rate: the descriptor says so in words
    assert "not the province's death rate" in gd.describe("county_death_rates")["description"]


def test_raw_files_keep_their_hashes():
    expected = {
        "mqy2015.rda": "259782a81d54b25e3fb652a6a7b01c8efa28a9c25ce431136498a68ab4a658d9",
        "fdid.RData": "ae07e2d1ddeedb96e9aca1914800805bfdb18970e91da549a59f8d3f256db0b3",
    }
    for name, digest in expected.items():
        assert hashlib.sha256((REPO / "data-raw" / name).read_bytes()).hexdigest() == digest
        assert digest in (REPO / "data-raw" / "README.md").read_text("utf-8")


def test_import_tool_reproduces_the_csvs_byte_for_byte(tmp_path):
    import subprocess
    import sys

    tool = REPO / "tools" / "import_replication.py"
    result = subprocess.run([sys.executable, str(tool), "--out", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for name in ("provincial_vital_rates.csv", "county_death_rates.csv"):
        fresh = (tmp_path / name).read_bytes()
        assert fresh == (REPO / "gleap_data" / "data" / name).read_bytes(), f"{name} differs from a fresh import"


UNAUTHORISED_COPIES = ("erenow.net", "readsbookonline.com", "bookreadfree.com", "bibliboba.online", "shucheng3.com",
                       "ql40.com", "yumpu.com", "cread.tw", "hhshuwu.com", "pgsk.com",
                       # serialisations and reposts of whole books (Tombstone; a party-history book)
                       "tuidang.org/acenter/tombstone", "ntdtv.com/b5/2014/03/10", "998ds.net",
                       "wenxuecity.com/myblog/71799")


def test_no_links_to_unauthorised_copies_of_books():
    paths = [REPO / "gleap_data" / "datapackage.json", *sorted((REPO / "gleap_data" / "data").glob("*.csv")),
             *sorted((REPO / "notebooks").rglob("*.ipynb")), *sorted((REPO / "docs").rglob("*.md")),
             *sorted((REPO / "exercises").rglob("*.ipynb")), REPO / "README.md", REPO / "README.pl.md"]
    for path in paths:
        text = path.read_text("utf-8")
        for site in UNAUTHORISED_COPIES:
            assert site not in text, f"{path.relative_to(REPO)} links to {site}"


def test_every_source_type_is_derived_from_the_recorded_criteria():
    est = gd.load("death_toll_estimates")
    derived = [gd.source_type(r.method_stated, r.data_available, r.venue, r.purpose) for r in est.itertuples()]
    wrong = est.loc[est.source_type != derived, ["estimate_id", "source_type"]]
    assert wrong.empty, f"labels not derived from the criteria:\n{wrong}"
    # the rule applies evenly: a row whose work was not read is never scholarly, high or low
    assert set(est.loc[est.method_stated == "unknown", "source_type"]) == {"unverified"}
    assert {"yu_xiguang", "brown1984"} <= set(est.loc[est.source_type == "unverified", "estimate_id"])


def test_source_type_rule_by_hand():
    assert gd.source_type("yes", "yes", "journal", "research") == "scholarly"
    assert gd.source_type("yes", "yes", "web", "research") == "journalistic"  # a web summary
    assert gd.source_type("yes", "yes", "book", "advocacy") == "partisan"
    assert gd.source_type("no", "no", "government", "official") == "official"
    assert gd.source_type("unknown", "unknown", "unknown", "advocacy") == "unverified"
    with pytest.raises(ValueError, match="venue must be one of"):
        gd.source_type("yes", "yes", "blog", "research")
