// Relais: small enhancements hooked by data-relais-* attributes (no inline handlers, CSP-ready).
(function () {
  "use strict";

  // <button data-relais-confirm="Sure?"> asks before submitting its form.
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-relais-confirm]");
    if (target && !window.confirm(target.getAttribute("data-relais-confirm"))) {
      event.preventDefault();
    }
  });

  // <button data-relais-print> prints the page.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-relais-print]")) {
      event.preventDefault();
      window.print();
    }
  });

  // <input data-relais-copy="#id"> copies the text of an element to the clipboard.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-relais-copy]");
    if (!button || !navigator.clipboard) return;
    var source = document.querySelector(button.getAttribute("data-relais-copy"));
    if (source) navigator.clipboard.writeText(source.textContent.trim());
  });

  // After an htmx swap, move focus to the first element marked data-relais-autofocus.
  document.addEventListener("htmx:afterSwap", function (event) {
    var focusTarget = event.detail.target.querySelector("[data-relais-autofocus]");
    if (focusTarget) focusTarget.focus();
  });
})();
