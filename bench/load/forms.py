"""Read the HTML forms of a page the way a browser would submit them (standard library only)."""

from html.parser import HTMLParser


class Form:
    """One <form>: its action, method and the fields a browser would send untouched."""

    def __init__(self, attrs: dict):
        self.action = attrs.get("action") or ""
        self.method = (attrs.get("method") or "get").lower()
        self.id = attrs.get("id") or ""
        self.fields: list[tuple[str, str]] = []
        self.names: set[str] = set()  # every field name, sent or not (unchecked boxes, empty selects)
        self.options: dict[str, list[str]] = {}  # choices offered by radios, checkboxes and selects

    def values(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for name, value in self.fields:
            grouped.setdefault(name, []).append(value)
        return grouped

    def data(self, **changes) -> list[tuple[str, str]]:
        """The default submission with some fields replaced (a list value sends the name several times)."""
        kept = [(name, value) for name, value in self.fields if name not in changes]
        for name, value in changes.items():
            if value is None:
                continue
            for item in value if isinstance(value, list | tuple) else [value]:
                kept.append((name, str(item)))
        return kept


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: str | None = None
        self.select_multiple = False
        self.select_chosen: list[str] = []
        self.select_first: str | None = None
        self.option: dict | None = None  # the open <option>: its value attribute, text, selected flag
        self.textarea: str | None = None
        self.textarea_text = ""

    def handle_starttag(self, tag, attrs):
        attrs = {key: value if value is not None else "" for key, value in attrs}
        if tag == "form":
            self.form = Form(attrs)
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            self._input(name, attrs)
        elif tag == "select" and name:
            self.form.names.add(name)
            self.select, self.select_multiple = name, "multiple" in attrs
            self.select_chosen, self.select_first = [], None
        elif tag == "option" and self.select:
            self.option = {"value": attrs.get("value"), "text": "", "selected": "selected" in attrs}
        elif tag == "textarea" and name:
            self.form.names.add(name)
            self.textarea, self.textarea_text = name, ""
        elif tag == "button" and name and attrs.get("type", "submit") == "submit":
            self.form.names.add(name)

    def _input(self, name, attrs):
        kind = attrs.get("type", "text").lower()
        self.form.names.add(name)
        if kind in {"submit", "button", "reset", "image", "file"}:
            return
        value = attrs.get("value", "on" if kind in {"checkbox", "radio"} else "")
        if kind in {"checkbox", "radio"}:
            self.form.options.setdefault(name, []).append(value)
            if "checked" not in attrs:
                return
        self.form.fields.append((name, value))

    def handle_data(self, data):
        if self.option is not None:
            self.option["text"] += data
        if self.textarea:
            self.textarea_text += data

    def _close_option(self):
        option, self.option = self.option, None
        value = option["value"] if option["value"] is not None else option["text"].strip()
        self.form.options.setdefault(self.select, []).append(value)
        if self.select_first is None:
            self.select_first = value
        if option["selected"]:
            self.select_chosen.append(value)

    def handle_endtag(self, tag):
        if tag == "option" and self.option is not None:
            self._close_option()
        elif tag == "select" and self.select:
            if self.option is not None:
                self._close_option()
            chosen = self.select_chosen or ([] if self.select_multiple else [self.select_first or ""])
            for value in chosen:
                self.form.fields.append((self.select, value))
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.form.fields.append((self.textarea, self.textarea_text.removeprefix("\n")))
            self.textarea = None
        elif tag == "form":
            self.form = None


def parse_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def find_form(html: str, *, action: str | None = None, field: str | None = None) -> Form | None:
    """The first POST form whose action ends with `action` (empty action: the page itself) or has `field`."""
    for form in parse_forms(html):
        if form.method != "post":
            continue
        if action is not None and not (form.action.endswith(action) or (form.action == "" and action == "")):
            continue
        if field is not None and field not in form.names:
            continue
        return form
    return None
