"""Layout checks the browser tests share: horizontal overflow and clipped text.

One script run inside the page returns every problem it finds, each as a short description
naming the element (tag, class, start of its text), so a failing test says what broke where.
"""

from __future__ import annotations

# An element counts when it is rendered and bigger than the 1-px boxes used to hide things from
# sight but not from screen readers (.visually-hidden, the spam trap). Scroll containers (a
# table's own scrolling region) may hold wider content: that is their job; what is inside them
# is not checked against the viewport.
LAYOUT_SCRIPT = """([within, clippedOnly]) => {
    const problems = [];
    const root = document.documentElement;
    const viewport = root.clientWidth;
    const name = (el) => {
        const text = (el.innerText || el.textContent || '').trim()
            .replace(/\\s+/g, ' ').slice(0, 40);
        const cls = typeof el.className === 'string' && el.className
            ? '.' + el.className.split(' ')[0] : '';
        return `<${el.tagName.toLowerCase()}${cls}> "${text}"`;
    };
    if (root.scrollWidth > viewport + 1) {
        problems.push(`the document is ${root.scrollWidth}px wide in a ${viewport}px viewport`);
    }
    const scrolls = (style) => ['auto', 'scroll'].includes(style.overflowX);
    const hidden = (el) => {
        for (let node = el; node && node !== document.body; node = node.parentElement) {
            const style = getComputedStyle(node);
            if (style.display === 'none' || style.visibility === 'hidden') return true;
            const box = node.getBoundingClientRect();
            if (box.width <= 2 || box.height <= 2) {
                if (style.overflow !== 'visible' || style.position === 'absolute') return true;
            }
        }
        return false;
    };
    const insideScroller = (el) => {
        for (let node = el.parentElement; node && node !== document.body;
                node = node.parentElement) {
            if (scrolls(getComputedStyle(node))) return true;
        }
        return false;
    };
    const scope = within ? document.querySelector(within) : document.body;
    for (const el of scope.querySelectorAll('*')) {
        const style = getComputedStyle(el);
        if (style.display === 'none') continue;
        if (['script', 'style', 'template'].includes(el.localName)) continue;
        if (el.closest('[hidden], .visually-hidden, .skip-link, wagtail-userbar')) continue;
        const box = el.getBoundingClientRect();
        if (box.width < 2 || box.height < 2 || hidden(el)) continue;
        if (insideScroller(el)) continue;
        if (box.right > viewport + 1 || box.left < -1) {
            const reach = `${Math.round(box.left)}..${Math.round(box.right)}px`;
            problems.push(`${name(el)} reaches ${reach} (viewport ${viewport}px)`);
            continue;
        }
        // Content wider than its own box: clipped (overflow hidden) or spilling over its
        // neighbours. A scroll container is allowed to be scrolled. With clippedOnly, only
        // what is cut off counts (a form field scrolls its own value).
        if (clippedOnly && (style.overflowX === 'visible'
                || ['input', 'textarea', 'select'].includes(el.localName))) continue;
        if (!scrolls(style) && style.display !== 'inline' && el.localName !== 'html'
                && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
            const sizes = `${el.scrollWidth}px of content in ${el.clientWidth}px`;
            problems.push(`${name(el)} holds ${sizes}`);
        }
    }
    return problems;
}"""


def layout_problems(page, within: str | None = None, *, clipped_only: bool = False) -> list[str]:
    """Horizontal overflow and clipped or spilling text on the page as it is now: the whole
    document's width, and every element of the body (or of the element ``within`` selects).

    ``clipped_only`` reports content wider than its box only where the box cuts it off: for the
    Wagtail admin, whose panels hang their controls in the form's gutter on purpose.
    """
    return page.evaluate(LAYOUT_SCRIPT, [within, clipped_only])
