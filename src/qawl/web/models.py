"""Pydantic request and response models of the HTTP API (published in /openapi.json)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# ---------------------------------------------------------------- the FORMAT.md document


class _Open(BaseModel):
    """Response models keep fields they do not name: the document may grow."""

    model_config = ConfigDict(extra="allow")


class SpanOut(_Open):
    start: int = Field(description="first character, a Python string index into the article text")
    end: int = Field(description="one past the last character")
    text: str


class EntityOut(_Open):
    id: str
    name: str
    type: str = Field(description="PER, ORG, GPE or LOC (more types may appear)")
    titles: list[str] = []
    mentions: list[SpanOut] = []


class SpeakerRef(_Open):
    entity: str | None = Field(None, description="id of the speaker in `entities`")
    name: str


class QuoteOut(_Open):
    id: str
    start: int
    end: int
    text: str
    kind: str = Field(description="direct, indirect, mixed, according_to or embedded_post")
    lang: str
    speaker: SpeakerRef | None = None
    cue: SpanOut | None = None
    confidence: float | None = None
    same_as: list[str] = Field([], description="ids of quotes that are the same statement (translations)")


class DateOut(_Open):
    start: int
    end: int
    text: str
    value: str | None = Field(None, description="the ISO date (YYYY-MM-DD) referred to")


class DocumentOut(_Open):
    lang: str
    published: str | None = None
    entities: list[EntityOut] = []
    quotes: list[QuoteOut] = []
    dates: list[DateOut] = []


# ---------------------------------------------------------------- requests


class ExtractRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="the article, Arabic and/or English, as published")
    published: date | None = Field(None, description="publication date, to resolve «الثلاثاء» etc.")
    title: str | None = None


class ArticleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    title: str | None = None
    published: date | None = None
    url: str | None = None
    source: str | None = Field(None, description="the outlet")
    id: str | None = Field(None, description="your id for the article; a content hash when absent")
    author: str | None = None


class ArticlesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1)


# ---------------------------------------------------------------- archive responses
# The archive's own records (qawl.store.queries ... .to_dict()), the same as `qawl quotes -f json`.


class QuoteRecordOut(_Open):
    id: int = Field(description="the quote's id in the archive")
    article_id: int
    article: str = Field(description="the article's id as its source gave it, else its archive key")
    url: str | None = None
    title: str | None = None
    source: str | None = Field(None, description="the outlet")
    date: str | None = Field(None, description="publication date of the article")
    speaker: str | None = Field(None, description="the speaker as the article names them")
    speaker_id: int | None = Field(None, description="the speaker's record (GET /api/speakers/{id})")
    speaker_canonical: str | None = None
    text: str
    start: int
    end: int
    cue: SpanOut | None = None
    kind: str
    lang: str | None = None
    confidence: float | None = None
    resolution: str | None = None
    same_as: list[str] = []
    local_id: str | None = Field(None, description="the quote's id inside its article's document")


class ArticleSummary(_Open):
    id: int
    article: str
    key: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    lang: str | None = None
    n_quotes: int


class ArticleOut(ArticleSummary):
    text: str
    entities: list[dict[str, Any]] = []
    quotes: list[QuoteRecordOut] = []
    document: DocumentOut = Field(description="the article's analysis in the FORMAT.md shape")


class SpeakerSummaryOut(_Open):
    id: int
    name: str
    type: str
    quotes: int = Field(description="number of statements")
    articles: int
    first: str | None = None
    last: str | None = None
    names: list[str] = Field([], description="every name seen, in every script")
    titles: list[str] = []


class SpeakerDetailOut(SpeakerSummaryOut):
    timeline: list[dict[str, Any]] = Field([], description="[{date, quotes}] oldest first")
    about: list[dict[str, Any]] = Field([], description="[{id, name, quotes}]: whom they talk about")
    recent: list[QuoteRecordOut] = []


class Page(_Open):
    limit: int
    offset: int
    total: int | None = Field(None, description="matches in all pages (when counted)")
    next: str | None = Field(None, description="the URL of the next page, if any")


class ArticlesPage(Page):
    items: list[ArticleSummary]


class QuotesPage(Page):
    items: list[QuoteRecordOut]
    total_exact: bool = True  # False: at least `total` quotes match (counting stops at 10,000)


class SpeakersPage(Page):
    items: list[SpeakerSummaryOut]


class AddedArticle(_Open):
    id: int = Field(description="the article's id in the archive")
    article: str | None = None
    outcome: str = Field(description="added, updated, unchanged or duplicate")
    created: bool = Field(description="false when the same article was already in the archive")
    quote_count: int | None = None


class AddedArticles(_Open):
    items: list[AddedArticle]


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: Any | None = None


class ErrorOut(BaseModel):
    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "the input cannot be read"},
    413: {"model": ErrorOut, "description": "the request body is over the size limit"},
    422: {"model": ErrorOut, "description": "the request does not match the schema"},
}
