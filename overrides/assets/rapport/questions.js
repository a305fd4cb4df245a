/* Self-check questions: "Check answer", feedback in a live region, "Try again", and
   answers saved in this browser only (localStorage), with a control to clear them.
   Nothing is sent anywhere. Without this script the answer key still opens. */
(function () {
  "use strict";

  // Our words, in the page's language: the catalogue's `js` strings (src/rapport/data/strings.yml),
  // in the edition's assets/rapport/ui.js, which our plugin writes and the theme loads first.
  // A missing key shows itself rather than English.
  var UI = window.rapportUI || {};
  // The learner's own calendar day (YYYY-MM-DD), not UTC's: a pass at 17:30 on 30 November in
  // Los Angeles is dated 30 November.
  function localDay(d) {
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }

  function T(key, vars) {
    var text = typeof UI[key] === "string" ? UI[key] : key;
    return text.replace(/\{(\w+)\}/g, function (m, name) {
      return vars && Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : m;
    });
  }

  // Where answers are kept: this browser (localStorage); or, inside the LMS package, the
  // launch page's store, which keeps them in the LMS (cmi.suspend_data) and reports the score.
  var inLms = false;
  var recorded = true;  // false when the LMS opened this attempt for review: nothing is recorded
  var storage = (function () {
    try {
      if (window.parent !== window && window.parent.RapportLMS) {
        inLms = true;
        recorded = window.parent.RapportLMS.recording !== false;
        return window.parent.RapportLMS.storage;
      }
    } catch (e) { /* a frame of another site: not our launch page */ }
    try { return window.localStorage; } catch (e) { return null; }
  })();
  // The final check's result, {right, total, percent, passed, mark, date}: kept under the key
  // its page names (data-final), one per module in a library of modules.
  var FINAL = "rapport:final";
  var NAME = "rapport:name";  // the name typed for the certificate
  var ATTEMPT = "rapport:attempt:";  // the items of the last scored attempt, for the LMS only
  var PREFIX = "rapport:answers:";
  var PROGRESS = "rapport:progress:";  // {total, answered, right} per page, for the home page
  var pageKey = PREFIX + window.location.pathname;
  var progressKey = PROGRESS + window.location.pathname;
  var results = {};  // question id -> answered right?

  function saveProgress() {
    var total = document.querySelectorAll(".rq-question").length;
    var ids = Object.keys(results);
    var right = ids.filter(function (id) { return results[id]; }).length;
    try {
      if (ids.length) {
        storage.setItem(progressKey, JSON.stringify({ total: total, answered: ids.length, right: right }));
      } else {
        storage.removeItem(progressKey);
      }
    } catch (e) { /* storage off: no progress kept */ }
  }

  // What is saved is read as untrusted: anything that is not a plain object is dropped.
  function load() {
    var raw = null;
    try { raw = storage.getItem(pageKey); } catch (e) { return {}; }
    if (raw === null) return {};
    try {
      var data = JSON.parse(raw);
      if (data && typeof data === "object" && !Array.isArray(data)) return data;
    } catch (e) { /* not JSON: dropped below */ }
    try { storage.removeItem(pageKey); } catch (e) { /* storage off */ }
    return {};
  }
  function save(store) {
    try { storage.setItem(pageKey, JSON.stringify(store)); } catch (e) { /* storage off: nothing kept */ }
  }
  function clearAll() {
    try {
      var doomed = [];
      for (var i = 0; i < storage.length; i++) {
        var key = storage.key(i);
        if (key && key.indexOf("rapport:") === 0) doomed.push(key);
      }
      doomed.forEach(function (key) { storage.removeItem(key); });
    } catch (e) { /* storage off: nothing to clear */ }
  }
  // Where a question's or scenario's saved answer is kept: its meaning key (data-key), else its id.
  function keyOf(el) { return el.getAttribute("data-key") || el.id; }

  // The one rule for a right answer: exactly the options the key marks right.
  function rightOptions(q) {
    return all(q, ".rq-key-item.rq-right").map(function (li) { return li.getAttribute("data-option"); });
  }
  function isRight(q, values) {
    var right = rightOptions(q);
    return right.length === values.length && values.every(function (v) { return right.indexOf(v) !== -1; });
  }
  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  // Say something through a live region: empty it first so the same words are announced again.
  function announce(region, html) {
    region.innerHTML = "";
    window.setTimeout(function () { region.innerHTML = html; }, 50);
  }

  function setupQuestion(q, store) {
    var inputs = all(q, "input.rq-input");
    var actions = q.querySelector(".rq-actions");
    var check = q.querySelector(".rq-check");
    var retry = q.querySelector(".rq-retry");
    var region = q.querySelector(".rq-feedback");
    actions.hidden = false;

    function chosen() { return inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; }); }
    // Saved answers are kept by what they mean (rapport.markdown.questions.meaning_key): the
    // question's key, and each chosen option's key, never its place on the page.
    var qk = keyOf(q);
    function toKeys(values) {
      return values.map(function (v) {
        var input = inputs.filter(function (i) { return i.value === v; })[0];
        return (input && input.getAttribute("data-key")) || v;
      });
    }
    function toValues(keys) {  // null when an option is gone: the answer no longer fits
      var values = keys.map(function (k) {
        var input = typeof k === "string" ? inputs.filter(function (i) { return i.getAttribute("data-key") === k; })[0] : null;
        return input ? input.value : null;
      });
      return values.indexOf(null) === -1 ? values : null;
    }
    // Found by comparing values, never by building a selector from them.
    function keyItem(value) {
      return all(q, ".rq-key-item").filter(function (li) { return li.getAttribute("data-option") === value; })[0] || null;
    }
    function labelOf(value) {
      var input = inputs.filter(function (i) { return i.value === value; })[0];
      var label = input && input.labels && input.labels[0];
      return label ? label.innerHTML : "";
    }

    // "You chose 1 of the 3 right answers; 2 are still missing. 1 of your choices is not one of them."
    function tally(values, right) {
      var hit = values.filter(function (v) { return right.indexOf(v) !== -1; }).length;
      var extra = values.length - hit;
      var missing = right.length - hit;
      var text = T("tally", { hit: hit, total: right.length });
      text += missing ? T(missing === 1 ? "missing_one" : "missing_many", { n: missing }) : T("none_missing");
      if (extra) text += " " + T(extra === 1 ? "extra_one" : "extra_many", { n: extra });
      return text;
    }

    function show(values, quiet) {
      region.classList.remove("rq-is-right", "rq-is-wrong");
      if (!values.length) {
        announce(region, "<p>" + T("choose_first") + "</p>");
        return;
      }
      var right = rightOptions(q);
      var ok = isRight(q, values);
      var html = '<p class="rq-result"><span class="rq-mark" aria-hidden="true">' + (ok ? "✓" : "✗") +
        "</span><strong>" + T(ok ? "correct" : "not_quite") + "</strong>" +
        (ok ? "" : " " + (right.length > 1 ? tally(values, right) + " " : "") + T("read_feedback")) + "</p>";
      values.forEach(function (v) {
        var item = keyItem(v);
        var text = item ? item.querySelector(".rq-feedback-text") : null;
        // With several right answers, each chosen option says whether it is one of them.
        var said = right.length > 1 || q.getAttribute("data-type") === "multiple"
          ? T(right.indexOf(v) !== -1 ? "chose_right" : "chose_wrong") : T("you_chose");
        html += '<div class="rq-chosen"><p><em>' + said + "</em> " + labelOf(v) + "</p>" + (text ? text.innerHTML : "") + "</div>";
      });
      region.classList.add(ok ? "rq-is-right" : "rq-is-wrong");
      if (quiet) { region.innerHTML = html; } else { announce(region, html); }
      retry.hidden = false;
      store[qk] = toKeys(values);
      save(store);
      results[q.id] = ok;
      saveProgress();
    }

    check.addEventListener("click", function () { show(chosen(), false); });
    retry.addEventListener("click", function () {
      inputs.forEach(function (i) { i.checked = false; });
      region.innerHTML = "";
      region.classList.remove("rq-is-right", "rq-is-wrong");
      retry.hidden = true;
      delete store[qk];
      save(store);
      delete results[q.id];
      saveProgress();
      if (inputs[0]) inputs[0].focus();
    });

    // Restore a saved answer without announcing it; one that no longer fits this question (an
    // option gone, a changed type) is dropped, and the question says so.
    var saved = store[qk];
    var values = Array.isArray(saved) && saved.length > 0 && saved.length <= inputs.length ? toValues(saved) : null;
    var fits = values !== null && (q.getAttribute("data-type") === "multiple" || values.length === 1);
    if (saved !== undefined && !fits) {
      delete store[qk];
      save(store);
      region.innerHTML = '<p class="rq-gone">' + T("answer_gone") + "</p>";
    } else if (fits) {
      inputs.forEach(function (i) { i.checked = values.indexOf(i.value) !== -1; });
      show(values, true);
    }
    return function reset() {
      inputs.forEach(function (i) { i.checked = false; });
      region.innerHTML = "";
      region.classList.remove("rq-is-right", "rq-is-wrong");
      retry.hidden = true;
    };
  }

  function setupScenario(s, store) {
    var box = s.querySelector("textarea.rq-draft-text");
    if (!box) return function () {};
    var sk = keyOf(s);
    if (typeof store[sk] === "string") {
      box.value = store[sk];
    } else if (store[sk] !== undefined) {
      delete store[sk];
      save(store);
    }
    box.addEventListener("input", function () {
      if (box.value) { store[sk] = box.value; } else { delete store[sk]; }
      save(store);
    });
    return function reset() { box.value = ""; };
  }

  // One question that cannot be set up never stops the others.
  function each(selector, setup, store) {
    return all(document, selector).map(function (el) {
      try { return setup(el, store); } catch (e) { return function () {}; }
    });
  }

  function init() {
    // Inside the LMS, words about "this device" give way to words about the LMS.
    if (inLms) all(document, "[data-lms-text]").forEach(function (el) {
      el.textContent = recorded ? el.getAttribute("data-lms-text") : T("not_recorded");
    });
    var store = load();
    var resets = each(".rq-question", setupQuestion, store).concat(each(".rq-scenario", setupScenario, store));
    all(document, ".rq-print-actions").forEach(setupPrinting);
    all(document, ".rp-tip-list li").forEach(showProgress);
    all(document, ".rq-final").forEach(setupFinal);
    all(document, ".rp-verify").forEach(setupVerify);
    all(document, ".rp-eval").forEach(setupEvaluation);
    var certificates = each(".rp-cert-area", setupCertificate, store).concat(each(".rq-prepost", setupPrepost, store));
    all(document, ".rq-storage").forEach(function (box) { setupClearing(box, store, resets.concat(certificates)); });
  }

  // The reaction form (Kirkpatrick level 1): kept on this device as {saved, answers}, or, in an
  // LMS, handed to the launch page, which sends each answer as a SCORM interaction (likert or
  // fill-in) and says whether the LMS took it. What is saved is read back as untrusted.
  var EVALUATION = "rapport:evaluation";
  function setupEvaluation(form) {
    var key = form.getAttribute("data-eval") || EVALUATION;
    var items = all(form, ".rp-eval-item");
    var status = form.querySelector(".rp-eval-status");
    form.querySelector(".rp-eval-nojs").hidden = true;
    form.querySelector(".rp-eval-actions").hidden = false;
    function read() {
      var data = null;
      try { data = JSON.parse(storage.getItem(key)); } catch (e) { data = null; }
      return data && typeof data === "object" && data.answers && typeof data.answers === "object" ? data : null;
    }
    function answers() {
      var out = {};
      items.forEach(function (item) {
        var id = item.getAttribute("data-id");
        if (item.getAttribute("data-type") === "likert") {
          var chosen = item.querySelector("input:checked");
          if (chosen) out[id] = chosen.value;
        } else {
          var text = item.querySelector("textarea").value.trim().slice(0, 250);
          if (text) out[id] = text;
        }
      });
      return out;
    }
    var kept = read();
    if (kept) {
      items.forEach(function (item) {
        var value = kept.answers[item.getAttribute("data-id")];
        if (typeof value !== "string") return;
        if (item.getAttribute("data-type") === "likert") {
          all(item, "input").forEach(function (input) { input.checked = input.value === value; });
        } else {
          item.querySelector("textarea").value = value.slice(0, 250);
        }
      });
      if (!inLms && typeof kept.saved === "string" && /^\d{4}-\d{2}-\d{2}$/.test(kept.saved)) {
        status.textContent = T("eval_saved", { date: kept.saved });
      }
    }
    if (inLms) {  // "sent" only once the LMS has taken it (a commit it confirmed, or what it kept)
      var sentOn = null;
      try { sentOn = window.parent.RapportLMS.evaluationSent ? window.parent.RapportLMS.evaluationSent() : null; } catch (e) { sentOn = null; }
      if (typeof sentOn === "string" && /^\d{4}-\d{2}-\d{2}$/.test(sentOn)) status.textContent = T("eval_sent", { date: sentOn });
    }
    form.querySelector(".rp-eval-save").addEventListener("click", function () {
      var given = answers();
      if (!Object.keys(given).length) {
        announce(status, T("eval_empty"));
        return;
      }
      if (inLms && !recorded) {
        announce(status, T("not_recorded"));
        return;
      }
      var record = { saved: localDay(new Date()), course: form.getAttribute("data-course") || "", answers: given,
                     types: {} };
      items.forEach(function (item) { record.types[item.getAttribute("data-id")] = item.getAttribute("data-type"); });
      var lms = null;
      try { lms = inLms ? window.parent.RapportLMS : null; } catch (e) { lms = null; }
      try {
        storage.setItem(key, JSON.stringify(record));
      } catch (e) {
        announce(status, T("eval_not_sent"));
        return;
      }
      if (lms && typeof lms.whenSaved === "function") {  // only what the LMS has confirmed
        lms.whenSaved(function (ok) { announce(status, T(ok ? "eval_sent" : "eval_not_sent", { date: record.saved })); });
      } else {
        announce(status, T("eval_saved", { date: record.saved }));
      }
    });
  }

  // The final result as saved; anything malformed counts as no result.
  function readFinal(key) {
    var record = null;
    try { record = JSON.parse(storage.getItem(key || FINAL)); } catch (e) { return null; }
    var fits = record && typeof record === "object" && typeof record.percent === "number" &&
      typeof record.right === "number" && typeof record.total === "number" && typeof record.passed === "boolean";
    return fits ? record : null;
  }

  // Before a check is scored: the questions still to answer, by their number on the page
  // ("Answer questions 2 and 5 first."), and the first of them focused. False when none is left.
  // Each question of a check carries its number in its legend (and so in its name).
  function numberQuestions(questions) {
    questions.forEach(function (q, n) {
      var legend = q.querySelector(".rq-legend");
      var mark = legend.querySelector(".rq-number");
      if (!mark) {
        mark = document.createElement("span");
        mark.className = "rq-number";
        legend.insertBefore(mark, legend.firstChild);
      }
      mark.textContent = (n + 1) + ". ";
    });
  }
  function askFirst(questions, region) {
    var numbers = [];
    questions.forEach(function (q, n) {
      var mark = q.querySelector(".rq-missing");
      if (mark) mark.remove();
      if (all(q, "input.rq-input").some(function (i) { return i.checked; })) return;
      numbers.push(n + 1);
      // Said at the question too, where focus goes: the message by the button may be out of sight.
      mark = document.createElement("p");
      mark.className = "rq-missing";
      mark.textContent = T("not_answered");
      q.querySelector(".rq-fieldset").appendChild(mark);
      q.addEventListener("change", function gone() { mark.remove(); q.removeEventListener("change", gone); });
    });
    if (!numbers.length) return false;
    var list = numbers.length === 1 ? String(numbers[0])
      : numbers.slice(0, -1).join(T("list_comma")) + T("list_and") + numbers[numbers.length - 1];
    announce(region, "<p>" + T(numbers.length === 1 ? "answer_one" : "answer_many", { list: list }) + "</p>");
    var first = questions[numbers[0] - 1].querySelector("input.rq-input");
    if (first) first.focus();
    return true;
  }

  // A certificate's code: a checksum of what it says (course, content version, name, date and
  // score), so a supervisor can check a printed certificate on the page <!-- certificate-check -->
  // and see that none of it was changed. It is not a secret: it proves no more than the page does.
  // Two 32-bit FNV-1a hashes of the UTF-8 text, mixed, give 50 bits: ten letters of Crockford's
  // base 32, shown as XXXXX-XXXXX.
  var CODE_LETTERS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  function plainName(name) {
    return String(name || "").normalize("NFC").replace(/\s+/g, " ").trim().toLowerCase();
  }
  function certificateCode(course, version, name, date, right, total) {
    var text = [course, version, plainName(name), date, right + "/" + total].join("\n");
    var bytes = new TextEncoder().encode(text);
    var a = 0x811c9dc5, b = 0x01000193 ^ 0x5bd1e995;
    for (var i = 0; i < bytes.length; i++) {
      a = Math.imul(a ^ bytes[i], 0x01000193) >>> 0;
      b = Math.imul(b ^ bytes[i], 0x5bd1e995) >>> 0;
      b ^= b >>> 15;
    }
    a = Math.imul(a ^ (b >>> 13), 0x85ebca6b) >>> 0;
    b = Math.imul(b ^ (a >>> 16), 0xc2b2ae35) >>> 0;
    var bits = [a, b];
    var out = "";
    for (var n = 0; n < 10; n++) {  // 5 bits each: 25 from each half
      var word = bits[n < 5 ? 0 : 1];
      out += CODE_LETTERS.charAt((word >>> (5 * (n % 5))) & 31);
    }
    return out.slice(0, 5) + "-" + out.slice(5);
  }
  // What a supervisor types: the code in any case, with or without its dash; I, L as 1, O as 0.
  function plainCode(code) {
    return String(code || "").toUpperCase().replace(/[^0-9A-Z]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
  }

  function setupVerify(box) {
    var form = box.querySelector(".rp-verify-form");
    var result = box.querySelector(".rp-verify-result");
    box.querySelector(".rp-verify-nojs").hidden = true;
    form.hidden = false;
    function field(name) { return form.querySelector('[name="' + name + '"]'); }
    form.addEventListener("keydown", function (event) {  // Enter in a field checks, as in a form
      if (event.key === "Enter" && event.target.tagName === "INPUT") { event.preventDefault(); check(); }
    });
    form.querySelector(".rp-verify-check").addEventListener("click", check);
    function check() {
      var f = { name: field("name"), date: field("date"), right: field("right"), total: field("total"),
        version: field("version"), code: field("code"), course: field("course") };
      var right = parseInt(f.right.value, 10), total = parseInt(f.total.value, 10);
      var date = f.date.value, version = f.version.value.trim(), code = plainCode(f.code.value);
      if (!plainName(f.name.value) || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{4}-\d{2}-\d{2}$/.test(version) ||
          !(right >= 0) || !(total >= 1) || right > total || code.length !== 10) {
        announce(result, "<p><strong>" + T("verify_incomplete") + "</strong></p>");
        return;
      }
      var ok = plainCode(certificateCode(f.course.value, version, f.name.value, date, right, total)) === code;
      announce(result, '<p class="rp-verify-' + (ok ? "match" : "no-match") + '"><strong>' + T(ok ? "verify_match" : "verify_no_match") + "</strong></p>");
    }
  }

  // The certificate: shown only after a pass saved on this device, with the typed name.
  function setupCertificate(area) {
    var cert = area.querySelector(".rp-cert");
    var form = area.querySelector(".rp-cert-form");
    var locked = area.querySelector(".rp-cert-locked");
    var input = area.querySelector(".rp-cert-input");
    var nameSlot = cert.querySelector('[data-cert="name"]');
    var blank = nameSlot.innerHTML;
    area.querySelector(".rp-cert-nojs").hidden = true;
    function fill(slot, text) { cert.querySelector('[data-cert="' + slot + '"]').textContent = text; }
    function show() {
      var record = readFinal(area.getAttribute("data-final"));
      var passed = !!(record && record.passed);
      locked.hidden = passed;
      form.hidden = !passed;
      cert.hidden = !passed;
      if (!passed) return;
      var name = input.value.trim();
      if (name) { nameSlot.textContent = name; } else { nameSlot.innerHTML = blank; }
      fill("score", T("score_of", { right: record.right, total: record.total, percent: record.percent }));
      var day = /^\d{4}-\d{2}-\d{2}$/.test(record.date) ? new Date(record.date + "T12:00:00") : null;
      fill("code", name && day ? certificateCode(area.getAttribute("data-course") || "", area.getAttribute("data-version") || "",
        name, record.date, record.right, record.total) : "");
      fill("date", day ? day.toLocaleDateString(document.documentElement.lang || "en",
        { year: "numeric", month: "long", day: "numeric" }) : "");
    }
    try { input.value = storage.getItem(NAME) || ""; } catch (e) { input.value = ""; }
    input.addEventListener("input", function () {
      try {
        if (input.value.trim()) { storage.setItem(NAME, input.value); } else { storage.removeItem(NAME); }
      } catch (e) { /* storage off: the name is used for this print only */ }
      show();
    });
    area.querySelector(".rp-cert-print").addEventListener("click", function () { window.print(); });
    show();
    return function reset() {
      try { input.value = storage.getItem(NAME) || ""; } catch (e) { input.value = ""; }
      show();
    };
  }

  // The final check: one item per objective drawn from the pool for each attempt (another on a
  // retake), its options in a fresh order balanced over the form, scored as a whole against the
  // pass mark. Its keys stay hidden while it counts, and after a fail (a key seen is not
  // evidence): a fail names the objectives to review; a pass shows the answers with feedback.
  // Without JavaScript nothing is asked.
  var FORM = "rapport:form:";  // the items of the last attempt, so a retake draws others
  function setupFinal(box) {
    var mark = parseInt(box.getAttribute("data-pass"), 10) || 80;
    var key = box.getAttribute("data-final") || FINAL;
    var holders = all(box, ".rq-final-item");
    var actions = box.querySelector(".rq-final-actions");
    var result = box.querySelector(".rq-final-result");
    var score = box.querySelector(".rq-final-score");
    var retake = box.querySelector(".rq-final-retake");
    var review = box.querySelector(".rq-final-review");
    var questions = [];  // this attempt's items
    if (!holders.length) return;  // nothing to ask (the checks say why): no score of 0 out of 0
    box.classList.add("rq-final--scored");
    box.querySelector(".rq-final-nojs").hidden = true;

    function random(n) {  // 0 .. n-1
      if (window.crypto && window.crypto.getRandomValues) {
        var a = new Uint32Array(1);
        window.crypto.getRandomValues(a);
        return a[0] % n;
      }
      return Math.floor(Math.random() * n);
    }
    function shuffled(list) {
      var out = list.slice();
      for (var i = out.length - 1; i > 0; i--) { var j = random(i + 1); var t = out[i]; out[i] = out[j]; out[j] = t; }
      return out;
    }
    // What is kept of the forms (rapport:form:<key>): the form being answered, {ids, orders},
    // so a reload shows the same one, and the ids of the last form scored, which a new
    // attempt avoids. Read as untrusted: anything malformed counts as nothing.
    function forms() {
      var data = null;
      try { data = JSON.parse(storage.getItem(FORM + key)); } catch (e) { data = null; }
      var ids = function (list) { return Array.isArray(list) ? list.filter(function (id) { return typeof id === "string"; }) : []; };
      var open = data && typeof data === "object" && data.open && typeof data.open === "object" ? data.open : null;
      return { scored: ids(data && data.scored), open: open ? { ids: ids(open.ids), orders: open.orders && typeof open.orders === "object" ? open.orders : {} } : null };
    }
    function keepForms(kept) {
      try { storage.setItem(FORM + key, JSON.stringify(kept)); } catch (e) { /* storage off: this visit only */ }
    }
    // The options of one question in `order` (option numbers), on the page and in its key.
    function reorder(q, order) {
      var choices = q.querySelector(".rq-choices");
      var list = q.querySelector(".rq-key-list");
      order.forEach(function (v) {
        var input = all(choices, "input.rq-input").filter(function (i) { return i.value === v; })[0];
        if (input) choices.appendChild(input.closest(".rq-choice"));
        var item = list ? all(list, ".rq-key-item").filter(function (li) { return li.getAttribute("data-option") === v; })[0] : null;
        if (item) list.appendChild(item);
      });
    }
    function reset(q) {
      all(q, ".rq-missing").forEach(function (m) { m.remove(); });
      all(q, "input.rq-input").forEach(function (i) { i.checked = false; });
      var fb = q.querySelector(".rq-feedback");
      fb.innerHTML = "";
      fb.classList.remove("rq-is-right", "rq-is-wrong");
      q.querySelector(".rq-actions").hidden = true;
      q.querySelector(".rq-key").hidden = true;
      q.querySelector(".rq-key").open = false;
      q.querySelector(".rq-fieldset").disabled = false;
    }
    // An attempt: the form being answered if one is open (a reload changes nothing), else a
    // new one: per objective, an item not in the last form scored where there is one. Each
    // single-answer item's right option goes to a place drawn from a shuffled deck holding
    // every place equally often: the form is balanced, and no item's place follows from others'.
    function draw(fresh) {
      var kept = forms();
      var open = fresh ? null : kept.open;
      var groups = {};
      var names = [];
      holders.forEach(function (h) {
        var name = h.getAttribute("data-objective") || "";
        if (!groups[name]) { groups[name] = []; names.push(name); }
        groups[name].push(h);
      });
      var idOf = function (h) { return h.querySelector(".rq-question").id; };
      var chosen = names.map(function (name) {
        var again = open ? groups[name].filter(function (h) { return open.ids.indexOf(idOf(h)) !== -1; }) : [];
        if (again.length) return again[0];
        var other = groups[name].filter(function (h) { return kept.scored.indexOf(idOf(h)) === -1; });
        var from = other.length ? other : groups[name];
        return from[random(from.length)];
      });
      holders.forEach(function (h) {
        h.hidden = chosen.indexOf(h) === -1;
        all(h, ".rq-question").forEach(reset);  // nothing of an earlier attempt stays, asked or not
      });
      questions = chosen.map(function (h) { return h.querySelector(".rq-question"); });
      numberQuestions(questions);
      var decks = {};  // number of options -> the places still to deal in this form
      var orders = {};
      questions.forEach(function (q) {
        var values = all(q, "input.rq-input").map(function (i) { return i.value; }).sort(function (a, b) { return a - b; });
        var saved = open && Array.isArray(open.orders[q.id]) ? open.orders[q.id].map(String) : null;
        var order;
        if (saved && saved.length === values.length && values.every(function (v) { return saved.indexOf(v) !== -1; })) {
          order = saved;
        } else if (q.getAttribute("data-shuffle") === "false") {
          order = values;
        } else if (rightOptions(q).length !== 1) {
          order = shuffled(values);
        } else {
          var n = values.length;
          if (!decks[n] || !decks[n].length) decks[n] = shuffled(values.map(function (v, i) { return i; }));
          var at = decks[n].pop();
          order = shuffled(values.filter(function (v) { return v !== rightOptions(q)[0]; }));
          order.splice(at, 0, rightOptions(q)[0]);
        }
        reorder(q, order);
        orders[q.id] = order;
      });
      keepForms({ scored: kept.scored, open: { ids: questions.map(function (q) { return q.id; }), orders: orders } });
      review.hidden = true;
      all(review, "li").forEach(function (li) { li.hidden = true; });
      result.innerHTML = "";
      score.hidden = false;
      retake.hidden = true;
      attemptStarted = Date.now();
      answered = {};
    }
    // When each item was first answered in this attempt: its latency for the LMS.
    var attemptStarted = Date.now();
    var answered = {};
    holders.forEach(function (h) {
      var q = h.querySelector(".rq-question");
      h.addEventListener("change", function () { if (!answered[q.id]) answered[q.id] = Date.now(); });
      var fb = q.querySelector(".rq-feedback");  // shown after a pass, never announced one by one
      fb.removeAttribute("role");
      fb.setAttribute("aria-live", "off");
    });
    actions.hidden = false;
    draw(false);
    var earlier = readFinal(key);  // coming back after a pass: it is said, and it stays
    if (earlier && earlier.passed && /^\d{4}-\d{2}-\d{2}$/.test(earlier.date)) {
      var offer0 = box.getAttribute("data-certificate");
      result.innerHTML = "<p>" + T("passed_before", { right: earlier.right, total: earlier.total,
        date: new Date(earlier.date + "T12:00:00").toLocaleDateString(document.documentElement.lang || "en",
          { year: "numeric", month: "long", day: "numeric" }) }) + "</p>" +
        (offer0 ? '<p><a class="md-button rq-final-certificate" href="' + encodeURI(offer0) + '">' + T("get_certificate") + "</a></p>" : "");
    }
    score.addEventListener("click", function () {
      var right = 0;
      if (askFirst(questions, result)) return;
      questions.forEach(function (q) {
        var chosen = all(q, "input.rq-input").filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
        if (isRight(q, chosen)) right += 1;
      });
      var percent = Math.round(100 * right / questions.length);
      var passed = percent >= mark;
      var missed = [];
      questions.forEach(function (q) {
        var chosen = all(q, "input.rq-input").filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
        var objective = q.closest(".rq-final-item").getAttribute("data-objective") || "";
        if (!isRight(q, chosen) && missed.indexOf(objective) === -1) missed.push(objective);
        if (passed) {
          q.querySelector(".rq-check").click();  // the feedback for each answer, now that it is a pass
          q.querySelector(".rq-key").hidden = false;
        }
        q.querySelector(".rq-actions").hidden = true;
        q.querySelector(".rq-fieldset").disabled = true;  // this form is scored: a retake draws another
      });
      var record = { right: right, total: questions.length, percent: percent, passed: passed, mark: mark,
        date: localDay(new Date()) };
      // Each item of this attempt, for a learning system's record of which items people miss
      // (rapport.outputs.lms: cmi.interactions and cmi.objectives); not kept on the device.
      var letter = function (v) { return String.fromCharCode(96 + (parseInt(v, 10) || 0)); };
      var items = questions.map(function (q) {
        var chosen = all(q, "input.rq-input").filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
        return { id: q.id, objective: q.closest(".rq-final-item").getAttribute("data-objective") || "",
          type: q.getAttribute("data-type") === "multiple" ? "multiple" : "single",
          response: chosen.map(letter).sort().join(","), correct: rightOptions(q).map(letter).sort().join(","),
          result: isRight(q, chosen) ? "correct" : "wrong", answered: answered[q.id] || Date.now() };
      });
      keepForms({ scored: questions.map(function (q) { return q.id; }), open: null });
      if (inLms) {
        try {
          storage.setItem(ATTEMPT + key, JSON.stringify({ items: items, started: attemptStarted, ended: Date.now(),
            counts: passed || !(readFinal(key) || {}).passed }));
        } catch (e) { /* storage off */ }
      }
      var best = readFinal(key);  // a pass is never undone by a later, lower retake
      if (!best || !best.passed || (passed && percent >= best.percent)) {
        try { storage.setItem(key, JSON.stringify(record)); } catch (e) { /* storage off */ }
      }
      all(review, "li").forEach(function (li) { li.hidden = missed.indexOf(li.getAttribute("data-objective")) === -1; });
      review.hidden = passed || !missed.length;
      var offer = box.getAttribute("data-certificate");
      announce(result, '<p class="rq-result"><strong>' + T(passed ? "passed" : "not_passed") + "</strong> " +
        T("score", { right: right, total: questions.length, percent: percent, mark: mark }) +
        " " + T(passed ? "review_hint" : "retake_hint") + "</p>" +
        (passed && offer ? '<p><a class="md-button md-button--primary rq-final-certificate" href="' + encodeURI(offer) +
          '">' + T("get_certificate") + "</a></p>" : ""));
      score.hidden = true;
      retake.hidden = false;
      // The button pressed is gone: focus goes to the result (announced too), not to a button
      // that a held Enter key would press at once.
      result.setAttribute("tabindex", "-1");
      result.focus();
    });
    retake.addEventListener("click", function () {
      try { storage.removeItem(pageKey); } catch (e) { /* off */ }
      draw(true);
      if (questions[0]) questions[0].querySelector("input.rq-input").focus();
    });
  }

  // The knowledge check of a session: a "before" and an "after" round, each kept as its own
  // record ({answers, right, total, date}) that never restores into the other; each total and
  // the change are shown; no feedback or key until "after" is scored (the same questions are
  // asked twice).
  function setupPrepost(box) {
    var key = box.getAttribute("data-keeps") || "rapport:prepost";
    var questions = all(box, ".rq-question");
    var rounds = box.querySelector(".rq-prepost-rounds");
    var buttons = all(box, ".rq-prepost-round");
    var actions = box.querySelector(".rq-prepost-actions");
    var score = box.querySelector(".rq-prepost-score");
    var again = box.querySelector(".rq-prepost-again");
    var result = box.querySelector(".rq-prepost-result");
    box.querySelector(".rq-prepost-nojs").hidden = true;
    rounds.hidden = false;
    actions.hidden = false;
    numberQuestions(questions);
    function records() {
      var data = null;
      try { data = JSON.parse(storage.getItem(key)); } catch (e) { data = null; }
      var out = {};
      ["before", "after"].forEach(function (round) {
        var r = data && typeof data === "object" ? data[round] : null;
        if (r && typeof r === "object" && typeof r.right === "number" && typeof r.total === "number" &&
            r.answers && typeof r.answers === "object") out[round] = r;
      });
      return out;
    }
    function keep(data) {
      try {
        if (data.before || data.after) { storage.setItem(key, JSON.stringify(data)); } else { storage.removeItem(key); }
      } catch (e) { /* storage off: this visit only */ }
    }
    function chosenValues(q) {
      return all(q, "input.rq-input").filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
    }
    function summary(data, round) {
      var parts = [];
      if (data.before) parts.push(T("prepost_before_total", { right: data.before.right, total: data.before.total }));
      if (data.after) parts.push(T("prepost_after_total", { right: data.after.right, total: data.after.total }));
      if (data.before && data.after) {
        var change = data.after.right - data.before.right;
        parts.push(T("prepost_change", { change: (change > 0 ? "+" : change < 0 ? "−" : "") + Math.abs(change) }));
      }
      if (data[round]) parts.push(T(round === "after" ? "prepost_after_hint" : "prepost_before_hint"));
      return parts.length ? "<p>" + parts.join(" ") + "</p>" : "";
    }
    var round = records().before ? "after" : "before";
    function show(quiet) {
      var data = records();
      var mine = data[round];
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-round") === round)); });
      questions.forEach(function (q) {
        all(q, ".rq-missing").forEach(function (m) { m.remove(); });
        var inputs = all(q, "input.rq-input");
        var saved = mine ? mine.answers[keyOf(q)] : null;
        inputs.forEach(function (i) {
          i.checked = Array.isArray(saved) && saved.indexOf(i.getAttribute("data-key")) !== -1;
        });
        var fb = q.querySelector(".rq-feedback");
        fb.innerHTML = "";
        fb.classList.remove("rq-is-right", "rq-is-wrong");
        q.querySelector(".rq-actions").hidden = true;
        q.querySelector(".rq-key").hidden = true;
        q.querySelector(".rq-key").open = false;
        q.querySelector(".rq-fieldset").disabled = !!mine;
        if (mine && round === "after" && chosenValues(q).length) {  // now the feedback: nothing is asked again
          q.querySelector(".rq-check").click();
          q.querySelector(".rq-actions").hidden = true;
          q.querySelector(".rq-key").hidden = false;
        }
      });
      score.hidden = !!mine;
      again.hidden = !mine;
      var text = summary(data, round);
      if (quiet) { result.innerHTML = text; } else { announce(result, text); }
    }
    buttons.forEach(function (b) {
      b.addEventListener("click", function () { round = b.getAttribute("data-round"); show(true); });
    });
    score.addEventListener("click", function () {
      if (askFirst(questions, result)) return;
      var answers = {};
      var right = 0;
      questions.forEach(function (q) {
        var values = chosenValues(q);
        answers[keyOf(q)] = all(q, "input.rq-input").filter(function (i) { return i.checked; })
          .map(function (i) { return i.getAttribute("data-key") || i.value; });
        if (isRight(q, values)) right += 1;
      });
      var data = records();
      data[round] = { answers: answers, right: right, total: questions.length, date: localDay(new Date()) };
      keep(data);
      show(false);
      again.focus();  // the button pressed is gone; the totals are announced
    });
    again.addEventListener("click", function () {
      var data = records();
      delete data[round];
      keep(data);
      try { storage.removeItem(pageKey); } catch (e) { /* off */ }
      show(false);
      if (questions[0]) questions[0].querySelector("input.rq-input").focus();
    });
    show(true);
    return function reset() { show(true); };
  }

  // The home page: each tip as not started, in progress or done, from what this device saved.
  var STATES = {
    "not-started": ["○", T("not_started")],
    "in-progress": ["◐", T("in_progress")],
    "some-wrong": ["◑", T("some_wrong")],
    "done": ["✓", T("done")]
  };
  function showProgress(item) {
    var link = item.querySelector("a[href]");
    if (!link) return;
    var record = null;
    try { record = JSON.parse(storage.getItem(PROGRESS + new URL(link.href).pathname)); } catch (e) { record = null; }
    var fits = record && typeof record === "object" && record.total > 0 && record.answered >= 0;
    var state = !fits || !record.answered ? "not-started"
      : record.right >= record.total ? "done" : record.answered >= record.total ? "some-wrong" : "in-progress";
    var badge = document.createElement("span");
    badge.className = "rp-progress rp-progress--" + state;
    badge.innerHTML = '<span class="rp-progress-icon" aria-hidden="true">' + STATES[state][0] + "</span> " + STATES[state][1];
    item.insertBefore(badge, item.firstChild);
  }

  // "Print without answers": the handout without its Answers section, this once.
  function setupPrinting(box) {
    box.hidden = false;
    var root = document.documentElement;
    box.querySelector(".rq-print-plain").addEventListener("click", function () {
      root.classList.add("rq-print-no-answers");
      window.print();
    });
    window.addEventListener("afterprint", function () { root.classList.remove("rq-print-no-answers"); });
  }

  // "Clear my answers": this page or every page, confirmed in the page, announced when done.
  function setupClearing(box, store, resets) {
    box.hidden = false;
    var status = box.querySelector(".rq-clear-status");
    var confirmBox = box.querySelector(".rq-confirm");
    var question = box.querySelector(".rq-confirm-text");
    var scope = null;
    var words = { page: T("scope_page"), all: T("scope_all") };
    all(box, "[data-clear]").forEach(function (button) {
      button.addEventListener("click", function () {
        scope = button.getAttribute("data-clear");
        // Says what goes: answers, progress, and where they are kept, the result and the certificate.
        var what = scope === "all" ? "confirm_all" : (document.querySelector("[data-keeps]") ? "confirm_page_result" : "confirm_page");
        question.textContent = T(what) + (inLms ? " " + T("lms_keeps") : "");
        confirmBox.hidden = false;
        box.querySelector(".rq-confirm-yes").focus();
      });
    });
    box.querySelector(".rq-confirm-yes").addEventListener("click", function () {
      if (scope === "all") {
        clearAll();
      } else {
        try {
          storage.removeItem(pageKey);
          storage.removeItem(progressKey);
          // what this page keeps apart from its answers: the final result, the certificate's name
          all(document, "[data-keeps]").forEach(function (el) { storage.removeItem(el.getAttribute("data-keeps")); });
        } catch (e) { /* off */ }
      }
      Object.keys(results).forEach(function (k) { delete results[k]; });
      Object.keys(store).forEach(function (k) { delete store[k]; });
      resets.forEach(function (reset) { reset(); });
      confirmBox.hidden = true;
      announce(status, T("cleared", { scope: words[scope] }));
    });
    box.querySelector(".rq-confirm-no").addEventListener("click", function () {
      confirmBox.hidden = true;
      announce(status, T("nothing_cleared"));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
