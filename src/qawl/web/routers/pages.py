"""The HTML pages, in Arabic and English. Everything from data goes through Jinja2 autoescape."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from qawl.web import render
from qawl.web.deps import ArchiveDep, PageNo, run_extract
from qawl.web.errors import ApiError
from qawl.web.i18n import COOKIE, page_context, ui_lang
from qawl.web.routers.quotes import Filter, is_empty

router = APIRouter(tags=["pages"], include_in_schema=False, default_response_class=HTMLResponse)


def page(request: Request, template: str, status_code: int = 200, **ctx: Any) -> Response:
    context = page_context(request)
    context.update(ctx)
    resp = request.app.state.templates.TemplateResponse(request, template, context, status_code=status_code)
    if request.query_params.get("ui") in ("ar", "en"):
        resp.set_cookie(COOKIE, ui_lang(request), max_age=365 * 24 * 3600, samesite="lax")
    return resp


def pager(request: Request, page_no: int, size: int, total: int | None, has_more: bool) -> dict[str, Any]:
    params = {k: v for k, v in request.query_params.items() if k not in ("page", "ui") and v != ""}

    def url(p: int) -> str:
        return request.url.path + "?" + urlencode({**params, "page": p})

    pages = None if total is None else max(1, -(-total // size))
    return {
        "page": page_no,
        "pages": pages,
        "prev": url(page_no - 1) if page_no > 1 else None,
        "next": url(page_no + 1) if has_more else None,
    }


def _coloured(items: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    out = []
    for it in items:
        bg, fg = render.colour_for(it.get(key))
        out.append({**it, "bg": bg, "fg": fg})
    return out


@router.get("/")
def home(request: Request) -> Response:
    articles: list[dict[str, Any]] = []
    archive = getattr(request.app.state, "archive", None)
    if archive is not None:
        try:
            articles, _ = archive.list_articles(limit=10)
        except Exception:  # the start page must open even when the archive misbehaves
            articles = []
    return page(request, "home.html", articles=articles)


@router.post("/annotate")
async def annotate(
    request: Request,
    text: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    published: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    if file is not None and file.filename:
        raw = await file.read()
        if raw:
            if b"\x00" in raw[:8192]:
                raise ApiError(400, "bad_input", "the uploaded file is not text; upload a UTF-8 .txt file")
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise ApiError(
                    400, "bad_input", "the uploaded file is not UTF-8 text; save it as UTF-8 and retry"
                ) from exc
    text = text.replace("\r\n", "\n")
    if not text.strip():
        raise ApiError(400, "bad_input", "the article is empty: paste its text or choose a .txt file")
    pub: date | None = None
    if published.strip():
        try:
            pub = date.fromisoformat(published.strip())
        except ValueError as exc:
            raise ApiError(400, "bad_input", "the publication date must look like 2025-11-25") from exc
    doc = await run_extract(request, text, pub, title.strip() or None)
    ann = render.annotate(text, doc.to_dict())
    return page(
        request,
        "annotate.html",
        ann=ann,
        text=text,
        title=title.strip(),
        published=pub.isoformat() if pub else "",
    )


@router.get("/articles")
def articles(request: Request, pageno: PageNo, archive: ArchiveDep, source: str | None = None) -> Response:
    page_no, size, offset = pageno
    items, more = archive.list_articles(limit=size, offset=offset, source=source or None)
    total = None if source else archive.count_articles()
    return page(
        request,
        "articles.html",
        articles=items,
        total=total,
        pager=pager(request, page_no, size, total, more),
    )


@router.get("/articles/{article_id}")
def article(request: Request, article_id: str, archive: ArchiveDep) -> Response:
    art = archive.get_article(article_id)
    if art is None:
        raise ApiError(404, "not_found", f"no article with id {article_id!r}")
    links = {name: f"/speakers/{sid}" for name, sid in (art.get("speaker_ids") or {}).items()}
    ann = render.annotate(art.get("text") or "", art.get("document") or {}, links)
    return page(request, "article.html", article=art, ann=ann)


@router.get("/speakers")
def speakers(request: Request, pageno: PageNo, archive: ArchiveDep, name: str | None = None) -> Response:
    page_no, size, offset = pageno
    items, more = archive.list_speakers(limit=size, offset=offset, name=(name or "").strip() or None)
    return page(
        request,
        "speakers.html",
        speakers=_coloured(items, "name"),
        total=None,
        name=name,
        offset=offset,
        pager=pager(request, page_no, size, None, more),
    )


@router.get("/speakers/{speaker_id}")
def speaker(request: Request, speaker_id: str, archive: ArchiveDep) -> Response:
    sp = archive.get_speaker(speaker_id, recent=100)
    if sp is None:
        raise ApiError(404, "not_found", f"no speaker {speaker_id!r}")
    colour = render.colour_for(sp.get("name"))
    ref = f"#{sp['id']}"
    names_ar, names_latin, seen = [], [], set()
    for n in [sp.get("name") or "", *(sp.get("names") or [])]:
        if n and n not in seen:
            seen.add(n)
            (names_ar if render.script_of(n) == "ar" else names_latin).append(n)
    days = [
        {
            **d,
            "href": "/search?" + urlencode({"speaker": ref, "since": d["date"], "until": d["date"]})
            if d.get("date")
            else None,
        }
        for d in sp.get("timeline") or []
    ]
    return page(
        request,
        "speaker.html",
        speaker=sp,
        ref=ref,
        colour=colour,
        quotes=_coloured(sp.get("recent") or [], "speaker_canonical"),
        offset=0,
        names_ar=names_ar,
        names_latin=names_latin,
        tl=render.timeline(days),
        about=sp.get("about") or [],
    )


@router.get("/search")
def search(request: Request, f: Filter, pageno: PageNo, archive: ArchiveDep) -> Response:
    page_no, size, offset = pageno
    searched = not is_empty(f)
    items: list[dict[str, Any]] = []
    total: int | None = 0
    if searched:
        items, total = archive.search_quotes(f, limit=size, offset=offset)
    params = {k: v for k, v in request.query_params.items() if k not in ("page", "ui") and v != ""}
    more = total is not None and offset + len(items) < total
    return page(
        request,
        "search.html",
        f=f,
        searched=searched,
        offset=offset,
        quotes=_coloured(items, "speaker_canonical"),
        total=total,
        pager=pager(request, page_no, size, total, more) if searched else None,
        export_csv="/api/quotes/export?" + urlencode({**params, "format": "csv"}),
        export_json="/api/quotes/export?" + urlencode({**params, "format": "json"}),
    )
