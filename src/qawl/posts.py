"""Embedded social-media posts: a block of text followed by a signature line
«— Name (@handle) Date», as news sites paste posts from X. The block is a statement by Name."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from qawl.text.tokens import script_of

_SIGNATURE = regex.compile(
    r"^[ \t]*[—–-][ \t]*(?P<name>[^()\n]{2,80}?)[ \t]*\((?P<handle>@\w{1,30})\)[ \t]*(?P<date>[^\n]{0,40})$",
    regex.M,
)


@dataclass(frozen=True, slots=True)
class Post:
    start: int  # the post's text
    end: int
    lang: str
    name: str
    name_start: int
    name_end: int
    handle: str
    signature_start: int
    signature_end: int


def find_posts(text: str) -> list[Post]:
    out = []
    for m in _SIGNATURE.finditer(text):
        sig_start = m.start()
        # the post is the run of non-blank lines right above, in one script
        end = sig_start
        while end > 0 and text[end - 1].isspace():
            end -= 1
        if end == 0:
            continue
        line_start = text.rfind("\n", 0, end) + 1
        lang = script_of(text[line_start:end])
        start = line_start
        while start > 0:
            prev_end = start - 1  # the newline before this line
            if prev_end > 0 and text[prev_end - 1] == "\n":
                break  # a blank line closes the block
            prev_start = text.rfind("\n", 0, prev_end) + 1
            if script_of(text[prev_start:prev_end]) != lang or not text[prev_start:prev_end].strip():
                break
            start = prev_start
        while start < end and text[start].isspace():
            start += 1
        if end - start < 10:
            continue
        out.append(
            Post(
                start,
                end,
                lang,
                m.group("name").strip(),
                m.start("name"),
                m.start("name") + len(m.group("name").strip()),
                m.group("handle"),
                sig_start,
                m.end(),
            )
        )
    return out
