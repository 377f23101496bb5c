"""Readers on real files written by the tests: txt, html, jsonl, json, warc, rss, atom, directories."""

from __future__ import annotations

import gzip
import io
import json
import time
from datetime import date
from pathlib import Path

import pytest

from qawl.article import Article, BadDocument
from qawl.ingest import iter_articles, read_jsonl

ARABIC = "قال الرئيس الفرنسي إيمانويل ماكرون إن فرنسا «ستدعم التحالف» الجديد.\nوأضاف أن الخطة جاهزة."


def read(*sources: Path | str, **kwargs: object) -> list[Article | BadDocument]:
    return list(iter_articles([str(s) for s in sources], **kwargs))  # type: ignore[arg-type]


def only_article(items: list[Article | BadDocument]) -> Article:
    assert len(items) == 1, items
    assert isinstance(items[0], Article), items[0]
    return items[0]


# --- .txt


def test_txt_whole_text_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("ماكرون يتحدث\n\n" + ARABIC + "\r\n", encoding="utf-8")
    art = only_article(read(path))
    assert art.text == "ماكرون يتحدث\n\n" + ARABIC + "\r\n"  # no title guessing, nothing normalised
    assert art.title is None and art.published is None
    assert art.origin == str(path)


def test_txt_cp1256(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(ARABIC.encode("cp1256"))
    assert only_article(read(path)).text == ARABIC


def test_txt_obvious_header_block(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "source: aawsat\nurl: http://aawsat.com/x\ndate_extracted: 2015-07-21 02:51:32\ntitle: عنوان\n\n"
        + ARABIC,
        encoding="utf-8",
    )
    art = only_article(read(path))
    assert art.text == ARABIC
    assert (art.source, art.url, art.published, art.title) == (
        "aawsat",
        "http://aawsat.com/x",
        date(2015, 7, 21),
        "عنوان",
    )


def test_txt_bad_ones_are_reported(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "paper.txt").write_bytes(b"%PDF-1.5 ...")
    items = read(tmp_path / "empty.txt", tmp_path / "paper.txt", tmp_path / "missing.txt")
    assert all(isinstance(i, BadDocument) for i in items)
    reasons = [i.reason for i in items]  # type: ignore[union-attr]
    assert "empty" in reasons[0]
    assert "PDF" in reasons[1]
    assert "no such file" in reasons[2]
    assert items[0].origin == str(tmp_path / "empty.txt")


# --- .html


def test_html_main_text_title_date_author(
    tmp_path: Path, article_html: str, paragraphs: tuple[str, ...]
) -> None:
    path = tmp_path / "page.html"
    path.write_text(article_html, encoding="utf-8")
    art = only_article(read(path))
    for p in paragraphs:
        assert p in art.text
    for boilerplate in ("Subscribe", "Copyright", "Cookie policy", "رياضة", "Privacy"):
        assert boilerplate not in art.text
    assert art.title == "ماكرون: الوقت قد حان للعمل"
    assert art.published == date(2024, 3, 5)
    assert art.author == "سارة أحمد"
    assert art.source == "صحيفة المثال"
    assert art.origin == str(path)


def test_html_declared_windows_1256(tmp_path: Path, article_html: str, paragraphs: tuple[str, ...]) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(article_html.replace('charset="utf-8"', 'charset="windows-1256"').encode("cp1256"))
    art = only_article(read(path))
    assert paragraphs[0] in art.text


def test_html_broken_markup_still_read(tmp_path: Path, paragraphs: tuple[str, ...]) -> None:
    # Unclosed tags, a stray </div>, a truncated end: what browsers forgive, we read.
    broken = f"<html><head><title>عنوان</title><body><div><p>{paragraphs[0]}<p>{paragraphs[1]}</div></div><p>{paragraphs[2][:40]}"
    path = tmp_path / "broken.html"
    path.write_text(broken, encoding="utf-8")
    art = only_article(read(path))
    assert paragraphs[0] in art.text and paragraphs[1] in art.text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("<<<>>> <<< >>>", "no main text"),
        ("<html><body><nav><a href='/'>Home</a></nav></body></html>", "no main text"),
        ("", "empty"),
    ],
)
def test_html_without_main_text_is_bad(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "bad.html"
    path.write_text(content, encoding="utf-8")
    [item] = read(path)
    assert isinstance(item, BadDocument)
    assert reason in item.reason and item.origin == str(path)


# --- .jsonl / .json


def _line(**fields: object) -> str:
    return json.dumps(fields, ensure_ascii=False)


def test_jsonl_bad_line_in_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    lines = [
        _line(
            id="1",
            text="النص الأول",
            title="عنوان",
            published="2024-03-05",
            url="http://x/1",
            source="x",
            author="أ",
        ),
        _line(id=2, text="النص الثاني", published="2024-03-05T23:30:00+03:00"),
        '{"id": "3", "text": "cut short',
        "",
        _line(title="no text"),
        _line(text="bad date", published="next Tuesday"),
        _line(text=["not", "a", "string"]),
        "[1, 2]",
        _line(id="4", text="النص الأخير", date_extracted="2015-07-21 02:51:32"),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read(path)
    assert [type(i).__name__ for i in items] == ["Article", "Article"] + ["BadDocument"] * 5 + ["Article"]
    first, second, *bad, last = items
    assert isinstance(first, Article) and isinstance(second, Article) and isinstance(last, Article)
    assert (first.id, first.title, first.published, first.url, first.source, first.author) == (
        "1",
        "عنوان",
        date(2024, 3, 5),
        "http://x/1",
        "x",
        "أ",
    )
    assert first.origin == f"{path}:1"
    assert second.id == "2" and second.published == date(2024, 3, 5)  # the date as written
    assert [b.origin for b in bad] == [f"{path}:{n}" for n in (3, 5, 6, 7, 8)]
    assert "not valid JSON" in bad[0].reason
    assert "no 'text' field" in bad[1].reason
    assert "not a date" in bad[2].reason and "ISO" in bad[2].reason
    assert "must be a string" in bad[3].reason
    assert "JSON object" in bad[4].reason
    assert last.published == date(2015, 7, 21) and last.origin == f"{path}:9"


def test_jsonl_gz_saudinewsnet_shape(tmp_path: Path) -> None:
    record = {
        "id": "2015-07-21-00000",
        "source": "aawsat",
        "url": "http://aawsat.com/home/article/410826/x",
        "date_extracted": "2015-07-21 02:51:32",
        "title": "بريطانيا: أربعة محاور",
        "author": "لندن: رنيم حنوش",
        "text": "حدد رئيس الوزراء البريطاني ديفيد كاميرون ملامح استراتيجية.\n\n ورسم كاميرون الاطار العام.",
    }
    path = tmp_path / "snn.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")
    art = only_article(read(path))
    assert art.text == record["text"] and art.published == date(2015, 7, 21)
    assert (art.id, art.source, art.author) == ("2015-07-21-00000", "aawsat", "لندن: رنيم حنوش")


def test_jsonl_is_fast(tmp_path: Path) -> None:
    text = "قال الرئيس الفرنسي إيمانويل ماكرون إن فرنسا ستدعم التحالف. " * 40
    path = tmp_path / "many.jsonl"
    path.write_text(
        "\n".join(_line(id=str(i), text=text, published="2015-07-21 02:51:32") for i in range(5000))
    )
    start = time.perf_counter()
    items = list(read_jsonl(path))
    elapsed = time.perf_counter() - start
    assert len(items) == 5000 and all(isinstance(i, Article) for i in items)
    assert elapsed < 2.5, f"{5000 / elapsed:.0f} lines/s"  # >= 2,000 lines/s even on a busy machine


def test_json_array(tmp_path: Path) -> None:
    path = tmp_path / "day.json"
    path.write_text(
        json.dumps([{"content": "نص أول", "title": "أ"}, {"content": "نص ثان"}, {}], ensure_ascii=False)
    )
    items = read(path)
    assert [type(i).__name__ for i in items] == ["Article", "Article", "BadDocument"]
    assert items[0].origin == f"{path}[0]"  # type: ignore[union-attr]


# --- .warc / .warc.gz


def _write_warc(path: Path, records: list[tuple[str, str, int, str, bytes]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=path.name.endswith(".gz"))
        for rec_type, url, status, ctype, body in records:
            if rec_type == "request":
                http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
                writer.write_record(
                    writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=http)
                )
                continue
            http = StatusAndHeaders(f"{status} X", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
            )


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses(
    tmp_path: Path, name: str, article_html: str, paragraphs: tuple[str, ...]
) -> None:
    path = tmp_path / name
    _write_warc(
        path,
        [
            ("request", "https://example.org/a", 0, "", b""),
            ("response", "https://example.org/a", 200, "text/html; charset=utf-8", article_html.encode()),
            ("response", "https://example.org/logo.png", 200, "image/png", b"\x89PNG\r\n\x1a\n"),
            (
                "response",
                "https://example.org/gone",
                404,
                "text/html",
                b"<html><body><p>Not found</p></body></html>",
            ),
            ("response", "https://example.org/moved", 301, "text/html", b""),
            (
                "response",
                "https://example.org/empty",
                200,
                "text/html",
                b"<html><body><nav>Home</nav></body></html>",
            ),
        ],
    )
    items = read(path)
    assert [type(i).__name__ for i in items] == ["Article", "BadDocument"]
    art, bad = items
    assert isinstance(art, Article) and isinstance(bad, BadDocument)
    assert paragraphs[1] in art.text and art.url == "https://example.org/a"
    assert art.published == date(2024, 3, 5) and art.author == "سارة أحمد"
    assert art.origin.startswith(f"{path}:")
    assert "https://example.org/empty" in bad.reason and "no main text" in bad.reason


def test_warc_garbage_is_one_bad_document(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(b"this is not a WARC file at all\n" * 3)
    [item] = read(path)
    assert isinstance(item, BadDocument) and "WARC" in item.reason


# --- RSS / Atom files

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>صحيفة المثال</title><link>https://example.org/</link>
<item>
  <title>ماكرون يتحدث</title><link>https://example.org/1</link><guid>urn:1</guid>
  <pubDate>Tue, 05 Mar 2024 23:30:00 +0300</pubDate><author>news@example.org (سارة أحمد)</author>
  <description>ملخص قصير</description>
  <content:encoded><![CDATA[<p>قال ماكرون إن فرنسا ستدعم التحالف.</p><p>وأضاف أن الخطة جاهزة.</p>]]></content:encoded>
</item>
<item>
  <title>خبر ثان</title><guid isPermaLink="false">urn:2</guid>
  <pubDate>Wed, 06 Mar 2024 08:00:00 GMT</pubDate>
  <description>&lt;p&gt;نص الخبر الثاني &lt;b&gt;كاملا&lt;/b&gt;.&lt;/p&gt;</description>
</item>
<item><title>بلا نص</title></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Wire</title><id>urn:feed</id><updated>2024-03-05T10:00:00Z</updated>
  <entry>
    <title>Leavitt responds</title><id>urn:e1</id><link href="https://example.org/e1"/>
    <published>2024-03-05T10:00:00Z</published><updated>2024-03-06T10:00:00Z</updated>
    <author><name>Jane Doe</name></author>
    <content type="html">&lt;p&gt;Karoline Leavitt said the White House "welcomes" the plan.&lt;/p&gt;&lt;p&gt;Second paragraph.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_rss_file(tmp_path: Path) -> None:
    path = tmp_path / "news.rss"
    path.write_text(RSS, encoding="utf-8")
    items = read(path, follow_urls=False)
    assert [type(i).__name__ for i in items] == ["Article", "Article", "BadDocument"]
    first, second, bad = items
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (
        first.text == "قال ماكرون إن فرنسا ستدعم التحالف.\nوأضاف أن الخطة جاهزة."
    )  # full content, not the summary
    assert (first.title, first.url, first.id, first.source) == (
        "ماكرون يتحدث",
        "https://example.org/1",
        "urn:1",
        "صحيفة المثال",
    )
    assert first.published == date(2024, 3, 5)  # as written (+0300), not shifted to UTC
    assert first.origin == "https://example.org/1"
    assert second.text == "نص الخبر الثاني كاملا." and second.published == date(2024, 3, 6)
    assert second.origin == f"{path}#2"
    assert isinstance(bad, BadDocument) and "has no text" in bad.reason


def test_atom_file(tmp_path: Path) -> None:
    path = tmp_path / "wire.atom"
    path.write_text(ATOM, encoding="utf-8")
    art = only_article(read(path, follow_urls=False))
    assert art.text == 'Karoline Leavitt said the White House "welcomes" the plan.\nSecond paragraph.'
    assert (art.title, art.author, art.published, art.source) == (
        "Leavitt responds",
        "Jane Doe",
        date(2024, 3, 5),
        "Example Wire",
    )


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "data.xml"
    path.write_text("<?xml version='1.0'?><root><a>1</a>", encoding="utf-8")
    [item] = read(path)
    assert isinstance(item, BadDocument) and "feed" in item.reason


# --- directories and dispatch


def test_directory_recursive_sorted_hidden_skipped(tmp_path: Path, article_html: str) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "deep").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / "a.txt").write_text("نص أ", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(_line(text="نص ج") + "\n", encoding="utf-8")
    (tmp_path / "b" / "page.html").write_text(article_html, encoding="utf-8")
    (tmp_path / "b" / "deep" / "z.txt").write_text("نص ز", encoding="utf-8")
    (tmp_path / "b" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "b" / "notes.md").write_text(
        "<!DOCTYPE html><html><body><p>" + "نص " * 20 + "</p></body></html>", encoding="utf-8"
    )
    items = read(tmp_path)
    origins = [i.origin for i in items]
    assert origins == [
        str(tmp_path / "a.txt"),
        f"{tmp_path / 'c.jsonl'}:1",
        str(tmp_path / "b" / "image.png"),
        str(tmp_path / "b" / "notes.md"),
        str(tmp_path / "b" / "page.html"),
        str(tmp_path / "b" / "deep" / "z.txt"),
    ]
    png = items[2]
    assert isinstance(png, BadDocument) and "PNG" in png.reason
    assert isinstance(items[3], Article)  # sniffed as HTML despite its name


def test_many_sources_one_bad_does_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("نص", encoding="utf-8")
    items = read(tmp_path / "nope", tmp_path / "ok.txt")
    assert isinstance(items[0], BadDocument) and isinstance(items[1], Article)


def test_jsonl_gz_truncated_keeps_what_was_read(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    lines = "".join(_line(id=str(i), text=f"نص رقم {i} " * 30) + "\n" for i in range(200))
    data = gzip.compress(lines.encode())
    path.write_bytes(data[: len(data) // 2])
    items = read(path)
    assert len(items) > 10
    assert all(isinstance(i, Article) for i in items[:-1])
    last = items[-1]
    assert isinstance(last, BadDocument) and "cannot read further" in last.reason
