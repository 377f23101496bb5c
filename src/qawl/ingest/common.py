"""Small helpers the readers share: publication dates, URLs."""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, date, datetime

_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s_])")
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*\Z", re.IGNORECASE)

DATE_FORMATS = "an ISO date or date-time (2015-07-21, 2015-07-21 02:51:32, 2015-07-21T02:51:32Z), an RFC 2822 date, or a Unix timestamp"


def parse_published(value: object) -> date | None:
    """The publication date in a metadata value: an ISO date or date-time string (the date part,
    as written: no time-zone shift), an RFC 2822 date ('Tue, 05 Mar 2024 10:00:00 GMT'), a Unix
    timestamp, or None/''. Raises ValueError for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a date")
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC).date()
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date")
    s = value.strip()
    m = _ISO_DATE.match(s)
    if m:
        return date(int(m[1]), int(m[2]), int(m[3]))  # ValueError for 2015-13-45
    if s.isdigit() and len(s) >= 9:
        return datetime.fromtimestamp(int(s), UTC).date()
    try:
        return email.utils.parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError):
        raise ValueError(f"{value!r} is not a date") from None


def looks_like_url(line: str) -> bool:
    """An http(s) URL and nothing else on the line."""
    return bool(_URL.match(line.strip()))


def reason_of(error: Exception, origin: str) -> str:
    """An error's message without the 'origin: ' prefix that InputErrors carry (a BadDocument
    already names its origin)."""
    return str(error).removeprefix(f"{origin}: ")
