"""Every email the plugins and the site send, built one way.

An email is written once, as a plain-text template rendered in the recipient's language; the
HTML alternative is made from that text (escaped, paragraphs kept, only the links the sender
names made clickable), so both parts always say the same and nothing a visitor wrote can turn
into a link or markup. No images, no remote resources, no tracking pixels, no redirecting links.

Headers: From (the practice's name with ``DEFAULT_FROM_EMAIL``), Reply-To (the practice's own
address, or whoever the recipient should answer), Date, Message-ID on the site's domain,
Content-Language, ``Auto-Submitted: auto-generated`` (RFC 3834: autoresponders stay quiet), and
``List-Unsubscribe`` with ``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058)
whenever the recipient can stop receiving such emails.

Who the sender is comes from the ``practice_email_sender`` Wagtail hook (``fn(site)`` returning
a :class:`Sender` or None), which the project layer implements from its settings; without it the
sender is ``DEFAULT_FROM_EMAIL``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from email.utils import formataddr, make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape

logger = logging.getLogger(__name__)

SENDER_HOOK = "practice_email_sender"


@dataclass(frozen=True)
class Sender:
    """Who an email comes from: a display name, the From address, where replies go."""

    name: str
    from_email: str
    reply_to: tuple[str, ...] = ()

    @property
    def from_header(self) -> str:
        return formataddr((self.name, self.from_email)) if self.name else self.from_email


def sender_for(site=None) -> Sender:
    """The sender of the site's emails (the ``practice_email_sender`` hook, else the settings)."""
    from wagtail import hooks

    for hook in hooks.get_hooks(SENDER_HOOK):
        found = hook(site)
        if found is not None:
            return found
    address = settings.DEFAULT_FROM_EMAIL
    return Sender(name="", from_email=address, reply_to=(address,))


def mail_domain() -> str:
    """The domain of Message-IDs: the site's public host when known, else this machine's name."""
    host = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").hostname
    return host or str(DNS_NAME)


@dataclass
class Email:
    """What one email says, before it is rendered (see :func:`compose`)."""

    template: str  # a plain-text template, e.g. "practice_blog/email/reply_notification.txt"
    subject: str | Callable[[], str]  # a (lazy) string, or a function called in ``language``
    to: Sequence[str]
    language: str
    context: dict = field(default_factory=dict)
    links: Sequence[str] = ()  # URLs in the text that the HTML part may make clickable
    reply_to: Sequence[str] | None = None  # default: the sender's Reply-To
    unsubscribe_url: str | None = None
    list_id: str | None = None
    site: object = None


def compose(email: Email, sender: Sender | None = None) -> EmailMultiAlternatives:
    """Render ``email`` in its language into a multipart message (text first, then HTML)."""
    sender = sender or sender_for(email.site)
    language = email.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            **email.context,
            "sender": sender,
            "unsubscribe_url": email.unsubscribe_url,
        }
        text = render_text(email.template, context).strip() + "\n"
        subject = email.subject() if callable(email.subject) else str(email.subject)
        # A header is one line: a title with a line break in it must not add headers.
        subject = " ".join(subject.split())
        html = render_to_string(
            "email/base.html",
            {
                "language": language,
                "direction": "rtl" if translation.get_language_bidi() else "ltr",
                "subject": subject,
                "paragraphs": _paragraphs(text, email.links),
                "sender": sender,
            },
        )
    headers = {
        "Message-ID": make_msgid(domain=mail_domain()),
        "Content-Language": language,
        "Auto-Submitted": "auto-generated",
    }
    if email.unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{email.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if email.list_id:
        headers["List-Id"] = email.list_id
    reply_to = list(email.reply_to if email.reply_to is not None else sender.reply_to)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=sender.from_header,
        to=list(email.to),
        reply_to=reply_to or [sender.from_email],
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message


def render_text(template_name: str, context: dict) -> str:
    """Render a plain-text template without HTML escaping (``O'Brien`` stays ``O'Brien``)."""
    from django.template import Context, engines

    template = engines["django"].get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def _paragraphs(text: str, links: Iterable[str]) -> list[str]:
    """The text as escaped HTML paragraphs; the named URLs (and only they) become links."""
    anchors = {
        escape(url): f'<a href="{escape(url)}">{escape(url)}</a>'
        for url in sorted(set(links), key=len, reverse=True)
        if url
    }
    paragraphs = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        if not block.strip():
            continue
        html = "<br>\n".join(escape(line) for line in block.strip("\n").split("\n"))
        for url, anchor in anchors.items():
            html = _link_whole_words(html, url, anchor)
        paragraphs.append(html)
    return paragraphs


def _link_whole_words(html: str, url: str, anchor: str) -> str:
    """Replace ``url`` where it stands as a whole word (not inside a longer URL)."""
    pieces = []
    start = 0
    while (index := html.find(url, start)) != -1:
        end = index + len(url)
        before_ok = index == 0 or html[index - 1] in " \n>(<"
        after_ok = end == len(html) or html[end] in " \n<).,;:!?"
        pieces.append(html[start:index])
        pieces.append(anchor if before_ok and after_ok else url)
        start = end
    pieces.append(html[start:])
    return "".join(pieces)


def send(messages: Sequence[EmailMultiAlternatives], connection=None) -> int:
    """Send ``messages`` over one connection; return how many the server accepted.

    Errors are raised (callers decide: a notification logs and moves on, the sending command
    records the failure).
    """
    if not messages:
        return 0
    connection = connection or get_connection()
    return connection.send_messages(list(messages)) or 0


def send_quietly(email: Email, what: str) -> bool:
    """Compose and send one email; a mail outage is logged, never raised (the caller's data is
    already stored). Returns whether it was sent."""
    try:
        send([compose(email)])
    except Exception:  # noqa: BLE001 - a mail server outage must not fail the visitor's action
        logger.exception("Could not send %s", what)
        return False
    return True
