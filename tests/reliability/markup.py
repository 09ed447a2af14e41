"""Read rendered HTML the way a browser would, to find anything a visitor's text made active."""

from html.parser import HTMLParser

DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")


class ActiveContent(HTMLParser):
    """Collect every element a browser would run or follow: scripts, ``on*`` handlers, links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inline_scripts = []
        self.handlers = []
        self.dangerous_urls = []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.handlers.append((tag, name, value))
            if name in {"href", "src", "action", "formaction", "xlink:href", "srcdoc"}:
                cleaned = "".join((value or "").split()).lower()
                if cleaned.startswith(DANGEROUS_SCHEMES):
                    self.dangerous_urls.append((tag, name, value))
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/ld+json":
            self._in_script = []
        if tag in {"iframe", "object", "embed", "svg", "math", "base", "meta"}:
            # the site's own templates use none of these inside the content it renders
            self.handlers.append((tag, "element", str(attrs)))

    def handle_data(self, data):
        if self._in_script is not None:
            self._in_script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script is not None:
            self.inline_scripts.append("".join(self._in_script))
            self._in_script = None


def active_content(html: str) -> ActiveContent:
    parser = ActiveContent()
    parser.feed(html)
    parser.close()
    return parser


def assert_inert(html: str, marker: str = "pwned"):
    """Nothing carrying ``marker`` runs or links anywhere in ``html``."""
    found = active_content(html)
    assert not [s for s in found.inline_scripts if marker in s], found.inline_scripts
    assert not [h for h in found.handlers if marker in (h[2] or "")], found.handlers
    assert not [u for u in found.dangerous_urls if marker in (u[2] or "")], found.dangerous_urls
