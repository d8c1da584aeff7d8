// Behaviours the pages declare with data attributes (no inline script: the CSP forbids it).
//   <select data-autosubmit>  submits its form when changed;
//   <form data-confirm="…">   / <button data-confirm="…">  asks before submitting.
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.matches && el.matches("[data-autosubmit]") && el.form) { el.form.submit(); }
});
document.addEventListener("submit", function (event) {
  var form = event.target;
  var text = form.getAttribute("data-confirm") ||
    (event.submitter && event.submitter.getAttribute("data-confirm"));
  if (text && !window.confirm(text)) { event.preventDefault(); }
});
