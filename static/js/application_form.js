/* The application form: autosave to the server, a local copy in the browser so nothing typed is lost
   (e.g. when the session expired: after logging in again the copy is restored and saved). */
(function () {
  "use strict";
  var form = document.getElementById("app-form");
  if (!form || form.dataset.editable !== "1") return;
  var state = document.getElementById("save-state");
  var note = document.getElementById("restore-note");
  var key = form.dataset.storageKey;
  var url = form.dataset.autosaveUrl;
  var timer = null;
  var saving = false;
  var again = false;
  var T = JSON.parse(document.getElementById("form-messages").textContent);

  function values() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken" || el.name === "next") return;
      out[el.name] = el.type === "checkbox" ? (el.checked ? "on" : "") : el.value;
    });
    return out;
  }

  function fill(data) {
    Object.keys(data).forEach(function (name) {
      var el = form.elements[name];
      if (!el || el.disabled) return;
      if (el.type === "checkbox") el.checked = data[name] === "on";
      else el.value = data[name];
    });
  }

  function keep(dirty) {
    try {
      localStorage.setItem(key, JSON.stringify({values: values(), dirty: dirty, t: Date.now()}));
    } catch (e) { /* private mode: the server copy still works */ }
  }

  function show(text, bad) {
    state.textContent = text;
    state.className = "save-state" + (bad ? " bad" : " good");
  }

  function showErrors(errors) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-error-for]"), function (el) {
      el.textContent = (errors && errors[el.dataset.errorFor]) || "";
    });
  }

  function csrf() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function save() {
    if (saving) { again = true; return; }
    saving = true;
    show(T.saving);
    fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf(), "X-Requested-With": "fetch"},
      body: JSON.stringify(values())
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok && body.ok) {
          keep(false);
          show(T.saved + " " + body.saved_at);
          showErrors(body.errors);
        } else if (response.status === 401 || response.status === 403) {
          keep(true);
          state.innerHTML = "";
          show((body.message || T.expired) + " ", true);
          var link = document.createElement("a");
          link.href = "/accounts/login/?next=" + encodeURIComponent(location.pathname);
          link.textContent = T.login;
          state.appendChild(link);
        } else {
          keep(true);
          show(T.failed + (body.message || T.server) + T.kept, true);
        }
      });
    }).catch(function () {
      keep(true);
      show(T.offline, true);
    }).then(function () {
      saving = false;
      if (again) { again = false; save(); }
    });
  }

  function changed() {
    keep(true);
    show(T.dirty);
    clearTimeout(timer);
    timer = setTimeout(save, 1200);
  }

  // Restore a local copy that never reached the server (e.g. the session had expired).
  try {
    var stored = JSON.parse(localStorage.getItem(key) || "null");
    var serverAt = form.dataset.savedAt ? Date.parse(form.dataset.savedAt) : 0;
    if (stored && stored.dirty && stored.values && !(serverAt && stored.t <= serverAt)) {
      fill(stored.values);
      note.hidden = false;
      note.textContent = T.restored;
      save();
    } else if (form.dataset.savedAt) {
      var at = new Date(form.dataset.savedAt);
      if (!isNaN(at)) show(T.saved + " " + ("0" + at.getHours()).slice(-2) + ":" + ("0" + at.getMinutes()).slice(-2));
    }
  } catch (e) { /* ignore a broken local copy */ }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () { keep(true); clearTimeout(timer); });

  // Uploads: say before sending when a file is over the per-file limit.
  var upload = document.getElementById("upload-form");
  if (upload) {
    var input = upload.querySelector("input[type=file]");
    var warn = document.getElementById("upload-warning");
    var max = parseInt(upload.dataset.maxFile, 10);
    input.addEventListener("change", function () {
      var big = Array.prototype.filter.call(input.files, function (f) { return f.size > max; });
      warn.textContent = big.length ? big.map(function (f) {
        return T.too_big + f.name + "（" + Math.round(max / 1048576) + " MB）";
      }).join(" ") : "";
    });
  }
})();
