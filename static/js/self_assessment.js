/* The 自评报告 editor: a live character count per section and in total, autosave per section with the version it
   was typed on, a local copy in the browser so nothing typed is lost (an expired session: after logging in again
   the copy is restored and saved), and a stale tab told of newer text without losing its own (both texts shown). */
(function () {
  "use strict";
  var form = document.getElementById("sa-form");
  if (!form) return;
  var T = JSON.parse(document.getElementById("sa-messages").textContent);
  var areas = Array.prototype.slice.call(document.querySelectorAll("textarea[data-key]"));
  var state = document.getElementById("save-state");
  var note = document.getElementById("restore-note");
  var totalN = document.getElementById("sa-total-n");
  var totalP = document.getElementById("sa-total");
  var warning = document.getElementById("sa-warning");
  var limit = parseInt(form.dataset.limit, 10) || 0;
  var editable = form.dataset.editable === "1";
  var key = form.dataset.storageKey;
  var url = form.dataset.autosaveUrl;
  var dirty = {};
  var timer = null, saving = false, again = false;

  // The same count as awards.domain.self_assessment.count: characters without white space.
  function count(text) { return Array.from(text.replace(/\s+/g, "")).length; }

  function area(k) { return document.getElementById("t-" + k); }

  function recount() {
    var total = 0;
    areas.forEach(function (a) {
      var n = count(a.value);
      total += n;
      var out = document.querySelector('[data-count-for="' + a.dataset.key + '"]');
      if (out) out.textContent = out.textContent.replace(/\d+/, String(n));
    });
    totalN.textContent = String(total);
    totalP.classList.toggle("over", limit > 0 && total > limit);
    if (limit > 0 && total > limit) warning.textContent = T.over + " " + (total - limit) + " " + T.chars + "。";
    else if (!warning.dataset.server) warning.textContent = "";
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(key) || "null") || {sections: {}}; } catch (e) { return {sections: {}}; }
  }

  function keep() {
    try {
      var data = {sections: {}, t: Date.now()};
      areas.forEach(function (a) {
        data.sections[a.dataset.key] = {text: a.value, version: parseInt(a.dataset.version, 10) || 0,
                                        dirty: !!dirty[a.dataset.key]};
      });
      var old = load();
      data.stale = old.stale || {};
      localStorage.setItem(key, JSON.stringify(data));
    } catch (e) { /* private mode: the server copy still works */ }
  }

  function keepStale(k, text) {
    try {
      var data = load();
      data.stale = data.stale || {};
      data.stale[k] = text;
      localStorage.setItem(key, JSON.stringify(data));
    } catch (e) { /* ignore */ }
  }

  function show(text, bad) {
    state.textContent = text;
    state.className = "save-state" + (bad ? " bad" : " good");
  }

  function csrf() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setVersion(k, v) {
    var a = area(k);
    if (a) a.dataset.version = String(v);
    var hidden = document.querySelector('[data-version-for="' + k + '"]');
    if (hidden) hidden.value = String(v);
  }

  function showConflict(c) {
    var box = document.querySelector('[data-conflict-for="' + c.key + '"]');
    var a = area(c.key);
    if (!box || !a) return;
    var mine = box.querySelector("[data-conflict-text]");
    // Never drop characters: what this page typed joins what was already kept here from an earlier conflict.
    mine.value = mine.value && mine.value !== c.yours ? mine.value + "\n\n" + c.yours : c.yours;
    box.querySelector("[data-conflict-note]").textContent = T.conflict;
    box.hidden = false;
    keepStale(c.key, mine.value);
    a.value = c.theirs;
    setVersion(c.key, c.version);
    delete dirty[c.key];
  }

  function login() {
    state.innerHTML = "";
    show(T.expired + " ", true);
    var link = document.createElement("a");
    link.href = "/accounts/login/?next=" + encodeURIComponent(location.pathname);
    link.textContent = T.login;
    state.appendChild(link);
  }

  function save() {
    var keys = Object.keys(dirty);
    if (!keys.length) return;
    if (saving) { again = true; return; }
    saving = true;
    var sent = {};
    keys.forEach(function (k) {
      var a = area(k);
      sent[k] = {text: a.value, version: parseInt(a.dataset.version, 10) || 0};
    });
    show(T.saving);
    fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf(), "X-Requested-With": "fetch"},
      body: JSON.stringify({sections: sent})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if ((response.ok || response.status === 409) && body.versions) {
          Object.keys(body.versions).forEach(function (k) {
            setVersion(k, body.versions[k]);
            if (sent[k] && area(k).value === sent[k].text) delete dirty[k];
          });
          (body.conflicts || []).forEach(showConflict);
          warning.dataset.server = body.warning ? "1" : "";
          if (body.warning) warning.textContent = body.warning;
          keep();
          recount();
          show(T.saved + " " + body.saved_at, !!(body.conflicts && body.conflicts.length));
        } else if (response.status === 401 || response.status === 403) {
          keep();
          login();
        } else {
          keep();
          show(T.failed + (body.message || T.server) + T.kept, true);
        }
      });
    }).catch(function () {
      keep();
      show(T.offline, true);
    }).then(function () {
      saving = false;
      if (again) { again = false; save(); }
    });
  }

  function changed(event) {
    var k = event.target.dataset.key;
    if (!k) return;
    dirty[k] = true;
    keep();
    recount();
    show(T.dirty);
    clearTimeout(timer);
    timer = setTimeout(save, 1000);
  }

  if (editable) {
    // Restore what never reached the server. The same version: put it back and save. A newer version on the
    // server (another tab saved since): keep the server's text and show the local one beside it.
    var stored = load();
    var restored = false;
    Object.keys(stored.sections || {}).forEach(function (k) {
      var s = stored.sections[k], a = area(k);
      if (!a || !s.dirty || s.text === a.value) return;
      var v = parseInt(a.dataset.version, 10) || 0;
      if (s.version === v) {
        a.value = s.text;
        dirty[k] = true;
        restored = true;
      } else {
        showConflict({key: k, yours: s.text, theirs: a.value, version: v});
      }
    });
    Object.keys(stored.stale || {}).forEach(function (k) {
      var box = document.querySelector('[data-conflict-for="' + k + '"]');
      if (!box || !stored.stale[k]) return;
      var mine = box.querySelector("[data-conflict-text]");
      if (mine.value.indexOf(stored.stale[k]) === -1) mine.value = stored.stale[k];
      box.querySelector("[data-conflict-note]").textContent = T.conflict;
      box.hidden = false;
    });
    if (restored) {
      note.hidden = false;
      note.textContent = T.restored;
      save();
    }
    keep();
    Array.prototype.forEach.call(document.querySelectorAll("[data-conflict-clear]"), function (button) {
      button.addEventListener("click", function () {
        var k = button.dataset.conflictClear;
        var box = document.querySelector('[data-conflict-for="' + k + '"]');
        box.hidden = true;
        box.querySelector("[data-conflict-text]").value = "";
        try {
          var data = load();
          if (data.stale) delete data.stale[k];
          localStorage.setItem(key, JSON.stringify(data));
        } catch (e) { /* ignore */ }
      });
    });
    form.addEventListener("submit", function () { keep(); clearTimeout(timer); });
    areas.forEach(function (a) { a.addEventListener("input", changed); });
    window.addEventListener("beforeunload", function () { keep(); });
  }
  recount();
})();
