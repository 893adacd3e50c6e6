"""Fail when a built docs site would load anything from the network.

    python tools/check_site_offline.py [SITE]        (SITE defaults to `site`)

Every .html file under SITE is parsed, and every .css file read. An asset whose URL is
http://, https:// or protocol-relative (//host/...) is an offence: <script src>,
<link href> that loads something (stylesheet, icon, preload, preconnect...), <img> and
<source> src/srcset, <iframe>, <video>, <audio>, <embed> src, <object data>, and CSS
@import or url() in <style> elements, style attributes and .css files. Links the reader
follows (<a href>, <link rel="canonical">) are fine.

Exit status 1 with one stderr line per offence (file and URL), 2 when SITE holds no
page, otherwise 0 with one summary line.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path

EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(
    r"""@import\s+(?:url\(\s*)?["']?(?P<import>[^"'()\s;]+)|url\(\s*["']?(?P<url>[^"')\s]+)""",
    re.IGNORECASE,
)
ASSET_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
}
LOADING_RELS = {
    "stylesheet",
    "icon",
    "apple-touch-icon",
    "mask-icon",
    "manifest",
    "preload",
    "modulepreload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
}


def css_urls(css: str) -> list[str]:
    """The URLs a stylesheet loads through @import and url()."""
    return [match["import"] or match["url"] for match in CSS_URL.finditer(css)]


class AssetCollector(HTMLParser):
    """Collects (what, url) for every URL a page loads by itself."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.assets: list[tuple[str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        rels = set(values.get("rel", "").lower().split())
        if tag == "link" and rels & LOADING_RELS:
            self.assets.append(("<link href>", values.get("href", "")))
        for name in ASSET_ATTRIBUTES.get(tag, ()):
            if name == "srcset":
                candidates = values.get(name, "").split(",")
                urls = [candidate.split()[0] for candidate in candidates if candidate.split()]
            else:
                urls = [values[name]] if name in values else []
            self.assets.extend((f"<{tag} {name}>", url) for url in urls)
        if "style" in values:
            self.assets.extend(("style attribute", url) for url in css_urls(values["style"]))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.assets.extend(("<style>", url) for url in css_urls(data))


def external_assets(html: str) -> list[tuple[str, str]]:
    """(what, url) for each asset of an HTML page that would come from another host."""
    collector = AssetCollector()
    collector.feed(html)
    collector.close()
    return [(what, url) for what, url in collector.assets if EXTERNAL.match(url)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fail when a built site loads external assets.")
    parser.add_argument("site", nargs="?", default="site", type=Path, help="built site folder")
    site: Path = parser.parse_args(argv).site

    pages = sorted(site.rglob("*.html"))
    stylesheets = sorted(site.rglob("*.css"))
    if not pages:
        print(f"offline check: no .html file in {site} (build the site first)", file=sys.stderr)
        return 2

    offences = []
    for page in pages:
        html = page.read_text(encoding="utf-8", errors="replace")
        offences += [f"{page}: {what} {url}" for what, url in external_assets(html)]
    for stylesheet in stylesheets:
        css = stylesheet.read_text(encoding="utf-8", errors="replace")
        urls = css_urls(css)
        offences += [f"{stylesheet}: CSS {url}" for url in urls if EXTERNAL.match(url)]

    for offence in offences:
        print(f"offline check: external asset in {offence}", file=sys.stderr)
    if offences:
        return 1
    print(f"offline check: {len(pages)} pages, {len(stylesheets)} stylesheets, no external assets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
