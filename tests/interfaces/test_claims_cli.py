"""``lunarbase claims``: the table at 80 columns, the JSON records, the offline page, and one-line refusals."""

import json
import re
import shutil

import pytest
from rich.console import Console

from lunarbase.claims import CLAIMS
from lunarbase.interfaces import cli as cli_module
from tests.interfaces.conftest import cli
from tests.interfaces.test_narrow_terminal import WIDTH, assert_readable


@pytest.fixture
def narrow(monkeypatch):
    monkeypatch.setattr(cli_module, "out_console", Console(width=WIDTH))
    monkeypatch.setattr(cli_module, "err_console", Console(width=WIDTH, stderr=True))


@pytest.mark.filterwarnings("error")
def test_the_table_fits_80_columns_with_a_row_per_claim(narrow):
    res = cli("claims")
    assert res.returncode == 0, res.stderr
    assert_readable(res.stdout)
    for i, claim in enumerate(CLAIMS, 1):
        assert re.search(rf"^│ *{i} │ *{re.escape(claim.title.split()[0])}", res.stdout, re.MULTILINE), claim.key
    for word in ("impossible by physics", "consistent only if", "plan:", "default:", "Why"):
        assert word in res.stdout


def test_json_is_a_list_of_records():
    res = cli("claims", "--json", "--samples", "0")
    assert res.returncode == 0, res.stderr
    records = json.loads(res.stdout)
    assert [r["key"] for r in records] == [c.key for c in CLAIMS]
    for r in records:
        assert {"claim", "source", "date", "implies", "model", "verdict", "reason", "probability"} <= set(r)
        assert all({"value", "unit"} <= set(q) for q in r["implies"].values())
        assert len(r["model"]) == 2 and r["probability"] is None


def test_out_writes_the_page_and_the_records_offline(tmp_path):
    res = cli("claims", "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    folder = tmp_path / "claims"
    assert sorted(p.name for p in folder.iterdir()) == ["claims.html", "claims.json"]
    assert [r["key"] for r in json.loads((folder / "claims.json").read_text())] == [c.key for c in CLAIMS]
    page = (folder / "claims.html").read_text()
    assert "<script src=" not in page and "<link" not in page  # Plotly embedded, nothing fetched
    markup = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.DOTALL)  # Plotly's own code aside
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", markup)  # the page links nothing outside
    assert "Plotly" in page and "impossible by physics" in page
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left behind


def test_json_with_out_prints_the_records_and_writes(tmp_path):
    res = cli("claims", "--json", "--out", str(tmp_path))
    assert res.returncode == 0 and json.loads(res.stdout)
    assert (tmp_path / "claims" / "claims.html").exists()


def test_an_out_that_is_a_file_is_one_line_and_exit_2(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    res = cli("claims", "--out", str(target))
    assert res.returncode == 2 and res.stdout == ""
    assert len(res.stderr.strip().splitlines()) == 1 and "--out" in res.stderr


def test_an_unknown_option_is_refused():
    res = cli("claims", "--nope")
    assert res.returncode == 2 and res.stdout == ""


@pytest.mark.skipif(not (shutil.which("chromium") or shutil.which("chromium-browser")), reason="no Chromium")
def test_the_page_opens_offline_with_its_chart(tmp_path):
    from pathlib import Path

    from tests.interfaces.test_report_browser import open_offline

    assert cli("claims", "--out", str(tmp_path)).returncode == 0
    title, text = open_offline(Path(tmp_path) / "claims" / "claims.html", 1)
    assert title == "lunarbase — the plan's claims, checked"
    assert "Needs against ceilings" in text


def test_dated_claims_carry_their_probability_over_the_default_uncertainty_set():
    """--samples runs each default preset's [uncertainty] set; a claim on a milestone gets the share of runs
    meeting it, a share of the runs (k / n); --samples 0 leaves every probability out."""
    import json as _json

    got = _json.loads(cli("claims", "--json", "--samples", "16").stdout)
    dated = [c for c in got if c["probability"] is not None]
    assert dated and all(0.0 <= c["probability"] <= 1.0 and round(c["probability"] * 16, 9).is_integer()
                         for c in dated)
    none = _json.loads(cli("claims", "--json", "--samples", "0").stdout)
    assert all(c["probability"] is None for c in none)


def test_the_note_keeps_its_bracketed_words():
    """Console markup must not swallow '[uncertainty]' (rich reads brackets as style tags)."""
    assert "[uncertainty] set" in " ".join(cli("claims", "--samples", "0").stdout.split())
