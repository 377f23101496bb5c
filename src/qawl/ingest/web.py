"""A polite HTTP fetcher: a user agent that names qawl, robots.txt, a delay per host, timeouts,
retries with backoff, a size limit. Standard library only (urllib)."""

from __future__ import annotations

import email.utils
import gzip
import logging
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
import zlib
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urlsplit

from qawl.errors import InputError

log = logging.getLogger(__name__)

try:
    from importlib.metadata import version as _version

    _QAWL_VERSION = _version("qawl")
except Exception:  # not installed (running from a checkout)
    _QAWL_VERSION = "0"

DEFAULT_USER_AGENT = f"qawl/{_QAWL_VERSION} (+https://github.com/qawl)"
_RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
_MAX_WAIT = 60.0  # never sleep longer than this for one Retry-After or Crawl-delay


class FetchError(InputError):
    """A URL could not be fetched; the message says why. `status` is the HTTP status, if any."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class RobotsDisallowed(FetchError):
    """robots.txt of the host disallows fetching the URL."""


@dataclass(slots=True)
class Response:
    url: str  # the final URL, after redirects
    status: int
    headers: Message
    body: bytes = field(repr=False)

    @property
    def content_type(self) -> str:
        """The media type, lower case, without parameters ('' when the server sent none)."""
        return self.headers.get_content_type() if self.headers.get("Content-Type") else ""

    @property
    def charset(self) -> str | None:
        return self.headers.get_content_charset()


class Fetcher:
    """Fetch http(s) URLs politely. One instance per run: it caches robots.txt and spaces out
    requests to the same host.

    retries: how many times a failed attempt (network error, timeout, HTTP 429/5xx) is retried,
    waiting backoff * 2**attempt seconds (or the server's Retry-After) in between.
    delay: the minimum number of seconds between two requests to the same host (a robots.txt
    Crawl-delay for our user agent raises it).
    """

    def __init__(
        self,
        user_agent: str = DEFAULT_USER_AGENT,
        timeout: float = 20.0,
        retries: int = 3,
        backoff: float = 1.0,
        delay: float = 1.0,
        max_bytes: int = 10_000_000,
        respect_robots: bool = True,
    ) -> None:
        self.user_agent = user_agent
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.delay = delay
        self.max_bytes = max_bytes
        self.respect_robots = respect_robots
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._last_request: dict[str, float] = {}
        self._host_delay: dict[str, float] = {}  # from robots.txt Crawl-delay
        self._lock = threading.Lock()
        self._opener = urllib.request.build_opener()

    def fetch(self, url: str) -> Response:
        """GET `url`; raise FetchError (RobotsDisallowed for robots.txt) when it cannot be had."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FetchError(f"{url}: not an http(s) URL")
        if self.respect_robots and not self.allowed(url):
            raise RobotsDisallowed(
                f"{url}: robots.txt of {parts.netloc} disallows fetching it for {self.user_agent}"
            )
        last_error = ""
        for attempt in range(self.retries + 1):
            try:
                return self._get(url)
            except _Retryable as e:
                last_error = str(e)
                log.info("%s: %s (attempt %d of %d)", url, e, attempt + 1, self.retries + 1)
                if attempt < self.retries:
                    # Exponential backoff, or longer when the server asks for it (429/503 Retry-After).
                    wait = max(self.backoff * 2**attempt, e.retry_after or 0.0)
                    time.sleep(min(wait, _MAX_WAIT))
        tries = f"{self.retries + 1} attempts" if self.retries else "1 attempt"
        raise FetchError(f"{url}: {last_error} ({tries})")

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's host lets our user agent fetch it (cached per host)."""
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            rp = self._robots.get(key)
        if rp is None:
            rp = self._load_robots(key)
            with self._lock:
                self._robots[key] = rp
        return rp.can_fetch(self.user_agent, url)

    def _load_robots(self, base: str) -> urllib.robotparser.RobotFileParser:
        rp = urllib.robotparser.RobotFileParser(base + "/robots.txt")
        try:
            resp = self._get(base + "/robots.txt", max_bytes=500_000)
        except _Retryable as e:
            # Unreachable or failing robots.txt: the page request will fail or succeed on its own.
            log.info("%s/robots.txt: %s; assuming everything is allowed", base, e)
            rp.allow_all = True
            return rp
        except FetchError as e:
            # The conventions of urllib.robotparser: 401/403 forbid everything, other 4xx allow it.
            if e.status in (401, 403):
                rp.disallow_all = True
            else:
                rp.allow_all = True
            return rp
        rp.parse(resp.body.decode("utf-8", errors="replace").splitlines())
        crawl_delay = rp.crawl_delay(self.user_agent)
        if crawl_delay:
            self._host_delay[base] = min(float(crawl_delay), _MAX_WAIT)
        return rp

    def _wait_for_host(self, base: str) -> None:
        delay = max(self.delay, self._host_delay.get(base, 0.0))
        with self._lock:
            last = self._last_request.get(base)
            now = time.monotonic()
            wait = 0.0 if last is None else last + delay - now
            # Book the slot now so that concurrent callers queue behind this request.
            self._last_request[base] = now + max(wait, 0.0)
        if wait > 0:
            time.sleep(wait)

    def _get(self, url: str, max_bytes: int | None = None) -> Response:
        limit = self.max_bytes if max_bytes is None else max_bytes
        parts = urlsplit(url)
        self._wait_for_host(f"{parts.scheme}://{parts.netloc}")
        req = urllib.request.Request(
            url, headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip", "Accept": "*/*"}
        )
        deadline = time.monotonic() + self.timeout * 2  # socket timeouts are per read: also cap the total
        try:
            with self._opener.open(req, timeout=self.timeout) as resp:
                length = resp.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > limit:
                    raise FetchError(
                        f"{url}: {int(length):,} bytes is larger than the limit of {limit:,} bytes"
                    )
                chunks: list[bytes] = []
                size = 0
                while chunk := resp.read(65536):
                    size += len(chunk)
                    if size > limit:
                        raise FetchError(f"{url}: larger than the limit of {limit:,} bytes")
                    if time.monotonic() > deadline:
                        raise _Retryable(f"timed out after {self.timeout * 2:g} s reading the response")
                    chunks.append(chunk)
                body = b"".join(chunks)
                if resp.headers.get("Content-Encoding", "").lower() == "gzip":
                    body = _gunzip(body, url, limit)
                return Response(url=resp.geturl(), status=resp.status, headers=resp.headers, body=body)
        except urllib.error.HTTPError as e:
            if e.code in _RETRY_STATUSES:
                raise _Retryable(f"HTTP {e.code} {e.reason}", _retry_after(e.headers)) from None
            raise FetchError(f"{url}: HTTP {e.code} {e.reason}", status=e.code) from None
        except urllib.error.URLError as e:
            if isinstance(e.reason, TimeoutError):
                raise _Retryable(f"timed out after {self.timeout:g} s") from None
            raise _Retryable(f"cannot connect: {e.reason}") from None
        except TimeoutError:
            raise _Retryable(f"timed out after {self.timeout:g} s") from None
        except OSError as e:  # connection reset while reading, TLS errors and the like
            raise _Retryable(f"connection failed: {e}") from None


class _Retryable(Exception):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _retry_after(headers: Message | None) -> float | None:
    value = headers.get("Retry-After") if headers else None
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _gunzip(body: bytes, url: str, limit: int) -> bytes:
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(body, limit + 1)  # bounded: a small gzip bomb stays small
    except (zlib.error, gzip.BadGzipFile) as e:
        raise FetchError(f"{url}: the server sent broken gzip data ({e})") from None
    if len(out) > limit:
        raise FetchError(f"{url}: larger than the limit of {limit:,} bytes once decompressed")
    return out
