"""Issue #19: the front-end libraries of the pickers (Tom Select, flatpickr) and the browser tests' axe-core come from
their npm packages, fetched by scripts/vendor_assets.py (make install) and checked against the pinned integrity: a
tarball that is not the pinned one is refused and nothing is written."""

import base64
import hashlib
import io
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
    registry["data"] = tarball({"package/dist/lib.min.js": b"lib()", "package/LICENSE": b"MIT"})
    module.vendor_npm("lib", "lib", "1.2.3", integrity(registry["data"]),
                      {"package/dist/lib.min.js": "js/lib.min.js", "package/LICENSE": "LICENSE"}, tmp_path)
    assert (tmp_path / "lib" / "js" / "lib.min.js").read_bytes() == b"lib()"
    assert (tmp_path / "lib" / "LICENSE").read_bytes() == b"MIT"
    assert registry["urls"] == [f"{module.NPM_REGISTRY}/lib/-/lib-1.2.3.tgz"]
    # Already in place: not downloaded again.
    module.vendor_npm("lib", "lib", "1.2.3", "sha512-whatever", {}, tmp_path)
    assert len(registry["urls"]) == 1


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
