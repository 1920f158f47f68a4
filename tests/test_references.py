"""The project's own list of sources, docs/references.md: it ships, and every citation of it points at it.

Whether each source note names a publication that the list holds is a judgement, not a string match, so it is
reviewed by hand; these tests keep the file in the repository and the citations of it pointing at the right path.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCES = ROOT / "docs/references.md"
#: Where the code, the docs and the tests live; every text file there is searched.
SEARCHED = ("src", "docs", "tests", "benchmarks")
TOP_FILES = ("README.md", "pyproject.toml", "Makefile")
SUFFIXES = {".py", ".md", ".toml", ".txt", ".cfg", ".html", ".json"}
#: A path ending in the list's file name, with the path written before it (docs/, another folder, or none).
CITATION = re.compile(r"(?<![\w/.-])(\]\()?([\w./-]*references\.md)")
#: The subjects the list is grouped by.
SECTIONS = ("Sunlight and constants", "Lunar site and power", "Industry", "The city", "Chips", "Earth logistics",
            "Mass drivers", "Departure and orbits", "Satellites", "Fleet and economics", "Bodies and routes",
            "The plan's own claims")


def searched_files():
    for folder in SEARCHED:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in SUFFIXES and "__pycache__" not in path.parts:
                yield path
    for name in TOP_FILES:
        if (ROOT / name).is_file():
            yield ROOT / name


def points_at_the_list(path: Path, link: bool, cited: str) -> bool:
    """``docs/references.md`` from the repository root, or a Markdown link beside it in docs/ that resolves to it."""
    if cited == "docs/references.md":
        return True
    return link and path.parent == REFERENCES.parent and (path.parent / cited).resolve() == REFERENCES


def test_the_list_ships_with_its_subjects():
    assert REFERENCES.is_file()
    text = REFERENCES.read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    for section in SECTIONS:
        assert any(section in heading for heading in headings), f"docs/references.md has no section '{section}'"
    # The status legend that every row uses.
    assert "as cited in the code; not re-checked" in text and "assumption" in text


def test_every_citation_of_the_list_points_at_docs_references_md():
    wrong, seen = [], 0
    for path in searched_files():
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            for match in CITATION.finditer(line):
                seen += 1
                if not points_at_the_list(path, bool(match.group(1)), match.group(2)):
                    wrong.append(f"{path.relative_to(ROOT)}:{number}: {match.group(2)}")
    assert seen > 0, "no citation of the list found: the search itself is broken"
    assert not wrong, "citations that do not point at docs/references.md:\n" + "\n".join(wrong)


def test_the_citation_pattern_catches_the_old_forms():
    # The forms this replaced: a bare file name, and the team's shared folder outside the repository (written in
    # pieces so that this file does not cite them itself).
    name = "references" + ".md"
    for text in (f"see {name}", f"see /work/shared/{name}", f"(`{name}` asks)"):
        cited = [m.group(2) for m in CITATION.finditer(text)]
        assert cited and not any(c == "docs/references.md" for c in cited), text
    assert [m.group(2) for m in CITATION.finditer("see docs/references.md.")] == ["docs/references.md"]
