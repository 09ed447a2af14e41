// Progressive enhancement of the rating form: send the rating to the API and update the
// summary, "Your rating: N stars", the confirmation and the button in place. Without JavaScript
// the form posts to the page and comes back to the rating section with the same texts.
// The stars themselves need no script: they are a native radio group styled in blog.css.
(function () {
  "use strict";
  var section = document.getElementById("rating");
  if (!section || !window.fetch) { return; }
  var form = section.querySelector("[data-rating-form]");
  var summary = section.querySelector("[data-rating-summary]");
  var own = section.querySelector("[data-rating-own]");
  var button = section.querySelector("[data-rating-button]");
  if (!form || !summary || !own) { return; }

  // The confirmation sits in the same polite live region as "Your rating: N stars".
  function confirm(message) {
    var shown = section.querySelector("[data-rating-message]");
    if (!shown) {
      shown = document.createElement("p");
      shown.className = "message message--success";
      shown.setAttribute("data-rating-message", "");
      own.parentNode.insertBefore(shown, own);
    }
    shown.textContent = message;
  }

  function text(name, values) {
    var template = section.getAttribute("data-text-" + name) || "";
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values || {}, key) ? values[key] : match;
    });
  }

  // The server renders the summary in each plural category of the page's language
  // (data-text-count-one, -two, -few, ...): Arabic has six forms, English two.
  function pluralCategory(count) {
    var category = "other";
    try {
      category = new Intl.PluralRules(document.documentElement.lang || undefined).select(count);
    } catch (error) { category = count === 1 ? "one" : "other"; }
    return section.hasAttribute("data-text-count-" + category) ? category : "other";
  }

  function formatAverage(value) {
    var lang = document.documentElement.lang || undefined;
    return Number(value).toLocaleString(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  }

  // Written as the server writes them (practice_core.formatting: CLDR through Babel), e.g.
  // "10,001", "10.001", "10 001".
  function formatCount(value) {
    return Number(value).toLocaleString(document.documentElement.lang || undefined);
  }

  function show(result) {
    if (!result.count) {
      summary.textContent = text("none");
    } else {
      summary.textContent = text("count-" + pluralCategory(result.count), {
        average: formatAverage(result.average), count: formatCount(result.count)
      });
    }
    for (var stars = 1; stars <= 5; stars += 1) {
      var bar = section.querySelector('[data-rating-bar="' + stars + '"]');
      var label = section.querySelector('[data-rating-count="' + stars + '"]');
      var n = result.distribution[String(stars)] || 0;
      if (bar) { bar.max = Math.max(result.count, 1); bar.value = n; bar.textContent = n; }
      if (label) { label.textContent = n; }
    }
  }

  form.addEventListener("submit", function (event) {
    var checked = form.querySelector('input[name="stars"]:checked');
    if (!checked) { return; } // let the server explain that a rating is needed
    event.preventDefault();
    var stars = checked.value;
    var previous = section.querySelector("[data-rating-message]");
    if (previous) { previous.remove(); }
    own.textContent = text("saving");
    fetch(section.getAttribute("data-rating-endpoint"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ stars: Number(checked.value) })
    }).then(function (response) {
      if (response.status === 429) { throw new Error("throttled"); }
      if (!response.ok) { throw new Error("failed"); }
      var created = response.status === 201;
      return response.json().then(function (result) { return { result: result, created: created }; });
    }).then(function (answer) {
      show(answer.result);
      confirm(text((answer.created ? "thanks-" : "changed-") + stars));
      own.textContent = text("own-" + stars);
      if (button) { button.textContent = text("button-change"); }
    }).catch(function (error) {
      own.textContent = text(error.message === "throttled" ? "throttled" : "error");
    });
  });
}());
