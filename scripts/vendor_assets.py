#!/usr/bin/env python3
"""Vendor the front-end libraries into static/vendor/ from their packages, so that no page loads anything from
the internet (the system runs on closed government networks), and the reports' font: Liberation Serif from Debian's
fonts-liberation2 (installed with apt-get where root can), else Noto Serif from its PyPI package.

The libraries come from their packages: Bootstrap from PyPI through pip; Tom Select, flatpickr and (for the browser
tests only, into var/vendor/, never served) axe-core from the npm registry, each tarball checked against its pinned
sha512 integrity; Python's standard library fetches them, so a machine with only Python can run it. Idempotent: a
library whose pinned version is already in place is skipped, and so is a font already vendored. `make install` runs
it with the project's .venv/bin/python. Usage: python scripts/vendor_assets.py [--python PYTHON] [--no-apt]
"""

import argparse
import concurrent.futures
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEST = ROOT / "static" / "vendor"

# name in static/vendor → (pinned wheel, {path inside the wheel: path under static/vendor/<name>/})
ASSETS = {
    "bootstrap": (
        "django-bootstrap-static==5.3.3",
        {
            "bootstrap/static/bootstrap/css/bootstrap.min.css": "css/bootstrap.min.css",
            "bootstrap/static/bootstrap/css/bootstrap.min.css.map": "css/bootstrap.min.css.map",
            "bootstrap/static/bootstrap/js/bootstrap.bundle.min.js": "js/bootstrap.bundle.min.js",
            "bootstrap/static/bootstrap/js/bootstrap.bundle.min.js.map": "js/bootstrap.bundle.min.js.map",
        },
    ),
}

# name → (npm package, pinned version, its sha512 integrity as the registry publishes it, {path inside the tarball:
# path under the target folder}, the target's root). Front-end libraries go to static/vendor/<name>/; axe-core, the
# accessibility engine of the browser tests (tests/browser_axe.py), to var/vendor/<name>/: test-only, never served.
NPM_REGISTRY = os.environ.get("NPM_REGISTRY", "https://registry.npmjs.org").rstrip("/")
TEST_DEST = ROOT / "var" / "vendor"
NPM_ASSETS = {
    "tom-select": (
        "tom-select", "2.6.2",
        "sha512-eiXIkk82XzzUTOVQDFpy+ZGejuqdTvMukyUyeZBQaKnqW42UoTiTZnrod/eX0rkqJEc4rZY9DZ3zdjV07i29wQ==",
        # With their source maps: the minified files name them, and collectstatic's manifest storage (production,
        # the Docker build) refuses a file that refers to a missing one.
        {"package/dist/js/tom-select.complete.min.js": "js/tom-select.complete.min.js",
         "package/dist/js/tom-select.complete.min.js.map": "js/tom-select.complete.min.js.map",
         "package/dist/css/tom-select.bootstrap5.min.css": "css/tom-select.bootstrap5.min.css",
         "package/dist/css/tom-select.bootstrap5.min.css.map": "css/tom-select.bootstrap5.min.css.map",
         "package/LICENSE": "LICENSE"},
        DEST,
    ),
    "flatpickr": (
        "flatpickr", "4.6.13",
        "sha512-97PMG/aywoYpB4IvbvUJi0RQi8vearvU0oov1WW3k0WZPBMrTQVqekSX5CjSG/M4Q3i6A/0FKXC7RyAoAUUSPw==",
        {"package/dist/flatpickr.min.js": "js/flatpickr.min.js",
         "package/dist/l10n/vn.js": "js/l10n/vn.js",
         "package/dist/flatpickr.min.css": "css/flatpickr.min.css",
         "package/LICENSE.md": "LICENSE"},
        DEST,
    ),
    "axe-core": (
        "axe-core", "4.14.1",
        "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
        {"package/axe.min.js": "axe.min.js", "package/LICENSE": "LICENSE"},
        TEST_DEST,
    ),
}

# The reports' font (reports/rendering.py), embedded in every PDF: a serif with every Vietnamese letter, in four
# styles. Liberation Serif (metric-compatible with Times New Roman) from Debian's fonts-liberation2 where the system has
# it, or where root can install it with apt-get; otherwise Noto Serif from its PyPI package, fontpkg-noto-serif, a
# pinned dependency of every install, so that a machine without either still renders the reports. The chosen family
# is copied into static/vendor/fonts/<folder>/ with its licence (the SIL Open Font License allows it) and named in
# static/vendor/fonts/report-font.json; the other family's folder is removed.
FONTS = DEST / "fonts"
FONT_RECORD = "report-font.json"
FONT_STYLES = ("Regular", "Bold", "Italic", "BoldItalic")
LIBERATION = ("Liberation Serif", "liberation-serif", "LiberationSerif-{}.ttf")
NOTO = ("Noto Serif", "noto-serif", "NotoSerif-{}.ttf")
# Only fonts-liberation2: Debian's fonts-liberation (1.x, which Chromium pulls in) has no Vietnamese letters, and
# WeasyPrint would take every "ư" or "ệ" from another font of the system.
SYSTEM_FONT_DIRS = [Path("/usr/share/fonts/truetype/liberation2")]
FONT_LICENCES = [Path("/usr/share/doc/fonts-liberation2/copyright")]
# Letters a report font must have: a Vietnamese report is printed in one font, never patched with a fallback.
VIETNAMESE_LETTERS = "ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
APT_PACKAGE = "fonts-liberation2"
NOTO_PACKAGE = "fontpkg-noto-serif"
# The package ships Noto Serif as two variable fonts (weight 100–900, width 62.5–100, upright and italic); the four
# styles are cut from them at these values, so that WeasyPrint and the browsers get plain static fonts whose bold is
# bold whatever their support of font variations.
NOTO_INSTANCES = {
    "Regular": ("NotoSerif[wdth,wght].ttf", 400),
    "Bold": ("NotoSerif[wdth,wght].ttf", 700),
    "Italic": ("NotoSerif-Italic[wdth,wght].ttf", 400),
    "BoldItalic": ("NotoSerif-Italic[wdth,wght].ttf", 700),
}


def _font_files(folder: Path, pattern: str) -> dict[str, Path]:
    return {style: folder / pattern.format(style) for style in FONT_STYLES}


def covers_vietnamese(path: Path) -> bool:
    """Whether the font file has every Vietnamese letter (an unreadable file has none)."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, lazy=True) as font:
            cmap = font.getBestCmap() or {}
    except Exception:  # noqa: BLE001 - any unreadable font is simply not the report's font
        return False
    return all(ord(letter) in cmap for letter in VIETNAMESE_LETTERS)


def _complete(folder: Path, pattern: str) -> bool:
    files = _font_files(folder, pattern)
    return all(path.is_file() for path in files.values()) and all(covers_vietnamese(p) for p in files.values())


def _system_liberation(system_dirs: list[Path]) -> Path | None:
    return next((folder for folder in system_dirs if _complete(folder, LIBERATION[2])), None)


def noto_package() -> tuple[str, Path]:
    """The installed Noto Serif package: its version and the folder of its font files."""
    try:
        version = importlib.metadata.version(NOTO_PACKAGE)
        spec = importlib.util.find_spec(NOTO_PACKAGE.replace("-", "_"))
    except importlib.metadata.PackageNotFoundError:
        spec = None
    if spec is None or spec.origin is None:
        sys.exit(f"vendor_assets: the PyPI package {NOTO_PACKAGE} is not installed in {sys.executable}: run `make "
                 "install` (it installs the dependencies of pyproject.toml), or this script with the project's "
                 ".venv/bin/python.")
    return version, Path(spec.origin).parent / "files"


def _recorded(fonts: Path) -> dict:
    try:
        return json.loads((fonts / FONT_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def running_as_root() -> bool:
    return os.geteuid() == 0


def apt_install(package: str, purpose: str) -> bool:
    """Install one of Debian's packages, quietly, where we are root and apt-get is there. A failure (no network, a
    held lock, no such package) is reported and the install goes on."""
    apt_get = shutil.which("apt-get")
    if not apt_get or not running_as_root():
        return False
    print(f"vendor_assets: installing Debian's {package} ({purpose})")
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    install = [apt_get, "install", "-y", "-qq", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=60", package]
    # With the package lists of a fresh machine missing or old, the install fails until they are updated.
    for command in (install, [apt_get, "update", "-qq"], install):
        try:
            done = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                  timeout=900)
        except (OSError, subprocess.TimeoutExpired) as exc:
            done = subprocess.CompletedProcess(command, 1, "", str(exc))
        if done.returncode == 0 and command is install:
            return True
        if done.returncode != 0 and command is not install:
            break
    error = (done.stderr or done.stdout).strip().splitlines()
    print(f"vendor_assets: could not install {package} ({error[-1] if error else f'exit {done.returncode}'})",
          file=sys.stderr)
    return False


def apt_install_liberation() -> bool:
    installed = apt_install(APT_PACKAGE, "the reports' font")
    if not installed and shutil.which("apt-get") and running_as_root():
        print(f"vendor_assets: the reports will use {NOTO[0]} from the PyPI package {NOTO_PACKAGE}", file=sys.stderr)
    return installed


# The browser tests drive Debian's Chromium (tests/conftest.py; `playwright install` cannot download here). Where root
# can, the install brings it, so that a newcomer's `make test` runs them as CI does; elsewhere they skip and say why.
CHROMIUM = Path(os.environ.get("ANTQ_CHROMIUM", "/usr/bin/chromium"))


def install_chromium(*, apt: bool = True) -> None:
    if not CHROMIUM.exists() and apt:
        apt_install("chromium", "the browser tests")


def report_font_source(*, fonts: Path = FONTS, system_dirs: list[Path] = SYSTEM_FONT_DIRS,
                       apt: bool = True) -> tuple[str, Path]:
    """The reports' font this install vendors: its family and the folder its files come from (the vendored folder
    itself when it is already in place). Liberation Serif when it is vendored, on the system, or — where nothing is
    vendored yet — installable with apt-get; otherwise Noto Serif from the PyPI package."""
    if _complete(fonts / LIBERATION[1], LIBERATION[2]):
        return LIBERATION[0], fonts / LIBERATION[1]
    if system := _system_liberation(system_dirs):
        return LIBERATION[0], system
    version, package_files = noto_package()
    record = _recorded(fonts)
    if _complete(fonts / NOTO[1], NOTO[2]) and record.get("family") == NOTO[0] and record.get("version") == version:
        return NOTO[0], fonts / NOTO[1]
    if apt and apt_install_liberation():
        if system := _system_liberation(system_dirs):
            return LIBERATION[0], system
        print(f"vendor_assets: {APT_PACKAGE} is installed but Liberation Serif is not in "
              f"{', '.join(map(str, system_dirs))}: the reports will use {NOTO[0]}", file=sys.stderr)
    return NOTO[0], package_files


def _noto_instance(source: Path, weight: int, target: Path) -> None:
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = instancer.instantiateVariableFont(TTFont(source), {"wght": weight, "wdth": 100}, static=True,
                                             updateFontNames=True)
    font.save(target)


def _write_liberation(source: Path, folder: Path) -> None:
    for style, path in _font_files(source, LIBERATION[2]).items():
        shutil.copyfile(path, folder / LIBERATION[2].format(style))
    for licence in (p for p in FONT_LICENCES if p.is_file()):
        shutil.copyfile(licence, folder / "LICENSE")
        break


def _write_noto(source: Path, folder: Path) -> None:
    missing = [name for name, _weight in NOTO_INSTANCES.values() if not (source / name).is_file()]
    if missing:
        sys.exit(f"vendor_assets: {NOTO_PACKAGE} has no {', '.join(missing)} in {source}: the pinned version in "
                 "requirements/constraints.txt is the one this script knows")
    # Cutting a style takes seconds: the four in parallel.
    with concurrent.futures.ProcessPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        jobs = [pool.submit(_noto_instance, source / name, weight, folder / NOTO[2].format(style))
                for style, (name, weight) in NOTO_INSTANCES.items()]
        for job in jobs:
            job.result()
    shutil.copyfile(source.parent / "LICENSE", folder / "LICENSE")


def vendor_fonts(*, fonts: Path = FONTS, system_dirs: list[Path] = SYSTEM_FONT_DIRS, apt: bool = True) -> str:
    """Put the reports' font in static/vendor/fonts/ (see report_font_source) and return its family."""
    family, source = report_font_source(fonts=fonts, system_dirs=system_dirs, apt=apt)
    _name, folder, pattern = LIBERATION if family == LIBERATION[0] else NOTO
    target = fonts / folder
    record = {"family": family, "folder": folder,
              "files": {style: path.name for style, path in _font_files(target, pattern).items()}}
    if family == NOTO[0]:
        record["version"], _files = noto_package()
    if source != target:
        print(f"vendor_assets: the reports' font, {family}, from {source} → static/vendor/fonts/{folder}/")
        fonts.mkdir(parents=True, exist_ok=True)
        # Written aside and moved in whole: an interrupted install leaves no half family that rendering would take.
        partial = Path(tempfile.mkdtemp(prefix=".partial-", dir=fonts))
        try:
            (_write_liberation if family == LIBERATION[0] else _write_noto)(source, partial)
            partial.chmod(0o755)  # read by the web server and the worker, whoever they run as
            shutil.rmtree(target, ignore_errors=True)
            partial.rename(target)
        finally:
            shutil.rmtree(partial, ignore_errors=True)
    for other in (LIBERATION, NOTO):
        if other[1] != folder:
            shutil.rmtree(fonts / other[1], ignore_errors=True)
    if _recorded(fonts) != record:
        (fonts / FONT_RECORD).write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return family


def vendor(name: str, requirement: str, files: dict[str, str], python: str) -> None:
    target = DEST / name
    stamp = target / ".version"
    if stamp.exists() and stamp.read_text().strip() == requirement:
        return
    print(f"vendor_assets: {requirement} → static/vendor/{name}/")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [python, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", "-d", tmp, requirement],
            check=True,
        )
        (wheel,) = Path(tmp).glob("*.whl")
        with zipfile.ZipFile(wheel) as archive:
            shutil.rmtree(target, ignore_errors=True)
            for source, dest in files.items():
                path = target / dest
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(archive.read(source))
            licences = [n for n in archive.namelist() if Path(n).name.upper().startswith("LICENSE")]
            for licence in licences[:1]:
                (target / "LICENSE").write_bytes(archive.read(licence))
    stamp.write_text(requirement + "\n")


def vendor_npm(name: str, package: str, version: str, integrity: str, files: dict[str, str], root: Path) -> None:
    """One npm package's files into root/<name>/: the tarball from the registry, refused unless its sha512 is the
    pinned integrity; written aside and moved in whole."""
    import base64
    import hashlib
    import io
    import tarfile
    import urllib.request

    target = root / name
    stamp = target / ".version"
    requirement = f"{package}@{version}"
    # The stamp names the version and the files taken: a file added to the list here is fetched by the next install.
    stamped = "\n".join([requirement, *sorted(files.values())]) + "\n"
    if stamp.exists() and stamp.read_text() == stamped:
        return
    url = f"{NPM_REGISTRY}/{package}/-/{package.split('/')[-1]}-{version}.tgz"
    print(f"vendor_assets: {requirement} → {target}/")
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            data = response.read()
    except OSError as exc:
        sys.exit(f"vendor_assets: could not download {url} ({exc}); set NPM_REGISTRY to a reachable mirror")
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != integrity:
        sys.exit(f"vendor_assets: {url} is not the pinned {requirement} (integrity {digest}, expected {integrity})")
    root.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=".partial-", dir=root))
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            for source, dest in files.items():
                member = archive.extractfile(source)
                if member is None:
                    sys.exit(f"vendor_assets: {requirement} has no {source}")
                path = partial / dest
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(member.read())
        (partial / ".version").write_text(stamped)
        for folder in [partial, *(p for p in partial.rglob("*") if p.is_dir())]:
            folder.chmod(0o755)
        shutil.rmtree(target, ignore_errors=True)
        partial.rename(target)
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="Python whose pip downloads the packages")
    parser.add_argument("--no-apt", action="store_true",
                        help=f"never run apt-get: neither {APT_PACKAGE} (the system's Liberation Serif, else Noto "
                             "Serif) nor Chromium")
    args = parser.parse_args()
    for name, (requirement, files) in ASSETS.items():
        vendor(name, requirement, files, args.python)
    for name, (package, version, integrity, files, root) in NPM_ASSETS.items():
        vendor_npm(name, package, version, integrity, files, root)
    vendor_fonts(apt=not args.no_apt)
    install_chromium(apt=not args.no_apt)


if __name__ == "__main__":
    main()
