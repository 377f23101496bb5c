"""Settings of the web app: one validated object, packaged defaults, environment overrides."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the app needs to know, decided once, before create_app.

    ``db`` is an archive URL (``sqlite:///path``, ``postgresql://...``) or ``None`` for the
    archive's own default. ``token`` protects the write endpoints: when it is ``None`` every
    write is refused with 401 and a message saying to set ``QAWL_TOKEN``.
    """

    db: str | None = None
    token: str | None = None
    max_body_bytes: int = 2 * MB
    extract_timeout_s: float = 30.0
    request_timeout_s: float = 60.0
    max_page_size: int = 200
    default_page_size: int = 20
    max_articles_per_post: int = 100
    extract_concurrency: int = 2
    title: str = "qawl"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Defaults, then ``QAWL_*`` environment variables, then explicit ``overrides``."""
        env = os.environ if env is None else env
        s = cls()
        values: dict[str, object] = {}
        if env.get("QAWL_DB"):
            values["db"] = env["QAWL_DB"]
        if env.get("QAWL_TOKEN"):
            values["token"] = env["QAWL_TOKEN"]
        for key, name, conv in (
            ("QAWL_MAX_BODY_BYTES", "max_body_bytes", int),
            ("QAWL_EXTRACT_TIMEOUT", "extract_timeout_s", float),
            ("QAWL_REQUEST_TIMEOUT", "request_timeout_s", float),
        ):
            if env.get(key):
                try:
                    values[name] = conv(env[key])
                except ValueError as exc:
                    raise ValueError(f"{key}={env[key]!r} is not a number") from exc
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(s, **values).validated()

    def validated(self) -> Settings:
        if self.max_body_bytes <= 0:
            raise ValueError("max_body_bytes must be positive")
        if self.extract_timeout_s <= 0 or self.request_timeout_s <= 0:
            raise ValueError("timeouts must be positive")
        if not 1 <= self.default_page_size <= self.max_page_size:
            raise ValueError("default_page_size must be between 1 and max_page_size")
        if self.token is not None and len(self.token) < 8:
            raise ValueError("QAWL_TOKEN must be at least 8 characters long")
        return self
