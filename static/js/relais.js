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

// mediation: fast entry of an accompaniment, keyboard only; stats: searchable long lists.
(function () {
  "use strict";

  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // <input data-relais-theme-filter> inside [data-relais-theme-list]: typing hides the themes that do not
  // match; Enter ticks the first match and clears the box; Enter on an empty box submits the form.
  document.addEventListener("input", function (event) {
    var input = event.target.closest("[data-relais-theme-filter]");
    if (!input) return;
    var words = plain(input.value).split(/\s+/).filter(Boolean);
    var list = input.closest("[data-relais-theme-list]");
    list.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      var item = box.closest("li") || box.parentElement;
      var label = plain(item.textContent);
      item.hidden = !words.every(function (word) { return label.indexOf(word) !== -1; });
    });
  });
  document.addEventListener("keydown", function (event) {
    var input = event.target.closest("[data-relais-theme-filter]");
    if (!input || event.key !== "Enter" || event.ctrlKey) return;
    if (!input.value.trim()) return;
    event.preventDefault();
    var list = input.closest("[data-relais-theme-list]");
    var boxes = Array.prototype.slice.call(list.querySelectorAll("input[type=checkbox]"));
    var first = boxes.filter(function (box) { return !(box.closest("li") || box.parentElement).hidden; })[0];
    if (first) first.checked = !first.checked;
    input.value = "";
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });

  // Ctrl+Enter (or Cmd+Enter) saves a [data-relais-entry] form from any field.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    var form = event.target.closest("form[data-relais-entry]");
    if (form) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // <input data-relais-pick-first>: Enter picks the first search result instead of submitting.
  document.addEventListener("keydown", function (event) {
    var input = event.target.closest("[data-relais-pick-first]");
    if (!input || event.key !== "Enter" || event.ctrlKey) return;
    event.preventDefault();
    var results = document.querySelector("[data-relais-picker-results]");
    var first = results && results.querySelector("input");
    if (first) {
      first.checked = true;
      first.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  // A picked search result moves to the chosen list, so a new search keeps it.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.closest || !box.closest("[data-relais-picker-results]") || !box.checked) return;
    var chosen = document.getElementById("beneficiary-selected");
    if (!chosen) return;
    if (box.type === "radio") {
      chosen.querySelectorAll("input[type=radio]").forEach(function (other) {
        if (other.value) other.closest("li").remove();
      });
    }
    chosen.appendChild(box.closest("li"));
    var search = document.getElementById("beneficiary-search");
    if (search) search.value = "";
  });

  // stats: the search box of a long select (thousands of places or mediators) narrows its options.
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || "fr") : null;

  // <input data-relais-option-filter="select id">: shown once this script runs; every option stays
  // in memory and the select holds those matching every typed word, plus the empty choice and the
  // selected one (a form sent after a search keeps what was chosen). The count and Enter go by the
  // matches only.
  function setUp(input) {
    var select = document.getElementById(input.getAttribute("data-relais-option-filter"));
    if (!select) return;
    var all = Array.prototype.slice.call(select.options);
    var labels = all.map(function (option) { return plain(option.textContent); });
    var matches = [];
    var status = document.getElementById(input.getAttribute("aria-describedby"));
    input.hidden = false;
    input.addEventListener("input", function () {
      var words = plain(input.value).split(/\s+/).filter(Boolean);
      var chosen = select.value;  // read first: taking options out moves the selection
      var kept = [];
      matches = [];
      all.forEach(function (option, index) {
        var label = labels[index];
        var match = option.value && words.every(function (word) { return label.indexOf(word) !== -1; });
        if (match) matches.push(option);
        if (match || !option.value || option.value === chosen) kept.push(option);
      });
      select.replaceChildren.apply(select, kept);
      select.value = chosen;
      if (status) {
        var one = plural ? plural.select(matches.length) === "one" : matches.length === 1;
        var text = input.getAttribute(one ? "data-relais-count-one" : "data-relais-count-many");
        status.textContent = words.length ? text.replace("{count}", matches.length) : "";
      }
    });
    // The box is not a filter itself: its change must not send the form.
    input.addEventListener("change", function (event) { event.stopPropagation(); });
    // Enter in the box picks the first match instead of sending the form half-filled.
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      if (matches.length && input.value.trim()) {
        select.value = matches[0].value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      select.focus();
    });
  }

  document.querySelectorAll("[data-relais-option-filter]").forEach(setUp);
})();
