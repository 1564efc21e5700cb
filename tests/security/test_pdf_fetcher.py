"""Issue #12 item 2: WeasyPrint reads no local file. A document handed to the PDF step (reports.rendering.html_to_pdf,
the step every report PDF goes through) that names a file, a URL or a data: URL by any of the ways HTML and CSS
allow — attachments, images, objects, stylesheets, @import, url() in a style, @font-face, links — gets a PDF with
nothing of it: no embedded file, no image, not a byte of the file's content; each refusal is logged. The report's
own font is still embedded."""

import io
import logging
import re
import shutil
import uuid
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from reports import rendering
from reports.rendering import html_to_pdf
from tests.reports.pdf_helpers import pdf_fonts
from tests.security.report_text_helpers import pdf_images

# The smallest PNG there is (1×1 pixel): a file WeasyPrint would draw if it read it.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cf"
                    "c0000003010100c9fe92ef0000000049454e44ae426082")


@pytest.fixture
def secret(tmp_path):
    """Files an attacker would like in the PDF, each holding (or named by) a unique marker."""
    marker = f"ANTQ-SECRET-{uuid.uuid4().hex}"
    folder = tmp_path / "private"
    folder.mkdir()
    text = folder / "database.txt"
    text.write_text(f"password={marker}\n")
    image = folder / "scan.png"
    image.write_bytes(PNG + marker.encode())
    # A stylesheet that would print the marker on the page if it were loaded.
    css = folder / "evil.css"
    css.write_text(f'body::after {{ content: "{marker}"; }} body {{ background: url("{image.as_uri()}"); }}')
    return type("Secret", (), {"marker": marker, "text": text, "image": image, "css": css, "folder": folder})


def document(body: str, head: str = "") -> str:
    # The report's own font, as the real document declares it, so that a refusal of the rest is not a refusal of all.
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>{rendering._font_face_css()}\n'
            f'body {{ font-family: "Liberation Serif", Tinos, "Noto Serif", serif; }}</style>{head}</head>'
            f"<body><p>Báo cáo sơ kết.</p>{body}</body></html>")


def streams(pdf: bytes) -> bytes:
    """The PDF's bytes with every stream decompressed (WeasyPrint deflates them), where a file's content would be."""
    out = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            out.append(match.group(1))
    return b"\n".join(out)


def file_annotations(reader: PdfReader) -> list:
    return [a.get_object() for page in reader.pages for a in (page.get("/Annots") or [])
            if a.get_object().get("/Subtype") == "/FileAttachment"]


def assert_embeds_nothing(pdf: bytes, *secrets: str) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    assert "Báo cáo sơ kết." in reader.pages[0].extract_text()  # the document itself was drawn
    assert reader.attachments == {}
    assert file_annotations(reader) == []
    assert pdf_images(reader) == []
    content = streams(pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    for secret in secrets:
        assert secret.encode() not in content and secret not in text


@pytest.fixture
def refusals(caplog):
    caplog.set_level(logging.WARNING, logger="antq.security")

    def urls() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.name == "antq.security"]

    return urls


CASES = {
    "link-attachment": lambda s: ("", f'<link rel="attachment" href="{s.text.as_uri()}" title="db">'),
    "a-attachment": lambda s: (f'<a rel="attachment" href="{s.text.as_uri()}">tệp đính kèm</a>', ""),
    "img": lambda s: (f'<img src="{s.image.as_uri()}" alt="">', ""),
    "object": lambda s: (f'<object data="{s.image.as_uri()}" type="image/png"></object>', ""),
    "embed": lambda s: (f'<embed src="{s.image.as_uri()}" type="image/png">', ""),
    "svg-image": lambda s: (f'<svg width="10" height="10"><image href="{s.image.as_uri()}" width="10" '
                            f'height="10"/></svg>', ""),
    "import": lambda s: ("", f'<style>@import url("{s.css.as_uri()}");</style>'),
    "stylesheet-link": lambda s: ("", f'<link rel="stylesheet" href="{s.css.as_uri()}">'),
    "style-url": lambda s: (f'<div style="width: 20px; height: 20px; background: url(\'{s.image.as_uri()}\')">'
                            "</div>", ""),
    "font-face": lambda s: ('<p style="font-family: Stolen">x</p>',
                            f'<style>@font-face {{ font-family: Stolen; src: url("{s.text.as_uri()}"); }}</style>'),
    "list-style": lambda s: (f'<ul style="list-style-image: url(\'{s.image.as_uri()}\')"><li>a</li></ul>', ""),
    "plain-link": lambda s: (f'<a href="{s.text.as_uri()}">liên kết</a>', ""),
    "relative": lambda s: ('<img src="manage.py"><link rel="attachment" href="manage.py">', ""),
    "dot-dot": lambda s: ("", f'<link rel="attachment" href="{rendering.VENDORED_FONTS.as_uri()}/'
                              f'../../../../../../../..{s.text}">'),
    "dot-dot-font": lambda s: ("<p>x</p>", f'<style>@font-face {{ font-family: "Liberation Serif"; src: url('
                                           f'"{rendering.VENDORED_FONTS.as_uri()}/../../../../../../../..{s.text}");'
                                           f" }}</style>"),
    "data-image": lambda s: ('<img src="data:image/png;base64,'
                             'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVQI12P4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC">',
                             ""),
    "http": lambda s: ('<img src="http://127.0.0.1:9/x.png">', '<link rel="stylesheet" href="https://127.0.0.1:9/x">'),
}


@pytest.mark.parametrize("case", CASES)
def test_a_document_naming_a_file_or_url_gets_none_of_it(secret, refusals, case):
    body, head = CASES[case](secret)
    pdf = html_to_pdf(document(body, head))
    assert_embeds_nothing(pdf, secret.marker)
    if case not in ("relative", "plain-link"):  # a link is not loaded; a relative URL has no base to resolve
        assert refusals(), "the refusal is logged"


@pytest.mark.parametrize("path", ["/etc/passwd", "/etc/hostname", "/proc/self/environ"])
def test_the_servers_own_files_are_not_attached(refusals, path):
    content = Path(path).read_bytes() if Path(path).is_file() else b""
    secrets = [line for line in content.decode(errors="ignore").replace("\0", "\n").splitlines() if len(line) >= 12]
    pdf = html_to_pdf(document(f'<a rel="attachment" href="file://{path}">x</a><img src="file://{path}">',
                               f'<link rel="attachment" href="file://{path}">'))
    assert_embeds_nothing(pdf, *secrets[:20])
    assert any(path in message for message in refusals())


def test_each_refusal_names_the_url_on_the_security_log(secret, refusals):
    html_to_pdf(document(f'<img src="{secret.image.as_uri()}">',
                         f'<link rel="attachment" href="{secret.text.as_uri()}">'))
    logged = " ".join(refusals())
    assert str(secret.image) in logged and str(secret.text) in logged


def test_a_font_file_that_links_out_of_its_folder_or_is_no_font_is_not_read(secret, tmp_path, monkeypatch, refusals):
    """Even among the font files, a link leading elsewhere or a file that is not a font is refused."""
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for style in rendering.FONT_STYLES:
        shutil.copy(rendering.VENDORED_FONTS / f"LiberationSerif-{style}.ttf"
                    if (rendering.VENDORED_FONTS / f"LiberationSerif-{style}.ttf").is_file()
                    else rendering.font_files()[1][style], fonts / f"LiberationSerif-{style}.ttf")
    (fonts / "LiberationSerif-Bold.ttf").unlink()
    (fonts / "LiberationSerif-Bold.ttf").symlink_to(secret.text)
    (fonts / "LiberationSerif-Italic.ttf").write_text(secret.marker)
    monkeypatch.setattr(rendering, "FONT_SOURCES", [(fonts, "LiberationSerif-{}.ttf", "Liberation Serif")])
    pdf = html_to_pdf(document("<p><b>đậm</b> <i>nghiêng</i></p>"))
    assert_embeds_nothing(pdf, secret.marker)
    logged = " ".join(refusals())
    assert "LiberationSerif-Bold.ttf" in logged and "LiberationSerif-Italic.ttf" in logged
    assert "LiberationSerif-Regular.ttf" not in logged


def test_the_reports_own_font_is_still_embedded(refusals):
    reader = PdfReader(io.BytesIO(html_to_pdf(document("<p><b>Đậm</b> và <i>nghiêng</i>.</p>"))))
    fonts = pdf_fonts(reader)
    assert fonts and all(fonts.values()), fonts
    assert all(re.search(r"Liberation-?Serif|Tinos|Noto-?Serif", name) for name in fonts), fonts
    assert refusals() == []
