// The assessing screen: when an answer changes, ask the server what the score and progress
// would be (the one score function computes it; nothing is saved) and show it.
(function () {
  "use strict";
  var form = document.querySelector("form.assess[data-preview-url]");
  if (!form) return;
  var progressText = form.querySelector("[data-assess-progress]");
  var progressBar = form.querySelector(".assess__progress progress");
  var scoreText = form.querySelector("[data-assess-score]");
  var pending = null;

  function refresh() {
    var data = new FormData(form);
    data.delete("action");
    fetch(form.dataset.previewUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (result) {
        if (!result) return;
        progressText.textContent = result.progress;
        progressBar.value = result.answered;
        progressBar.max = result.total;
        scoreText.textContent = result.summary;
      })
      .catch(function () { /* the saved figures stay on screen */ });
  }

  form.addEventListener("change", function (event) {
    if (!event.target.name || !/-(value|second_value|third_value)$/.test(event.target.name)) return;
    window.clearTimeout(pending);
    pending = window.setTimeout(refresh, 150);
  });
})();
