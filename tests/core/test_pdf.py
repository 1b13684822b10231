"""core.pdf: one font face whatever the markup asks, nothing fetched from outside the document, what a document
shares made once per thread, the visible text of a document."""

import socket
import threading

import segno

from core import pdf

from ..builders.pdftext import embedded_once, pdf_fonts, pdf_text, squeeze

REPORT = ('<html lang="zh-CN"><body class="report"><h1>评审反馈报告</h1><h2>各类目共识得分</h2>'
          '<table><tr><th>类目</th><th>得分</th></tr><tr><td>4.1 领导</td><td>88.5</td></tr></table>'
          "<p><b>优势</b>：方法系统</p></body></html>")


def test_headings_table_heads_and_bold_use_the_one_regular_face():
    data = pdf.html_to_pdf(REPORT)
    assert embedded_once(data), pdf_fonts(data)
    text = squeeze(pdf_text(data))
    for words in ("评审反馈报告", "各类目共识得分", "类目", "4.1领导", "优势：方法系统", "1/1"):
        assert words in text, words


def test_inline_images_are_drawn_and_nothing_outside_the_document_is_fetched(tmp_path):
    qr = segno.make("https://example.cn/verify/ABC/")
    inline = pdf.html_to_pdf(f'<img src="{qr.png_data_uri(scale=1)}">')
    assert b"/Subtype /Image" in inline
    png = tmp_path / "qr.png"
    qr.save(str(png), scale=1)
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(0.2)
        port = server.getsockname()[1]
        data = pdf.html_to_pdf(f'<img src="{png.as_uri()}"><img src="http://127.0.0.1:{port}/x.png">'
                               f'<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css"><p>正文</p>')
        try:
            server.accept()[0].close()
            fetched = True
        except TimeoutError:
            fetched = False
    assert not fetched and b"/Subtype /Image" not in data and "正文" in pdf_text(data)


def test_fonts_and_stylesheet_are_made_once_per_thread():
    first = pdf._renderer()
    assert pdf._renderer() is first
    other = []
    thread = threading.Thread(target=lambda: other.append(pdf._renderer()))
    thread.start()
    thread.join()
    assert other[0] is not first and other[0].stylesheet is not first.stylesheet


def test_visible_text_leaves_out_the_head_tags_and_comments():
    document = ("<html><head><title>标题</title></head><body><!-- 注释 --><h1>受理&amp;通知书</h1>"
                "<p>你单位<span>提交的</span>材料</p></body></html>")
    assert pdf.visible_text(document) == "受理&通知书 你单位 提交的 材料"
