/* The expert's score sheet (templates/reviews/sheet.html): each change is saved as it is made, one save at a
   time in the order typed. Each request carries only the field that changed and the value the page loaded
   for it ("base-<name>"); the server answers 409 with the stored text when the sheet was submitted meanwhile
   or the field was saved elsewhere, and the page then shows the stored text (and keeps what was typed). */
(function () {
  "use strict";
  var form = document.getElementById("sheet");
  var messagesEl = document.getElementById("sheet-messages");
  if (!form || !messagesEl) return;
  var T = JSON.parse(messagesEl.textContent);
  var url = form.dataset.autosave;
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var status = document.getElementById("autosave-status");
  var scored = document.getElementById("scored");
  var chain = Promise.resolve();
  window.rvPending = 0;

  function selects() { return form.querySelectorAll("select[name^='pct-']"); }

  var scoredBar = document.getElementById("scored-bar");

  function countScored() {
    if (!scored) return;
    var n = 0;
    selects().forEach(function (s) { if (s.value !== "") n += 1; });
    scored.textContent = n + " / " + selects().length;
    if (scoredBar) { scoredBar.value = n; scoredBar.textContent = scored.textContent; }
  }

  function base(name) { return form.elements["base-" + name]; }

  function say(text, error) {
    status.className = error ? "rv-error" : "rv-saved";
    status.textContent = text;
  }

  function keep(name, typed) {
    // What was typed but not saved stays visible next to the field, so nothing is lost.
    var el = form.elements[name];
    if (!el || typed === "" || el.tagName !== "TEXTAREA") return;
    var note = el.parentNode.querySelector(".rv-conflict[data-for='" + name + "']");
    if (!note) {
      note = document.createElement("div");
      note.className = "warning rv-conflict";
      note.dataset.for = name;
      el.parentNode.appendChild(note);
    }
    note.textContent = "";
    var b = document.createElement("b");
    b.textContent = T.kept;
    note.appendChild(b);
    note.appendChild(document.createTextNode(typed));
  }

  function showStored(stored, sent, submitted) {
    Object.keys(stored).forEach(function (name) {
      var el = form.elements[name];
      if (!el) return;
      if (sent && sent[name] !== undefined) keep(name, sent[name]);
      el.value = stored[name];
      if (base(name)) base(name).value = stored[name];
    });
    if (submitted) {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.tagName === "SELECT" || el.tagName === "TEXTAREA" || el.tagName === "BUTTON") el.disabled = true;
      });
    }
    countScored();
  }

  function send(fields, box) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    body.append("code", box ? box.dataset.code : "opinion");
    Object.keys(fields).forEach(function (name) {
      body.append(name, fields[name]);
      if (base(name)) body.append("base-" + name, base(name).value);
    });
    return body;
  }

  function save(fields, box) {
    window.rvPending += 1;
    say(T.saving, false);
    chain = chain.then(function () {
      // The body is built when this save's turn comes, so it carries the base the previous save left.
      return fetch(url, {method: "POST", body: send(fields, box), credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (!data.ok) {
            say(data.error, true);
            if (data.stored) showStored(data.stored, fields, data.submitted);
            return;
          }
          Object.keys(data.values || {}).forEach(function (name) { if (base(name)) base(name).value = data.values[name]; });
          if (box) {
            box.querySelector(".points").textContent = data.points || "—";
            box.classList.toggle("done", data.points !== "");
            box.classList.toggle("todo", data.points === "");
          }
          var total = document.getElementById("total");
          if (total) total.textContent = data.total;
          say(T.saved + " · " + T.saved_at + " " + data.saved_at, false);
        })
        .catch(function () { say(T.failed, true); })
        .finally(function () { window.rvPending -= 1; });
    });
    return chain;
  }

  countScored();
  form.querySelectorAll(".rv-item").forEach(function (box) {
    box.querySelectorAll("select, textarea").forEach(function (el) {
      el.addEventListener("change", function () {
        var fields = {};
        fields[el.name] = el.value;
        countScored();
        save(fields, box);
      });
    });
  });
  var opinion = document.getElementById("opinion");
  if (opinion) {
    opinion.addEventListener("change", function () { save({opinion: opinion.value}, null); });
  }
})();
