"""Read what a rendered page shows a user: error messages, the error summary and the navigation."""

from html.parser import HTMLParser

# Elements that never have a closing tag, so they do not open a level of nesting.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Collector(HTMLParser):
    """Collect the text of every element whose attributes match `wanted`, and the links in it."""

    def __init__(self, wanted: dict[str, str]) -> None:
        super().__init__()
        self.wanted = wanted
        self.depth = 0  # nesting inside the current match; 0 when outside any match
        self.found: list[dict] = []
        self.link: dict | None = None
        self.item: dict | None = None

    def _matches(self, attrs: dict[str, str | None]) -> bool:
        for name, value in self.wanted.items():
            if name == "class":
                if value not in (attrs.get("class") or "").split():
                    return False
            elif attrs.get(name) != value:
                return False
        return True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if self.depth:
            if tag not in VOID:
                self.depth += 1
            if tag == "a":
                self.link = {"href": attributes.get("href") or "", "text": ""}
                self.found[-1]["links"].append(self.link)
                if self.item is not None:
                    self.item["href"] = self.link["href"]
            if tag == "li":
                self.item = {"href": "", "text": ""}
                self.found[-1]["items"].append(self.item)
        elif self._matches(attributes):
            self.found.append({"text": "", "links": [], "items": []})
            self.depth = 0 if tag in VOID else 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.link = None
        if tag == "li":
            self.item = None
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.found[-1]["text"] += data
            if self.link is not None:
                self.link["text"] += data
            if self.item is not None:
                self.item["text"] += data


def _collect(html: str | bytes, **wanted: str) -> list[dict]:
    parser = _Collector(wanted)
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    return parser.found


def _squash(text: str) -> str:
    return " ".join(text.split())


def text_of(html: str | bytes, element_id: str) -> str:
    """The text of the element with `element_id`, spaces squashed; "" when the page has none."""
    found = _collect(html, id=element_id)
    return _squash(found[0]["text"]) if found else ""


def error_message(html: str | bytes, field_id: str) -> str:
    """The error message shown next to a field, without the hidden "Error:" prefix."""
    return text_of(html, f"{field_id}-error").removeprefix("Error:").strip()


def error_summary(html: str | bytes) -> list[tuple[str, str]]:
    """The error summary's items as (link target, message); the target is "" for a form error."""
    found = _collect(html, **{"class": "govuk-error-summary__list"})
    if not found:
        return []
    return [(item["href"], _squash(item["text"])) for item in found[0]["items"]]


def navigation_links(html: str | bytes) -> list[tuple[str, str]]:
    """The service navigation as (label, address), in order."""
    found = _collect(html, **{"class": "govuk-service-navigation__list"})
    if not found:
        return []
    return [(_squash(link["text"]), link["href"]) for link in found[0]["links"]]
