// After a form's round trip the page comes back to its confirmation (#comment-status or
// #rating-status). Browsers scroll there but leave focus at the top: move focus onto the
// confirmation (a role="status" region with tabindex="-1") so screen readers read it out and the
// next Tab continues from the form. Without JavaScript the visitor still lands on it.
(function () {
  "use strict";
  var id = window.location.hash.slice(1);
  if (id !== "comment-status" && id !== "rating-status") { return; }
  var target = document.getElementById(id);
  if (target && target.textContent.trim()) { target.focus({ preventScroll: true }); }
}());
