"""Shared helpers of the browser tests that judge every page and every form.

Nothing here imports the app's views or forms: pages are found through the URL resolver and
the admin registry, so the tests follow the app wherever its modules move.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import UserFactory

WIDTHS = [1366, 390]
HEIGHT = 800
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


# --- The URL resolver and the admin registry ---------------------------------------------


def url_names() -> dict[str, str]:
    """Every named URL of the project, qualified with its namespaces: {name: route}."""
    found: dict[str, str] = {}

    def walk(patterns, namespace: str, prefix: str):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.setdefault(name, prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "", "/")
    return found


def app_url_names() -> dict[str, str]:
    return {name: route for name, route in url_names().items() if not name.startswith("admin:")}


def admin_url_names() -> dict[str, str]:
    return {name: route for name, route in url_names().items() if name.startswith("admin:")}


def registered_models() -> list:
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


def model_label(model) -> str:
    return model._meta.label_lower


def registry_ids() -> list[str]:
    return [model_label(model) for model in registered_models()]


def model_from_label(label: str):
    for model in admin.site._registry:
        if model_label(model) == label:
            return model
    raise LookupError(f"{label} is no longer registered in the admin")


def admin_request(user):
    """A request as `user`, for asking a ModelAdmin what the user may do."""
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


# --- Users and signing in -----------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return UserFactory(username="kaikki-oikeudet", is_superuser=True, is_staff=True)


def sign_in(context, live_server, user) -> None:
    """Give the browser context a signed-in session of `user` (no sign-in form to fill)."""
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    context.clear_cookies()
    context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )


def new_context(browser, width: int = WIDTHS[0]):
    context = browser.new_context(
        locale="fi-FI",
        timezone_id="Europe/Helsinki",
        viewport={"width": width, "height": HEIGHT},
    )
    context.set_default_timeout(15_000)
    return context


# --- What the page shows ------------------------------------------------------------------

# English UI words that are not Finnish words: whole words, any case. Short words that are
# also Finnish (on, no, me, se, to, at) or common abbreviations (it, in) are left out.
ENGLISH_WORDS = frozenset(
    """
    the and of or for with from by this that these those your you are is was were be been
    not cannot must should please will would can may yes unknown none all any
    select selected option options choose chosen run save delete search filter previous next
    hold down note hours hour ahead behind server today now yesterday tomorrow midnight noon
    clear show hide remove add change view site password history go page enter error errors
    field fields required invalid valid value values welcome log logout login documentation
    user users group groups permission permissions action actions cancel close calendar clock
    time date click items item available another continue editing object objects results
    result total more less download upload file files name description first last empty
    list edit details back submit reset current currently new warning success help optional
    number choose browse recent my home sort ascending descending toggle sorting filtered
    remaining keep selecting there here what which where when who why how
    """.split()  # noqa: SIM905 (a word list reads best as words)
)

# Proper names in the demo data (projects/demo_data/kemi.yaml) that contain a word above.
# Each phrase is removed before the words are looked for. Keep this list short: every entry
# is a real name a Finnish page has to show as it is.
ALLOWED_PHRASES: dict[str, str] = {
    "CC BY 4.0": "the licence of THL's Sotkanet figures, named as the licence asks",
}

WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
# The user page's summary of the password hash shows the start of a random salt and digest
# ("suola: oF*****", "tiiviste: 1be731****"), which can spell any two-letter word.
MASKED_HASH = re.compile(r"(?:suola|tiiviste(?:lmä)?|salt|hash):\s*\S+", re.IGNORECASE)


def english_words(text: str) -> list[tuple[str, str]]:
    """The English words in `text`, each with the text around its first occurrence."""
    for phrase in ALLOWED_PHRASES:
        text = text.replace(phrase, " ")
    text = MASKED_HASH.sub(" ", text)
    found: dict[str, str] = {}
    for match in WORD.finditer(text):
        word = match.group().lower()
        if word in ENGLISH_WORDS and word not in found:
            start, end = max(0, match.start() - 35), min(len(text), match.end() + 35)
            found[word] = " ".join(text[start:end].split())
    return sorted(found.items())


# Everything a user reads on the page: the rendered text, the tab title, and the attributes
# and option texts of visible elements (a select's options are read when it is open).
VISIBLE_TEXTS_JS = """
() => {
  const describe = (el) => el.tagName.toLowerCase()
    + (el.id ? '#' + el.id : '')
    + (el.name ? '[name=' + el.name + ']' : '')
    + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const texts = [['title', document.title], ['text', document.body.innerText]];
  const visible = (el) => el.checkVisibility ? el.checkVisibility() : !!el.offsetParent;
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName;
    if (tag === 'OPTION' || tag === 'OPTGROUP') {
      const select = el.closest('select');
      if (!select || !visible(select)) continue;
      if (tag === 'OPTION') texts.push(['option in ' + describe(select), el.textContent]);
      else texts.push(['optgroup in ' + describe(select), el.getAttribute('label') || '']);
      continue;
    }
    if (!visible(el)) continue;
    for (const attr of ['placeholder', 'title', 'aria-label', 'alt']) {
      if (el.hasAttribute(attr)) texts.push([attr + ' of ' + describe(el), el.getAttribute(attr)]);
    }
    if (tag === 'INPUT' && ['submit', 'button', 'reset'].includes(el.type)) {
      texts.push(['value of ' + describe(el), el.value]);
    }
  }
  return texts;
}
"""


def english_on_page(page) -> list[str]:
    """Every English word the page shows, with where it stands."""
    problems = []
    for where, text in page.evaluate(VISIBLE_TEXTS_JS):
        for word, context in english_words(text or ""):
            problems.append(f"{word!r} in {where}: “{context}”")
    return problems


OVERFLOW_JS = """
() => {
  const width = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  const describe = (el) => el.tagName.toLowerCase()
    + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const offenders = [];
  const marked = new Set();
  if (scrollWidth > width) {
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 0.5) continue;
      // Only the outermost element that sticks out; its descendants follow from it.
      let inside = false;
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (marked.has(up)) { inside = true; break; }
      }
      marked.add(el);
      if (inside) continue;
      const path = [];
      for (let up = el.parentElement; up && up !== document.body && path.length < 3; up = up.parentElement) path.unshift(describe(up));
      offenders.push({
        element: describe(el), inside: path.join(' > '),
        width: Math.round(box.width), right: Math.round(box.right),
        text: (el.innerText || el.value || '').trim().split(/\\s+/).slice(0, 6).join(' '),
      });
    }
  }
  return {width, scrollWidth, offenders};
}
"""


def overflow_on_page(page) -> str | None:
    """None if nothing is wider than the window; else the outermost elements that stick out."""
    result = page.evaluate(OVERFLOW_JS)
    if result["scrollWidth"] <= result["width"]:
        return None
    offenders = result["offenders"]
    lines = [
        f"{o['element']} (in {o['inside'] or 'body'}) width {o['width']} px, right edge "
        f"{o['right']} px{': “' + o['text'] + '”' if o['text'] else ''}"
        for o in offenders[:8]
    ]
    more = f"; … {len(offenders) - 8} more" if len(offenders) > 8 else ""
    return (
        f"page is {result['scrollWidth']} px wide in a {result['width']} px window; sticking out: "
        + "; ".join(lines)
        + more
    )


def screenshot(page, width: int, name: str) -> None:
    folder = SCREENSHOTS / str(width)
    folder.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
    page.screenshot(path=str(folder / f"{safe}.png"), full_page=True)


def judge_page(page, width: int, name: str) -> list[str]:
    """Screenshot the page and list what is wrong with it: English words, sideways scroll."""
    screenshot(page, width, name)
    problems = [f"English {problem}" for problem in english_on_page(page)]
    overflow = overflow_on_page(page)
    if overflow:
        problems.append(f"scrolls sideways: {overflow}")
    return problems
