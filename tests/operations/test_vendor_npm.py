"""Issue #19: the front-end libraries of the pickers (Tom Select, flatpickr) and the browser tests' axe-core come from
their npm packages, fetched by scripts/vendor_assets.py (make install) and checked against the pinned integrity: a
tarball that is not the pinned one is refused and nothing is written."""

import base64
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile

import pytest

from tests.operations.test_fresh_machine import ROOT, vendor_assets


def tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


@pytest.fixture
def registry(monkeypatch):
    """A registry that serves one tarball; what was asked is recorded."""
    served = {"data": b"", "urls": []}

    class Response(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def urlopen(url, timeout=None):
        served["urls"].append(url)
        return Response(served["data"])

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    return served


def test_the_pinned_tarball_is_unpacked_with_its_version_stamp(registry, tmp_path):
    module = vendor_assets()
    registry["data"] = tarball({"package/dist/lib.min.js": b"lib()", "package/dist/lib.min.js.map": b"{}",
                                "package/LICENSE": b"MIT"})
    files = {"package/dist/lib.min.js": "js/lib.min.js", "package/LICENSE": "LICENSE"}
    module.vendor_npm("lib", "lib", "1.2.3", integrity(registry["data"]), files, tmp_path)
    assert (tmp_path / "lib" / "js" / "lib.min.js").read_bytes() == b"lib()"
    assert (tmp_path / "lib" / "LICENSE").read_bytes() == b"MIT"
    assert registry["urls"] == [f"{module.NPM_REGISTRY}/lib/-/lib-1.2.3.tgz"]
    # Already in place: not downloaded again.
    module.vendor_npm("lib", "lib", "1.2.3", integrity(registry["data"]), files, tmp_path)
    assert len(registry["urls"]) == 1
    # A file added to the list (a source map the minified file names) is fetched by the next install.
    files["package/dist/lib.min.js.map"] = "js/lib.min.js.map"
    module.vendor_npm("lib", "lib", "1.2.3", integrity(registry["data"]), files, tmp_path)
    assert len(registry["urls"]) == 2 and (tmp_path / "lib" / "js" / "lib.min.js.map").read_bytes() == b"{}"


def test_a_tarball_that_is_not_the_pinned_one_is_refused_and_nothing_is_written(registry, tmp_path):
    module = vendor_assets()
    registry["data"] = tarball({"package/dist/lib.min.js": b"tampered()"})
    with pytest.raises(SystemExit, match="is not the pinned lib@1.2.3"):
        module.vendor_npm("lib", "lib", "1.2.3", integrity(b"the real one"),
                          {"package/dist/lib.min.js": "js/lib.min.js"}, tmp_path)
    assert not (tmp_path / "lib").exists()


def test_the_pickers_are_vendored_for_the_site_and_axe_core_for_the_tests_only():
    module = vendor_assets()
    roots = {name: spec[4] for name, spec in module.NPM_ASSETS.items()}
    assert roots == {"tom-select": module.DEST, "flatpickr": module.DEST, "axe-core": ROOT / "var" / "vendor"}
    # make install has run (make test runs it first): the files the pages and the browser tests load are there.
    assert (ROOT / "static/vendor/tom-select/js/tom-select.complete.min.js").is_file()
    assert (ROOT / "static/vendor/flatpickr/js/l10n/vn.js").is_file()
    assert (ROOT / "var/vendor/axe-core/axe.min.js").is_file()


def test_collectstatic_with_the_production_storage_takes_every_vendored_file(tmp_path):
    """Production and the Docker build collect the static files with the manifest storage, which refuses a file that
    names a missing one (a minified library naming its source map)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["DJANGO_SETTINGS_MODULE"] = "tests.operations.manifest_settings"
    env["ANTQ_TEST_STATIC_ROOT"] = str(tmp_path / "staticfiles")
    run = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    manifest = json.loads((tmp_path / "staticfiles" / "staticfiles.json").read_text())["paths"]
    assert {"vendor/tom-select/js/tom-select.complete.min.js", "vendor/flatpickr/js/l10n/vn.js",
            "js/pickers.js"} <= set(manifest)
    assert not any(path.startswith("vendor/axe-core") for path in manifest)  # test-only, never served
