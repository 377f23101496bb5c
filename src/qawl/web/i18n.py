"""The interface in Arabic and English: one dict per language, chosen per request.

The language comes from ``?ui=ar|en`` (remembered in a cookie), then the cookie, then the
browser's Accept-Language; Arabic pages are laid out right to left.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

UI_LANGS = ("ar", "en")
COOKIE = "qawl_ui"

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "app_tagline": "who said what, about whom, when",
        "nav_annotate": "Annotate",
        "nav_articles": "Articles",
        "nav_speakers": "Speakers",
        "nav_search": "Search",
        "nav_api": "API",
        "other_ui": "العربية",
        "paste_heading": "Paste or upload an article",
        "paste_help": "Arabic, English or both. Nothing is stored: the article is analysed and shown.",
        "field_text": "Article text",
        "field_title": "Title (optional)",
        "field_published": "Published (optional)",
        "field_file": "or upload a .txt file",
        "annotate": "Annotate",
        "annotated": "Annotated article",
        "legend": "Speakers",
        "quotes": "Statements",
        "no_quotes": "No statements found.",
        "entities": "Entities",
        "dates": "Dates",
        "speaker": "Speaker",
        "unknown_speaker": "unknown speaker",
        "kind": "Kind",
        "cue": "Cue",
        "confidence": "Confidence",
        "same_as": "Same statement as",
        "translation_of": "translation",
        "date": "Date",
        "outlet": "Outlet",
        "title": "Title",
        "published": "Published",
        "articles": "Articles",
        "recent_articles": "Recent articles",
        "no_articles": "The archive is empty. Start the server with --sample, or POST /api/articles.",
        "speakers": "Speakers",
        "no_speakers": "No speakers yet.",
        "statements": "statements",
        "names": "Names",
        "titles": "Titles",
        "timeline": "Timeline of statements",
        "no_dated": "No dated statements.",
        "talks_about": "Talks about",
        "talks_with": "Appears with",
        "search": "Search",
        "search_heading": "Search statements",
        "words": "Words",
        "entity": "Entity",
        "date_from": "From",
        "date_to": "To",
        "results": "results",
        "no_results": "No statements match.",
        "export": "Export",
        "prev": "Previous",
        "next": "Next",
        "page": "Page",
        "open_article": "article",
        "error": "Error",
        "back_home": "Back to the start page",
        "archive_unavailable": "The archive is not available on this server.",
        "show_all": "all",
        "kind_direct": "direct",
        "kind_indirect": "indirect",
        "kind_mixed": "mixed",
        "kind_according_to": "according to",
        "kind_embedded_post": "embedded post",
        "click_hint": "Click a highlighted statement for details.",
    },
    "ar": {
        "app_tagline": "من قال ماذا، عمّن، ومتى",
        "nav_annotate": "تحليل نص",
        "nav_articles": "المقالات",
        "nav_speakers": "المتحدثون",
        "nav_search": "بحث",
        "nav_api": "الواجهة البرمجية",
        "other_ui": "English",
        "paste_heading": "الصق مقالاً أو ارفعه",
        "paste_help": "بالعربية أو الإنجليزية أو كلتيهما. لا يُحفظ شيء: يُحلَّل المقال ويُعرض.",
        "field_text": "نص المقال",
        "field_title": "العنوان (اختياري)",
        "field_published": "تاريخ النشر (اختياري)",
        "field_file": "أو ارفع ملفاً نصياً ‎.txt",
        "annotate": "حلّل",
        "annotated": "المقال محلَّلاً",
        "legend": "المتحدثون",
        "quotes": "التصريحات",
        "no_quotes": "لم يُعثر على تصريحات.",
        "entities": "الكيانات",
        "dates": "التواريخ",
        "speaker": "المتحدث",
        "unknown_speaker": "متحدث غير معروف",
        "kind": "النوع",
        "cue": "فعل القول",
        "confidence": "الثقة",
        "same_as": "التصريح نفسه في",
        "translation_of": "ترجمة",
        "date": "التاريخ",
        "outlet": "المصدر",
        "title": "العنوان",
        "published": "تاريخ النشر",
        "articles": "المقالات",
        "recent_articles": "أحدث المقالات",
        "no_articles": "الأرشيف فارغ. شغّل الخادم مع ‎--sample أو أرسل POST /api/articles.",
        "speakers": "المتحدثون",
        "no_speakers": "لا متحدثين بعد.",
        "statements": "تصريحات",
        "names": "الأسماء",
        "titles": "الألقاب والمناصب",
        "timeline": "التصريحات على الخط الزمني",
        "no_dated": "لا تصريحات مؤرخة.",
        "talks_about": "يتحدث عن",
        "talks_with": "يظهر مع",
        "search": "ابحث",
        "search_heading": "البحث في التصريحات",
        "words": "كلمات",
        "entity": "كيان",
        "date_from": "من",
        "date_to": "إلى",
        "results": "نتيجة",
        "no_results": "لا تصريحات مطابقة.",
        "export": "تصدير",
        "prev": "السابق",
        "next": "التالي",
        "page": "صفحة",
        "open_article": "المقال",
        "error": "خطأ",
        "back_home": "العودة إلى الصفحة الأولى",
        "archive_unavailable": "الأرشيف غير متاح على هذا الخادم.",
        "show_all": "الكل",
        "kind_direct": "مباشر",
        "kind_indirect": "غير مباشر",
        "kind_mixed": "مختلط",
        "kind_according_to": "وفق",
        "kind_embedded_post": "منشور مضمَّن",
        "click_hint": "انقر على تصريح مظلَّل لعرض التفاصيل.",
    },
}


def ui_lang(request: Request) -> str:
    asked = request.query_params.get("ui")
    if asked in UI_LANGS:
        return asked
    cookie = request.cookies.get(COOKIE)
    if cookie in UI_LANGS:
        return cookie
    accept = request.headers.get("accept-language", "").lower()
    return "ar" if accept.startswith("ar") else "en"


def translator(lang: str):
    table = STRINGS[lang]
    fallback = STRINGS["en"]

    def t(key: str) -> str:
        return table.get(key) or fallback.get(key) or key

    return t


def page_context(request: Request) -> dict[str, Any]:
    lang = ui_lang(request)
    other = "en" if lang == "ar" else "ar"
    settings = getattr(request.app.state, "settings", None)
    return {
        "request": request,
        "ui": lang,
        "ui_dir": "rtl" if lang == "ar" else "ltr",
        "other_ui": other,
        "t": translator(lang),
        "app_title": getattr(settings, "title", "qawl"),
        "archive_ok": getattr(request.app.state, "archive", None) is not None,
    }
