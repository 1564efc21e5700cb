"""Issue #13 part 1: `make test` passes on a fresh machine. The step that `make run`, `make test` and CI share,
`make install` (pip, then scripts/vendor_assets.py), brings the reports' font: Debian's Liberation Serif where the
system has it or root can install it with apt-get, and otherwise Noto Serif from its pinned PyPI package, so that a
machine without any system font still renders the reports in Vietnamese."""

import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import unicodedata
from pathlib import Path
from shlex import quote

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
SEED_TEXT = ROOT / "tests" / "reports" / "data" / "seed-report.txt"  # the seed report, as shared/seeds holds it
STYLES = ("Regular", "Bold", "Italic", "BoldItalic")
# What the hidden-fonts run checks: the seed review's PDF (all the seed's figures, rendered once for the font test and
# its neighbours), a periodic report with its charts, and the PDF fetcher's own-font check.
RENDERING_TESTS = [
    "tests/reports/test_rendering.py::test_the_review_prints_every_figure_of_the_seed_the_way_the_seed_writes_it",
    "tests/reports/test_rendering.py::test_the_fonts_are_the_report_font_embedded",
    "tests/reports/test_rendering.py::test_footnotes_are_real_footnotes_at_the_foot_of_a_page",
    "tests/reports/test_rendering.py::test_the_periodic_templates_render_their_figures_tables_and_charts[annual]",
    "tests/security/test_pdf_fetcher.py::test_the_reports_own_font_is_still_embedded",
]


def vendor_assets():
    spec = importlib.util.spec_from_file_location("vendor_assets", ROOT / "scripts" / "vendor_assets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seed_characters() -> set[str]:
    text = unicodedata.normalize("NFC", SEED_TEXT.read_text(encoding="utf-8"))
    return {c for c in text if not c.isspace()}


def missing_from(font: Path, characters: set[str]) -> str:
    cmap = TTFont(font).getBestCmap()
    return "".join(sorted(c for c in characters if ord(c) not in cmap))


def embedded_fonts(reader: PdfReader) -> dict[str, tuple[TTFont | None, dict[int, str]]]:
    """Every font the pages use (charts included) → its embedded TrueType program and what each of its glyph ids
    prints (its ToUnicode map)."""
    fonts = {}

    def walk(resources):
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            program = descriptor.get_object().get("/FontFile2")
            cmap = font["/ToUnicode"].get_object().get_data().decode() if "/ToUnicode" in font else ""
            pairs = re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", cmap.split("endcodespacerange")[-1])
            prints = {int(gid, 16): bytes.fromhex(text).decode("utf-16-be") for gid, text in pairs}
            fonts[str(font["/BaseFont"])] = (TTFont(io.BytesIO(program.get_object().get_data())) if program else None,
                                             prints)
        for xobject in resources.get("/XObject", {}).values():
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                walk(xobject["/Resources"])

    for page in reader.pages:
        walk(page["/Resources"])
    return fonts


def drawn_without_a_glyph(program: TTFont, prints: dict[int, str]) -> str:
    """The characters a font draws with .notdef, or with a glyph id its program lacks (how WeasyPrint keeps the text
    of a character the font does not have), or with an empty glyph."""
    order, glyf = program.getGlyphOrder(), program["glyf"]
    bad = [text for gid, text in prints.items()
           if gid == 0 or gid >= len(order) or (text.strip() and glyf[order[gid]].numberOfContours == 0)]
    return "".join(sorted(bad))


def unshare_permitted() -> str:
    """Why a private mount namespace cannot be had here, or "" when it can."""
    if not shutil.which("unshare") or os.geteuid() != 0:
        return "needs root and unshare(1) to hide the system fonts in a private mount namespace"
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "mount", "-t", "tmpfs", "none", "/mnt"],
                           capture_output=True, text=True)
    return "" if probe.returncode == 0 else f"unshare -m is not permitted here: {probe.stderr.strip()}"


def test_with_the_system_fonts_hidden_the_install_step_brings_a_font_that_renders_the_reports_in_vietnamese(
        tmp_path):
    """The done-when of the issue: /usr/share/fonts is an empty folder and the vendored Liberation copy is gone, as on
    a new machine without fonts-liberation2; scripts/vendor_assets.py (make install's font step) runs, then the
    reports tests render the seed review. It prints every seed figure in the PyPI font, embedded, with a glyph for
    every Vietnamese letter of the seed."""
    reason = unshare_permitted()
    if reason:
        pytest.skip(reason)
    fonts, artifacts = tmp_path / "fonts", tmp_path / "artifacts"
    fonts.mkdir()
    artifacts.mkdir()
    vendored = ROOT / "static" / "vendor" / "fonts"
    vendored.mkdir(parents=True, exist_ok=True)  # mount points; make install makes them anyway
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    python = sys.executable
    script = "\n".join([
        "set -e",
        "for d in /usr/share/fonts /usr/local/share/fonts; do if [ -d $d ]; then mount -t tmpfs none $d; fi; done",
        f"mount --bind {quote(str(fonts))} {quote(str(vendored))}",
        f"mount --bind {quote(str(artifacts))} {quote(str(ROOT / 'test-artifacts'))}",
        'test -z "$(fc-list 2>/dev/null)"',  # no font left for fontconfig to fall back on
        # --no-apt: root could reinstall fonts-liberation2 here; what is tested is the machine where it cannot.
        f"{quote(python)} scripts/vendor_assets.py --no-apt",
        f"exec {quote(python)} -m pytest -q -p no:cacheprovider " + " ".join(map(quote, RENDERING_TESTS)),
    ])
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    # SQLite (the test database in memory): this run's own test database is left alone, and the font is all that
    # differs from the run that is going on.
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    run = subprocess.run(["unshare", "-m", "--propagation", "private", "bash", "-c", script], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-4000:]
    assert f"{len(RENDERING_TESTS)} passed" in run.stdout, run.stdout[-3000:]

    # make install chose the PyPI font and said so; each of its four styles has every character of the seed.
    record = json.loads((fonts / "report-font.json").read_text())
    assert record["family"] == "Noto Serif", record
    chosen = {style: fonts / record["folder"] / name for style, name in record["files"].items()}
    assert sorted(chosen) == sorted(STYLES)
    characters = seed_characters()
    assert {style: missing_from(path, characters) for style, path in chosen.items()} == dict.fromkeys(STYLES, "")

    # The seed review's PDF embeds that font, and only it, with a glyph for every letter it prints.
    reader = PdfReader(artifacts / "reports" / "seed-review.pdf")
    embedded = embedded_fonts(reader)
    assert embedded and all(program for program, _prints in embedded.values()), embedded
    assert all(re.search(r"NotoSerif|Noto-Serif", name) for name in embedded), list(embedded)
    assert len(embedded) >= 3  # regular, bold and italic all used by the review
    assert {name: drawn_without_a_glyph(*font) for name, font in embedded.items()} == dict.fromkeys(embedded, "")
    printed = set("".join(text for _program, prints in embedded.values() for text in prints.values()))
    assert len({c for c in printed if ord(c) > 127}) >= 60  # the review is written in Vietnamese
    assert missing_from(chosen["Regular"], printed - {" "}) == ""


def test_make_install_installs_the_font_package_and_runs_the_font_step():
    """The PyPI font is a pinned dependency of every install, and make install runs the step that chooses the font."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    names = [re.split(r"[<>=!~; \[]", d, maxsplit=1)[0].lower() for d in project["project"]["dependencies"]]
    assert "fontpkg-noto-serif" in names
    pins = (ROOT / "requirements" / "constraints.txt").read_text().lower().split()
    assert any(pin.startswith("fontpkg-noto-serif==") for pin in pins)
    assert any(pin.startswith("fontpkg==") for pin in pins)  # what the font package itself requires

    dry_run = subprocess.run(["make", "-n", "-B", "install"], cwd=ROOT, capture_output=True, text=True)
    assert dry_run.returncode == 0, dry_run.stderr
    assert 'pip install --quiet -c requirements/constraints.txt ".[dev]"' in dry_run.stdout
    assert "scripts/vendor_assets.py" in dry_run.stdout


VIETNAMESE = "ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"


def write_font(path: Path, name: str, *, vietnamese: bool = True) -> Path:
    """A small real TrueType font named `name` with the ASCII letters, and the Vietnamese ones unless told not to (as
    Debian's fonts-liberation 1.x, which Chromium pulls in)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    letters = [chr(c) for c in range(0x41, 0x7B) if chr(c).isalpha()] + (list(VIETNAMESE) if vietnamese else [])
    glyphs = [".notdef"] + [f"u{ord(c):04X}" for c in letters]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(glyphs)
    builder.setupCharacterMap({ord(c): f"u{ord(c):04X}" for c in letters})
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf({g: empty for g in glyphs})
    builder.setupHorizontalMetrics({g: (500, 0) for g in glyphs})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": name, "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    builder.save(str(path))
    return path


def write_family(folder: Path, pattern: str, name: str, *, vietnamese: bool = True) -> None:
    for style in STYLES:
        write_font(folder / pattern.format(style), f"{name} {style}", vietnamese=vietnamese)


@pytest.fixture
def no_system_font(tmp_path):
    return [tmp_path / "usr-share-fonts" / "liberation2"]


@pytest.fixture
def apt_get(tmp_path, monkeypatch):
    """A stand-in apt-get on the PATH, run as root: `apt_get(script)` writes its body; its calls are logged."""
    bin_dir, calls = tmp_path / "bin", tmp_path / "apt-calls"
    bin_dir.mkdir()
    calls.touch()
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")

    def install(body: str):
        (bin_dir / "apt-get").write_text(f'#!/bin/sh\necho "$@" >> {calls}\n{body}\n')
        (bin_dir / "apt-get").chmod(0o755)
        return calls

    return install


def root_vendor_assets(monkeypatch):
    module = vendor_assets()
    monkeypatch.setattr(module, "running_as_root", lambda: True)
    return module


def test_without_a_system_font_the_install_chooses_the_pypi_font(tmp_path, no_system_font):
    family, source = vendor_assets().report_font_source(fonts=tmp_path / "vendor", system_dirs=no_system_font,
                                                        apt=False)
    assert family == "Noto Serif"
    import fontpkg_noto_serif

    assert Path(source).resolve().is_relative_to(Path(fontpkg_noto_serif.__file__).resolve().parent)


def test_where_the_system_has_liberation_serif_it_is_preferred_and_apt_is_not_run(tmp_path, apt_get, monkeypatch):
    calls = apt_get("exit 0")
    system = tmp_path / "liberation2"
    write_family(system, "LiberationSerif-{}.ttf", "Liberation Serif")
    family, source = root_vendor_assets(monkeypatch).report_font_source(fonts=tmp_path / "vendor",
                                                                        system_dirs=[system], apt=True)
    assert (family, source) == ("Liberation Serif", system)
    assert calls.read_text() == ""


def test_as_root_with_apt_get_the_install_installs_fonts_liberation2(tmp_path, no_system_font, apt_get, monkeypatch):
    folder = no_system_font[0]
    font = write_font(tmp_path / "package" / "font.ttf", "Liberation Serif")
    styles = " ".join(STYLES)
    calls = apt_get(f'mkdir -p {folder}\nfor s in {styles}; do cp {font} {folder}/LiberationSerif-$s.ttf; done')
    family, source = root_vendor_assets(monkeypatch).report_font_source(fonts=tmp_path / "vendor",
                                                                        system_dirs=no_system_font, apt=True)
    assert (family, source) == ("Liberation Serif", folder)
    assert calls.read_text().split("\n")[0].split()[0] == "install" and "fonts-liberation2" in calls.read_text()


def test_a_failing_apt_get_does_not_stop_the_install(tmp_path, no_system_font, apt_get, monkeypatch, capsys):
    """Root with apt-get but no way to install (no network, a held lock): the install goes on with the PyPI font."""
    calls = apt_get('echo "E: Unable to locate package fonts-liberation2" >&2\nexit 100')
    family, _source = root_vendor_assets(monkeypatch).report_font_source(fonts=tmp_path / "vendor",
                                                                         system_dirs=no_system_font, apt=True)
    assert family == "Noto Serif"
    assert "install" in calls.read_text() and "fonts-liberation2" in calls.read_text()
    assert "Unable to locate package" in capsys.readouterr().err


def test_as_root_the_install_brings_chromium_for_the_browser_tests_when_it_is_missing(tmp_path, apt_get,
                                                                                     monkeypatch):
    """A newcomer's `make test` runs the browser tests as CI does: make install installs Debian's Chromium where root
    can, and leaves a machine that has it alone."""
    calls = apt_get("exit 0")
    module = root_vendor_assets(monkeypatch)
    monkeypatch.setattr(module, "CHROMIUM", tmp_path / "no-chromium")
    module.install_chromium(apt=True)
    assert calls.read_text().split("\n")[0].split()[0] == "install" and "chromium" in calls.read_text().split()
    calls.write_text("")
    (tmp_path / "chromium").touch()
    monkeypatch.setattr(module, "CHROMIUM", tmp_path / "chromium")
    module.install_chromium(apt=True)
    assert calls.read_text() == ""


def test_once_liberation_serif_is_on_the_system_the_next_install_switches_to_it(tmp_path):
    fonts, system = tmp_path / "vendor" / "fonts", tmp_path / "liberation2"
    write_family(fonts / "noto-serif", "NotoSerif-{}.ttf", "Noto Serif")
    write_family(system, "LiberationSerif-{}.ttf", "Liberation Serif")
    (fonts / "report-font.json").write_text(json.dumps({"family": "Noto Serif", "folder": "noto-serif"}))

    assert vendor_assets().vendor_fonts(fonts=fonts, system_dirs=[system], apt=False) == "Liberation Serif"
    assert sorted(p.name for p in fonts.iterdir()) == ["liberation-serif", "report-font.json"]
    bold = fonts / "liberation-serif" / "LiberationSerif-Bold.ttf"
    assert bold.read_bytes() == (system / "LiberationSerif-Bold.ttf").read_bytes()
    record = json.loads((fonts / "report-font.json").read_text())
    assert (record["family"], record["files"]["Italic"]) == ("Liberation Serif", "LiberationSerif-Italic.ttf")


def test_a_liberation_serif_without_vietnamese_letters_is_not_the_report_font(tmp_path):
    """Debian's fonts-liberation 1.x (which Chromium pulls in) has no "ư" nor "ệ": WeasyPrint would take them from
    another font of the system. The install takes Noto Serif instead, and drops such a copy vendored before."""
    fonts, old = tmp_path / "vendor" / "fonts", tmp_path / "liberation"
    write_family(old, "LiberationSerif-{}.ttf", "Liberation Serif", vietnamese=False)
    write_family(fonts / "liberation-serif", "LiberationSerif-{}.ttf", "Liberation Serif", vietnamese=False)
    module = vendor_assets()
    assert not module.covers_vietnamese(old / "LiberationSerif-Regular.ttf")
    assert module.report_font_source(fonts=fonts, system_dirs=[old], apt=False)[0] == "Noto Serif"
    assert str(old) not in map(str, module.SYSTEM_FONT_DIRS)
