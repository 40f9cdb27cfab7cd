import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from relais.knowledge.rendering import count_links, render_comment, render_markdown
from relais.knowledge.uploads import CSV, PDF, PNG, RESOURCE_TYPES, check_upload


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return buffer.getvalue()


def test_render_markdown_removes_script_style_and_event_handlers():
    html = render_markdown(
        "# Titre\n\n<script>alert(1)</script>\n\n<style>body{display:none}</style>\n\n"
        '[clic](javascript:alert(1)) <img src="x" onerror="alert(1)"> **gras**'
    )
    assert "<script" not in html and "<style" not in html
    assert 'href="javascript' not in html
    assert "<img" not in html
    assert "<strong>gras</strong>" in html
    assert "<h2>Titre</h2>" in html


def test_render_markdown_cleans_dangerous_markdown_links_and_images():
    html = render_markdown('[a](javascript:alert(1)) ![b](https://example.org/b.png "t")')
    assert 'href="javascript' not in html
    assert '<img src="https://example.org/b.png"' in html


def test_render_markdown_keeps_tables_and_safe_links():
    html = render_markdown("| a | b |\n| --- | --- |\n| 1 | 2 |\n\n[site](https://example.org)")
    assert "<table>" in html
    assert 'href="https://example.org"' in html
    assert "nofollow" in html


def test_render_comment_drops_images_and_headings():
    html = render_comment("## Titre\n\n![x](https://example.org/x.png) texte")
    assert "<img" not in html and "<h2" not in html
    assert "texte" in html


def test_count_links():
    assert count_links("voir https://a.fr et http://b.fr puis www.c.fr") == 3


def test_check_upload_accepts_real_pdf_and_png():
    assert (
        check_upload(SimpleUploadedFile("fiche.pdf", b"%PDF-1.7\n..."), allowed=RESOURCE_TYPES).media_type
        == PDF
    )
    assert (
        check_upload(SimpleUploadedFile("photo.png", png_bytes()), allowed=RESOURCE_TYPES).media_type == PNG
    )


def test_check_upload_refuses_content_that_contradicts_its_name():
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("fiche.pdf", png_bytes()), allowed=RESOURCE_TYPES)
    assert error.value.code == "mismatch"


def test_check_upload_refuses_unknown_content():
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("fiche.pdf", b"MZ\x90\x00\x03\x00binary"), allowed=RESOURCE_TYPES)
    assert error.value.code == "bad_type"


def test_check_upload_refuses_too_large(settings):
    settings.KNOWLEDGE_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("fiche.pdf", b"%PDF-1.7 and more bytes"), allowed=RESOURCE_TYPES)
    assert error.value.code == "too_large"


def test_check_upload_refuses_damaged_image():
    with pytest.raises(ValidationError) as error:
        check_upload(
            SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 20), allowed=RESOURCE_TYPES
        )
    assert error.value.code == "bad_image"


def test_check_upload_csv_is_text():
    assert check_upload(SimpleUploadedFile("d.csv", "a,b\n1,é\n".encode()), allowed={CSV}).media_type == CSV
