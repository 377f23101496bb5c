"""Fixtures for the readers: an article page with boilerplate, and a real HTTP server on loopback."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

PARAGRAPH_1 = (
    "قال الرئيس الفرنسي إيمانويل ماكرون يوم الثلاثاء إن فرنسا ستدعم التحالف الجديد في المنطقة، "
    "مؤكدا أن «الوقت قد حان للعمل المشترك من أجل السلام»."
)
PARAGRAPH_2 = (
    "وأضاف ماكرون أن الحكومة ستعلن تفاصيل الخطة خلال الأسابيع المقبلة بعد مشاورات مع الشركاء "
    "الأوروبيين، فيما رحب البيت الأبيض بالمبادرة في بيان مقتضب."
)
PARAGRAPH_3 = (
    "وقالت المتحدثة باسم البيت الأبيض كارولين ليفيت للصحفيين إن واشنطن تتابع المشاورات عن كثب، "
    "وإنها تأمل أن تؤدي إلى نتائج ملموسة قبل نهاية العام الجاري."
)


def article_page(
    title: str = "ماكرون: الوقت قد حان للعمل",
    paragraphs: tuple[str, ...] = (PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3),
) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>{title} | صحيفة المثال</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="صحيفة المثال">
<meta name="author" content="سارة أحمد">
<meta property="article:published_time" content="2024-03-05T10:00:00+03:00">
</head>
<body>
<header><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/sport">رياضة</a></li>
<li><a href="/economy">اقتصاد</a></li><li><a href="/login">Subscribe now</a></li></ul></nav></header>
<main>
<article>
<h1>{title}</h1>
<div class="byline">سارة أحمد</div>
{body}
</article>
<aside class="related"><h3>Most read</h3><ul><li><a href="/a">Cookie policy</a></li><li><a href="/b">Newsletter sign-up</a></li></ul></aside>
</main>
<footer><p>Copyright 2024 Example News. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body>
</html>"""


@pytest.fixture
def article_html() -> str:
    return article_page()


@pytest.fixture
def paragraphs() -> tuple[str, str, str]:
    return PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3


@pytest.fixture
def make_page() -> Callable[..., str]:
    return article_page


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0
    fail_first: int = 0  # answer 500 this many times before answering normally
    calls: int = 0


@dataclass
class Server:
    base: str
    routes: dict[str, Route]
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, user agent)

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: bytes = b"", **options: object) -> Route:
        """Serve `body` at `path`; options are Route's (status, content_type, delay, fail_first)."""
        route = self.routes[path] = Route(body=body, **options)  # type: ignore[arg-type]
        return route

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)


def _handler(server_state: Callable[[], Server]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            state = server_state()
            state.requests.append((self.path, self.headers.get("User-Agent", "")))
            route = state.routes.get(self.path)
            if route is None:
                self._send(404, b"not found", "text/plain")
                return
            route.calls += 1
            if route.delay:
                time.sleep(route.delay)
            if route.calls <= route.fail_first:
                self._send(500, b"try again", "text/plain")
                return
            self._send(route.status, route.body, route.content_type)

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (the timeout test)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        pass


@pytest.fixture
def http_server() -> Iterator[Server]:
    """A real HTTP server on 127.0.0.1, random port; tests fill `routes`."""
    holder: list[Server] = []
    httpd = _QuietServer(("127.0.0.1", 0), _handler(lambda: holder[0]))
    host, port = httpd.server_address[:2]
    state = Server(base=f"http://{host}:{port}", routes={})
    holder.append(state)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
