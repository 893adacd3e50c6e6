"""Splitting a .sql file into statements, each with the comment that introduces it.

A statement ends at a `;` outside quotes, comments and PostgreSQL dollar quotes; a
`CREATE TRIGGER ... BEGIN ... END;` (SQLite, MySQL) or a MySQL `CREATE PROCEDURE` or
`CREATE FUNCTION ... BEGIN ... END;` ends at the `END;` that closes its body, so no
DELIMITER command is needed (the mysql client's, which no driver understands).
The comment lines right above a statement are its question; a line `-- engines: mysql
postgres` among them limits the statement to those engines (a dialect the others do not
speak). Inside '...' and "..." a backslash escapes the next character, as MySQL reads them;
a PostgreSQL or SQLite string ending in a backslash ('C:\\') is therefore misread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ENGINES = ("sqlite", "mysql", "postgres")
DIRECTIVE = re.compile(r"^engines:(?P<names>.*)$", re.IGNORECASE)
# $$ or $tag$, but not the `$` inside an identifier such as price$usd
DOLLAR_QUOTE = re.compile(r"(?<![\w$])\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$")
QUOTE_END = {
    "'": re.compile(r"\\.|''|'", re.DOTALL),
    '"': re.compile(r'\\.|""|"', re.DOTALL),
    "`": re.compile(r"``|`"),
}
COMPOUND = re.compile(
    r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:DEFINER\s*=\s*\S+\s+)?(?:TEMP\s+|TEMPORARY\s+)?"
    r"(?:TRIGGER|PROCEDURE|FUNCTION)\b",
    re.IGNORECASE,
)
# Words that open and close a compound body; END IF/LOOP/WHILE/REPEAT close blocks whose
# opening word is not counted, END CASE closes a counted CASE.
BLOCK_WORD = re.compile(
    r"\b(?:BEGIN|CASE|END(?:\s+(?P<closes>IF|LOOP|WHILE|REPEAT|CASE))?)\b", re.IGNORECASE
)
NOT_CODE = re.compile(
    r"'(?:\\.|''|[^'\\])*'|--[^\n]*|/\*.*?\*/|(?<![\w$])(\$(?:[A-Za-z_]\w*)?\$).*?\1",
    re.DOTALL,
)


class SqlFileError(ValueError):
    """A .sql file that cannot be split: the message names the line."""


@dataclass(frozen=True)
class Statement:
    sql: str  # without the trailing semicolon
    comment: str  # the comment lines above it, without their `--`
    line: int  # where the statement starts, counting from 1
    engines: tuple[str, ...] = ENGINES

    def runs_on(self, engine: str) -> bool:
        return engine in self.engines


Comment = list[tuple[str, int]]  # comment lines above a statement, with their line numbers


def split(text: str) -> list[Statement]:
    """Every statement of `text`, in order."""
    statements: list[Statement] = []
    comment: Comment = []
    start, first_line = 0, 1
    for position, end in _boundaries(text):
        chunk = text[start:position]
        for kind, value, line in _pieces(chunk, first_line):
            if kind == "comment":
                comment.append((value, line))
            elif kind == "blank":
                _check_no_directive(comment)
                comment = []
            else:
                statements.append(_statement(value, comment, line))
                comment = []
        first_line += text.count("\n", start, end)
        start = end
    tail = _pieces(text[start:], first_line)  # comments after the last statement
    _check_no_directive(
        comment + [(value, line) for kind, value, line in tail if kind == "comment"]
    )
    return statements


def _statement(sql: str, comment: Comment, line: int) -> Statement:
    engines: tuple[str, ...] = ENGINES
    question = []
    for text, comment_line in comment:
        directive = DIRECTIVE.match(text)
        if directive is None:
            question.append(text)
        else:
            engines = _engines(directive.group("names"), comment_line)
    return Statement(sql=sql, comment="\n".join(question), line=line, engines=engines)


def _engines(names: str, line: int) -> tuple[str, ...]:
    engines = tuple(names.replace(",", " ").split())
    if not engines:
        raise SqlFileError(f"line {line}: `-- engines:` names no engine")
    unknown = sorted(set(engines) - set(ENGINES))
    if unknown:
        raise SqlFileError(
            f"line {line}: unknown engine {unknown[0]!r} (known: {', '.join(ENGINES)})"
        )
    return engines


def _check_no_directive(comment: Comment) -> None:
    """A directive cut off from its statement (by a blank line) would silently apply to none."""
    for text, line in comment:
        if DIRECTIVE.match(text):
            raise SqlFileError(f"line {line}: `-- engines:` is not right above a statement")


def _pieces(chunk: str, first_line: int) -> list[tuple[str, str, int]]:
    """A chunk (text up to one `;`) as comment lines, blank lines and the statement."""
    pieces: list[tuple[str, str, int]] = []
    lines = chunk.split("\n")
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("--"):
            pieces.append(("comment", stripped[2:].strip(), first_line + index))
        elif not stripped:
            if index < len(lines) - 1:
                pieces.append(("blank", "", first_line + index))
        else:
            sql = "\n".join(lines[index:]).strip()
            pieces.append(("sql", sql, first_line + index))
            break
    return pieces


def _boundaries(text: str) -> list[tuple[int, int]]:
    """(position of each statement-ending `;`, position after it); text after the last
    `;` counts as a final statement if it holds any SQL."""
    found: list[tuple[int, int]] = []
    index, start, length = 0, 0, len(text)
    while index < length:
        char = text[index]
        if char in QUOTE_END:
            index = _after_quote(text, index, char)
        elif text.startswith("--", index):
            index = _line_end(text, index)
        elif text.startswith("/*", index):
            close = text.find("*/", index + 2)
            if close < 0:
                raise SqlFileError(f"line {_line(text, index)}: unclosed /* comment")
            index = close + 2
        elif char == "$" and (quote := DOLLAR_QUOTE.match(text, index)):
            close = text.find(quote.group(), quote.end())
            if close < 0:
                raise SqlFileError(f"line {_line(text, index)}: unclosed {quote.group()} quote")
            index = close + len(quote.group())
        elif char == ";" and not _inside_compound_body(text[start:index]):
            found.append((index, index + 1))
            start = index + 1
            index += 1
        else:
            index += 1
    if _code_only(text[start:]).strip():
        found.append((length, length))
    return found


def _inside_compound_body(statement: str) -> bool:
    """Whether `statement` is a CREATE TRIGGER, PROCEDURE or FUNCTION whose BEGIN ... END
    body is still open, so that a `;` ends a statement of the body, not the whole. A
    PostgreSQL trigger has no body (it calls a function), and a PostgreSQL function's body
    is a dollar-quoted string (not code here): both end at their first `;` outside it."""
    code = _code_only(statement)
    if not COMPOUND.match(code):
        return False
    depth = 0
    for word in BLOCK_WORD.finditer(code):
        closes = word.group("closes")
        if word.group().upper() in ("BEGIN", "CASE"):
            depth += 1
        elif closes is None or closes.upper() == "CASE":
            depth -= 1
    return depth > 0


def _code_only(sql: str) -> str:
    """`sql` without its comments, string literals and dollar-quoted bodies (their words
    are not keywords)."""
    return NOT_CODE.sub(" ", sql)


def _after_quote(text: str, index: int, quote: str) -> int:
    """The position after the quote that closes the one at `index`."""
    for match in QUOTE_END[quote].finditer(text, index + 1):
        if match.group() == quote:  # not a doubled quote, not an escaped character
            return match.end()
    raise SqlFileError(f"line {_line(text, index)}: unclosed {quote} quote")


def _line_end(text: str, index: int) -> int:
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1
