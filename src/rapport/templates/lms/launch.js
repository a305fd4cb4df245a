/* The LMS launch page of the SCORM 1.2 package: finds the LMS's API (the standard search of
   parent frames, then the opener), calls LMSInitialize once, and shows the course in a frame.
   The course's pages keep their answers in `RapportLMS.storage` (questions.js looks for it
   in its parent); this page keeps them in cmi.suspend_data, reports the final check as
   cmi.core.score and cmi.core.lesson_status, and calls LMSFinish once when the learner leaves.
   Without an LMS it defines nothing, and the pages keep their answers in the browser. */
(function () {
  "use strict";

  var MAX_SUSPEND = 4096;  // SCORM 1.2: cmi.suspend_data holds at most 4096 characters
  var ANSWERS = "rapport:answers:";
  var PROGRESS = "rapport:progress:";
  var FINAL = "rapport:final";  // and "rapport:final:<module>" in a module's package
  var NAME = "rapport:name";
  var ATTEMPT = "rapport:attempt:";  // the items of a scored final check: sent as interactions, never kept
  var EVALUATION = "rapport:evaluation";  // the reaction form: sent as interactions; its date kept
  var root = window.location.pathname.replace(/[^\/]*$/, "");  // the package's folder on the LMS

  // ------------------------------------------------------------------ the LMS's API
  function searchFrom(win) {
    for (var hops = 0; win && hops < 8; hops++) {
      try { if (win.API) return win.API; } catch (e) { return null; }  // another origin: stop
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  var api = null;
  try { api = searchFrom(window.parent !== window ? window.parent : null) || (window.opener ? searchFrom(window.opener) : null); } catch (e) { api = null; }

  function get(name) {
    try { var v = api.LMSGetValue(name); return v === null || v === undefined ? "" : String(v); } catch (e) { return ""; }
  }
  function set(name, value) {
    try { return String(api.LMSSetValue(name, String(value))) === "true"; } catch (e) { return false; }
  }
  // A save counts only when the LMS says so: LMSCommit answers "true" and LMSGetLastError "0".
  // Otherwise the values stay here and go again with the next step and when the learner leaves.
  var unsaved = false;
  function commit() {
    var ok = false;
    try { ok = String(api.LMSCommit("")) === "true" && String(api.LMSGetLastError()) === "0"; } catch (e) { ok = false; }
    unsaved = !ok;
    return ok;
  }

  // ------------------------------------------------------------------ the store the pages use
  // Keys hold page paths; inside the package they are kept relative to it, so a package
  // moved to another folder by the LMS still finds its answers.
  function local(key) {
    var prefixes = [ANSWERS, PROGRESS];
    for (var i = 0; i < prefixes.length; i++) {
      var p = prefixes[i];
      if (key.indexOf(p + root) === 0) return p + key.slice((p + root).length);
    }
    return key;
  }
  function full(key) {
    if (key.indexOf(ANSWERS) === 0) return ANSWERS + root + key.slice(ANSWERS.length);
    if (key.indexOf(PROGRESS) === 0) return PROGRESS + root + key.slice(PROGRESS.length);
    return key;
  }
  var items = {};
  var own = Object.prototype.hasOwnProperty;
  var storage = {
    getItem: function (key) { key = local(String(key)); return own.call(items, key) ? items[key] : null; },
    setItem: function (key, value) {
      key = local(String(key));
      value = String(value);
      if (own.call(items, key) && items[key] === value) return;  // the same value again (a page restoring): nothing to send
      items[key] = value;
      changed(key);
    },
    removeItem: function (key) {
      key = local(String(key));
      if (own.call(items, key)) { delete items[key]; changed(key); }
    },
    key: function (n) { var keys = Object.keys(items); return n >= 0 && n < keys.length ? full(keys[n]) : null; },
    get length() { return Object.keys(items).length; }
  };

  function parse(text) { try { return JSON.parse(text); } catch (e) { return null; } }

  // What the LMS keeps: the answers (not scenario drafts), each page's progress, the final
  // result and the certificate's name, as compact JSON within 4096 characters.
  function encode() {
    var data = { a: {}, p: {}, f: {} };
    Object.keys(items).sort().forEach(function (key) {
      if (key === NAME) { data.n = items[key].slice(0, 80); return; }
      if (key === EVALUATION) {
        var sent = parse(items[key]);
        if (sent && typeof sent.saved === "string" && /^\d{4}-\d{2}-\d{2}$/.test(sent.saved)) data.e = sent.saved;
        return;
      }
      var value = parse(items[key]);
      if (!value || typeof value !== "object") return;
      if (key.indexOf(FINAL) === 0) {
        data.f[key.slice(FINAL.length)] = [value.right, value.total, value.percent, value.passed ? 1 : 0, value.mark, value.date];
      } else if (key.indexOf(ANSWERS) === 0) {
        var kept = {};
        Object.keys(value).forEach(function (id) { if (Array.isArray(value[id])) kept[id] = value[id]; });
        if (Object.keys(kept).length) data.a[key.slice(ANSWERS.length)] = kept;
      } else if (key.indexOf(PROGRESS) === 0) {
        data.p[key.slice(PROGRESS.length)] = [value.total, value.answered, value.right];
      }
    });
    var text = JSON.stringify(data);
    // Too long: first the home page's progress marks, then the name, then answers, page by page.
    var drop = [["p"], ["n"], ["a"]];
    for (var d = 0; text.length > MAX_SUSPEND && d < drop.length; d++) {
      var part = drop[d][0];
      if (typeof data[part] !== "object") { delete data[part]; text = JSON.stringify(data); continue; }
      var pages = Object.keys(data[part]);
      while (text.length > MAX_SUSPEND && pages.length) {
        delete data[part][pages.pop()];
        text = JSON.stringify(data);
      }
    }
    return text;
  }
  function decode(text) {
    var data = parse(text);
    if (!data || typeof data !== "object") return;
    var a = data.a && typeof data.a === "object" ? data.a : {};
    Object.keys(a).forEach(function (page) { items[ANSWERS + page] = JSON.stringify(a[page]); });
    var p = data.p && typeof data.p === "object" ? data.p : {};
    Object.keys(p).forEach(function (page) {
      var v = p[page];
      if (Array.isArray(v) && v.length === 3) items[PROGRESS + page] = JSON.stringify({ total: v[0], answered: v[1], right: v[2] });
    });
    var finals = data.f && typeof data.f === "object" ? data.f : {};
    Object.keys(finals).forEach(function (which) {
      var f = finals[which];
      if (/^(:[a-z0-9-]+)?$/.test(which) && Array.isArray(f) && f.length === 6) {
        items[FINAL + which] = JSON.stringify({ right: f[0], total: f[1], percent: f[2], passed: f[3] === 1, mark: f[4], date: f[5] });
      }
    });
    if (typeof data.n === "string") items[NAME] = data.n;
    if (typeof data.e === "string" && /^\d{4}-\d{2}-\d{2}$/.test(data.e)) {
      items[EVALUATION] = JSON.stringify({ saved: data.e, answers: {} });
      evaluationSent = data.e;  // what the LMS holds was committed
    }
  }

  // ------------------------------------------------------------------ the session
  var mode = "normal";
  var recording = true;  // false in review or browse mode, or when the LMS gives no credit
  var finished = false;
  var started = Date.now();
  var statusLine = null;

  function say(text) { if (statusLine) statusLine.textContent = text; }

  function finalKey() {
    return Object.keys(items).filter(function (key) { return key.indexOf(FINAL) === 0; })[0] || null;
  }

  // The launch page's words, from the string catalogue in the course's language (data-ui).
  var UI = {};
  function T(key, percent) {
    var text = typeof UI[key] === "string" ? UI[key] : key;
    return text.replace("{percent}", String(percent));
  }

  function finalRecord() {
    var key = finalKey();
    var record = key ? parse(items[key]) : null;
    return record && typeof record.percent === "number" ? record : null;
  }

  function setScore() {  // in the values to send, not sent yet
    var record = finalRecord();
    if (!record || !recording) return;
    set("cmi.core.score.min", "0");
    set("cmi.core.score.max", "100");
    set("cmi.core.score.raw", String(record.percent));
    set("cmi.core.lesson_status", record.passed ? "passed" : "failed");
  }

  function tell() {  // what the learner reads: only what the LMS has confirmed
    if (!api) { say(T("lms_none")); return; }
    if (!recording) { say(T("lms_not_recorded")); return; }
    if (unsaved) { say(T("lms_not_saved")); return; }
    var record = finalRecord();
    say(record ? T(record.passed ? "lms_final_passed" : "lms_final_not_passed", record.percent) + " " + T("lms_saved")
               : T("lms_ready"));
  }

  // One learner action may change several values (an answer, the page's progress, the final
  // check): they are gathered and sent with one commit once the action is over.
  var pending = null;
  var finalChanged = false;
  var attempts = [];
  var evaluations = [];
  var evaluationSent = null;  // the day the LMS took the evaluation (confirmed by a commit, or kept by the LMS)
  var waiting = [];  // the pages' callbacks for the next save: told whether the LMS took it
  function changed(key) {
    if (!api || finished || !recording) return;
    if (key.indexOf(FINAL) === 0) finalChanged = true;
    if (key.indexOf(ATTEMPT) === 0 && own.call(items, key)) attempts.push(items[key]);
    if (key === EVALUATION && own.call(items, key)) evaluations.push(items[key]);
    if (pending === null) pending = setTimeout(flush, 0);
  }
  function flush() {
    pending = null;
    if (!api || finished || !recording) return;
    set("cmi.suspend_data", encode());
    if (finalChanged) setScore();
    finalChanged = false;
    attempts.splice(0).forEach(sendAttempt);
    var sent = evaluations.splice(0);
    sent.forEach(sendEvaluation);
    var ok = commit();
    if (ok && sent.length) {
      var last = parse(sent[sent.length - 1]);
      evaluationSent = last && typeof last.saved === "string" && /^\d{4}-\d{2}-\d{2}$/.test(last.saved) ? last.saved : evaluationSent;
    }
    tell();
    waiting.splice(0).forEach(function (callback) { try { callback(ok); } catch (e) { /* a page gone */ } });
  }
  function whenSaved(callback) {
    if (!api || finished || !recording) { callback(false); return; }
    waiting.push(callback);
    if (pending === null) pending = setTimeout(flush, 0);
  }

  // ------------------------------------------------------------------ per-question data
  // Each scored final check adds one cmi.interactions entry per item (SCORM 1.2: choice
  // responses as letters a, b, … by the author's order; its time and latency from when it was
  // first answered) and keeps one cmi.objectives entry per learning objective, so a training
  // lead sees which items and objectives people miss.
  function identifier(text) { return String(text || "").replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 255) || "item"; }
  function clock(ms) {  // CMITime: the local time of day, HH:MM:SS
    var d = new Date(ms);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(d.getHours()) + ":" + two(d.getMinutes()) + ":" + two(d.getSeconds());
  }
  function count(name) { var n = parseInt(get(name), 10); return isNaN(n) ? 0 : n; }
  function sendAttempt(text) {
    var attempt = parse(text);
    if (!attempt || !Array.isArray(attempt.items)) return;
    var ended = typeof attempt.ended === "number" ? attempt.ended : Date.now();
    var started = typeof attempt.started === "number" ? attempt.started : ended;
    var byObjective = {};
    attempt.items.forEach(function (item) {
      if (!item || typeof item !== "object") return;
      var n = count("cmi.interactions._count");
      var at = "cmi.interactions." + n + ".";
      var response = /^[a-z](,[a-z])*$/.test(item.response || "") ? item.response : "";
      var right = /^[a-z](,[a-z])*$/.test(item.correct || "") ? item.correct : "";
      set(at + "id", identifier(item.id));
      if (item.objective) set(at + "objectives.0.id", identifier(item.objective));
      // The item's own response: when it was first answered, and how long after the form was shown.
      var answered = typeof item.answered === "number" && item.answered >= started && item.answered <= ended ? item.answered : ended;
      set(at + "time", clock(answered));
      set(at + "type", "choice");
      if (right) set(at + "correct_responses.0.pattern", right);
      set(at + "weighting", "1");
      if (response) set(at + "student_response", response);
      set(at + "result", item.result === "correct" ? "correct" : "wrong");
      set(at + "latency", timespan(answered - started));
      if (item.objective) {
        var o = byObjective[item.objective] || (byObjective[item.objective] = { right: 0, total: 0 });
        o.total += 1;
        if (item.result === "correct") o.right += 1;
      }
    });
    // The objectives follow the attempt the lesson's result comes from: a failed retake after a
    // pass (which never undoes it) adds its interactions, and leaves the objectives as they were.
    if (attempt.counts === false) return;
    Object.keys(byObjective).forEach(function (objective) {
      var id = identifier(objective);
      var total = count("cmi.objectives._count");
      var n = total;
      for (var i = 0; i < total; i++) { if (get("cmi.objectives." + i + ".id") === id) { n = i; break; } }
      var o = byObjective[objective];
      set("cmi.objectives." + n + ".id", id);
      set("cmi.objectives." + n + ".score.min", "0");
      set("cmi.objectives." + n + ".score.max", "100");
      set("cmi.objectives." + n + ".score.raw", String(Math.round(100 * o.right / o.total)));
      set("cmi.objectives." + n + ".status", o.right === o.total ? "passed" : "failed");
    });
  }

  // The reaction form: one interaction per answer, likert (1 to 5) or fill-in (at most 255
  // characters, SCORM 1.2's CMIFeedback), result neutral: there is no right answer.
  function sendEvaluation(text) {
    var record = parse(text);
    if (!record || typeof record.answers !== "object" || !record.answers) return;
    var types = record.types && typeof record.types === "object" ? record.types : {};
    Object.keys(record.answers).sort().forEach(function (id) {
      if (!/^[sq][0-9]{1,3}$/.test(id) || typeof record.answers[id] !== "string") return;  // text only
      var value = record.answers[id];
      var likert = types[id] === "likert";
      if (likert && !/^[1-5]$/.test(value)) return;
      var n = count("cmi.interactions._count");
      var at = "cmi.interactions." + n + ".";
      set(at + "id", "evaluation-" + id);
      set(at + "time", clock(Date.now()));
      set(at + "type", likert ? "likert" : "fill-in");
      set(at + "student_response", likert ? value : value.replace(/[\u0000-\u001f]/g, " ").slice(0, 255));
      set(at + "result", "neutral");
    });
  }

  function timespan(ms) {  // SCORM 1.2 CMITimespan: HHHH:MM:SS
    var s = Math.max(0, Math.round(ms / 1000));
    function two(n) { return (n < 10 ? "0" : "") + n; }
    var h = Math.floor(s / 3600);
    return ("000" + h).slice(-4) + ":" + two(Math.floor(s / 60) % 60) + ":" + two(s % 60);
  }

  function finish() {
    if (!api || finished) return;
    if (pending !== null) { clearTimeout(pending); pending = null; }
    if (recording) {  // all that is not saved yet goes now, a refused save included
      set("cmi.suspend_data", encode());
      if (finalChanged || unsaved) setScore();
      set("cmi.core.exit", "suspend");  // keep the answers for the next launch
      set("cmi.core.session_time", timespan(Date.now() - started));
      commit();
    }
    finished = true;
    try { api.LMSFinish(""); } catch (e) { /* the LMS is gone already */ }
  }

  if (api) {
    var ok = false;
    try { ok = String(api.LMSInitialize("")) === "true"; } catch (e) { ok = false; }
    if (ok) {
      mode = get("cmi.core.lesson_mode") || "normal";
      recording = mode === "normal" && get("cmi.core.credit") !== "no-credit";
      decode(get("cmi.suspend_data"));
      var status = get("cmi.core.lesson_status");
      if (recording && (status === "" || status === "not attempted")) {
        set("cmi.core.lesson_status", "incomplete");
        commit();
      }
      window.RapportLMS = { storage: storage, recording: recording, whenSaved: whenSaved,
                            evaluationSent: function () { return evaluationSent; } };
      window.addEventListener("pagehide", finish);
      window.addEventListener("beforeunload", finish);
    } else {
      api = null;
    }
  }

  // ------------------------------------------------------------------ the page
  var PAGE = /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._\/-]*\.html$/;  // a page of this package, as lesson_location keeps it

  function setUp() {
    statusLine = document.getElementById("lms-status");
    UI = parse(statusLine && statusLine.getAttribute("data-ui")) || {};
    var frame = document.getElementById("lms-course");
    tell();
    var resume = api ? get("cmi.core.lesson_location") : "";
    if (PAGE.test(resume)) frame.src = resume;
    frame.addEventListener("load", function () {
      var doc = null;
      try { doc = frame.contentDocument; } catch (e) { doc = null; }
      if (!doc) return;
      document.title = doc.title || document.title;
      // Links to other sites open in a new tab, so the course stays in its frame.
      Array.prototype.forEach.call(doc.querySelectorAll("a[href]"), function (a) {
        if (a.host && a.host !== window.location.host) { a.target = "_blank"; a.rel = "noopener noreferrer"; }
      });
      var path = frame.contentWindow.location.pathname;
      if (api && !finished && recording && path.indexOf(root) === 0 && PAGE.test(path.slice(root.length))) {
        set("cmi.core.lesson_location", path.slice(root.length));
        commit();
        tell();
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
