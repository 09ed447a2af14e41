// practice-cms headless example: everything here comes from /api/v3/ on the practice site.
// The API origin is http://127.0.0.1:8000 unless the page is opened with ?api=https://other.example
"use strict";

const params = new URLSearchParams(window.location.search);
const API = (params.get("api") || "http://127.0.0.1:8000").replace(/\/$/, "");
const LOCALE = params.get("locale") || "en";

const $ = (id) => document.getElementById(id);

function status(message) {
    $("status").textContent = message;
}

async function api(path, options = {}) {
    // credentials: "include" sends the visitor cookie the site uses to recognise a returning
    // rater (the site must list this page's origin in CORS_ALLOWED_ORIGINS).
    const response = await fetch(API + path, {
        credentials: "include",
        headers: { "Accept": "application/json", "Content-Type": "application/json" },
        ...options,
    });
    const body = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) {
        const detail = body && (body.detail || body.title) ? body.detail || body.title : response.statusText;
        const error = new Error(detail);
        error.status = response.status;
        error.body = body;
        throw error;
    }
    return body;
}

function element(tag, text, attributes = {}) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    return node;
}

function describeSummary(summary) {
    if (!summary || !summary.count) return "No ratings yet";
    const ratings = summary.count === 1 ? "1 rating" : `${summary.count} ratings`;
    return `${summary.average} out of 5 · ${ratings}`;
}

async function loadSiteSettings() {
    const site = await api(`/api/v3/site-settings/?locale=${encodeURIComponent(LOCALE)}`);
    $("practice-name").textContent = site.practice_name || "practice-cms";
    document.documentElement.lang = site.locale;
    const current = site.languages.find((language) => language.code === site.locale);
    document.documentElement.dir = current ? current.direction : "ltr";
    $("languages").replaceChildren(...site.languages.map((language) => {
        const item = element("li");
        const link = element("a", language.name, { href: `?locale=${language.code}`, lang: language.code });
        if (language.code === site.locale) link.setAttribute("aria-current", "true");
        item.append(link);
        return item;
    }));
    $("social").replaceChildren(...site.social_links.map((link) => {
        const item = element("li");
        item.append(element("a", link.network, { href: link.url, rel: "me noopener" }));
        return item;
    }));
    $("address").replaceChildren(...site.postal_address_lines.flatMap((line, index) =>
        index ? [element("br"), document.createTextNode(line)] : [document.createTextNode(line)]));
    $("copyright").textContent = site.copyright;
}

async function loadPosts() {
    const page = await api(
        `/api/v3/pages/?type=practice_blog.BlogPostPage&locale=${encodeURIComponent(LOCALE)}&limit=20`);
    $("posts").replaceChildren(...page.items.map((post) => {
        const item = element("li");
        const heading = element("h3");
        heading.append(element("a", post.title, { href: `#post-${post.id}` }));
        item.append(heading);
        return item;
    }));
    if (!page.items.length) $("posts").append(element("li", "No posts in this language yet."));
}

async function loadTrainings() {
    try {
        const page = await api(
            `/api/v3/trainings/?locale=${encodeURIComponent(LOCALE)}&order=-score&limit=10`);
        $("trainings").replaceChildren(...page.items.map((training) => {
            const item = element("li");
            item.append(element("h3", training.title));
            const score = training.checklist_score || training.score;
            if (score && typeof score === "object" && score.score !== null && score.score !== undefined) {
                item.append(element("p", `Checklist score ${Math.round(score.score)} / 100 (${score.band})`));
            } else if (typeof score === "number") {
                item.append(element("p", `Checklist score ${Math.round(score)} / 100`));
            }
            return item;
        }));
    } catch (error) {
        $("trainings").replaceChildren(element("li", `Trainings are not available: ${error.message}`));
    }
}

function renderBody(body) {
    const container = $("post-body");
    container.replaceChildren();
    if (!Array.isArray(body)) return;
    for (const block of body) {
        if (block.type === "heading" && block.value) {
            container.append(element(block.value.level === "h3" ? "h3" : "h2", block.value.text));
        } else if (block.type === "quote" && block.value) {
            const quote = element("blockquote");
            quote.append(element("p", block.value.quote));
            container.append(quote);
        } else if (typeof block.value === "string") {
            // Rich text: shown as text, never injected as HTML from another origin.
            const holder = document.createElement("template");
            holder.innerHTML = block.value;
            container.append(element("p", holder.content.textContent));
        }
    }
}

function renderStars(ownRating) {
    $("stars").replaceChildren(...[1, 2, 3, 4, 5].map((stars) => {
        const label = element("label");
        const input = element("input", null, { type: "radio", name: "stars", value: String(stars) });
        if (ownRating === stars) input.checked = true;
        label.append(input, document.createTextNode(stars === 1 ? "1 star" : `${stars} stars`));
        return label;
    }));
}

async function showPost(id) {
    const post = await api(`/api/v3/pages/${id}/`);
    $("listing").hidden = true;
    $("post").hidden = false;
    $("post").dataset.id = id;
    $("post-title").textContent = post.title;
    $("post-subtitle").textContent = post.subtitle || "";
    $("post-summary").textContent = post.summary || "";
    renderBody(post.body);
    $("rating-summary").textContent = describeSummary(post.rating_summary);
    renderStars(null);
    await loadComments(id);
    $("post-title").focus?.();
}

async function loadComments(id) {
    const page = await api(`/api/v3/pages/${id}/comments/?limit=50`);
    $("comments").replaceChildren(...page.items.map((comment) => {
        const item = element("li");
        item.append(element("p", comment.author_name, { class: "author" }), element("p", comment.body));
        return item;
    }));
    if (!page.items.length) $("comments").append(element("li", "No comments yet."));
}

async function rate(event) {
    event.preventDefault();
    const id = $("post").dataset.id;
    const chosen = $("rating-form").querySelector("input[name=stars]:checked");
    if (!chosen) {
        status("Choose from 1 to 5 stars first.");
        return;
    }
    try {
        const summary = await api(`/api/v3/pages/${id}/ratings/`, {
            method: "POST",
            body: JSON.stringify({ stars: Number(chosen.value) }),
        });
        $("rating-summary").textContent = describeSummary(summary);
        status("Thank you, your rating is saved.");
    } catch (error) {
        status(`Your rating could not be saved: ${error.message}`);
    }
}

async function comment(event) {
    event.preventDefault();
    const id = $("post").dataset.id;
    try {
        await api(`/api/v3/pages/${id}/comments/`, {
            method: "POST",
            body: JSON.stringify({
                author_name: $("comment-name").value,
                body: $("comment-body").value,
            }),
        });
        $("comment-form").reset();
        status("Thank you. Your comment is awaiting moderation.");
    } catch (error) {
        status(`Your comment could not be sent: ${error.message}`);
    }
}

async function route() {
    const match = window.location.hash.match(/^#post-(\d+)$/);
    try {
        if (match) {
            await showPost(match[1]);
        } else {
            $("post").hidden = true;
            $("listing").hidden = false;
        }
    } catch (error) {
        status(`Could not load: ${error.message}`);
    }
}

document.addEventListener("DOMContentLoaded", async () => {
    $("rating-form").addEventListener("submit", rate);
    $("comment-form").addEventListener("submit", comment);
    $("back").addEventListener("click", (event) => {
        event.preventDefault();
        window.location.hash = "";
    });
    window.addEventListener("hashchange", route);
    try {
        await Promise.all([loadSiteSettings(), loadPosts(), loadTrainings()]);
    } catch (error) {
        status(`Could not reach the practice site at ${API}: ${error.message}`);
    }
    await route();
});
