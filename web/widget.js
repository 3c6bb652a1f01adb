// Binds every <form class="calc-widget"> on the page to the Python calculator.
// No per-layer code: field names are the Keras argument names, read from the form.
// All text is written with textContent.
(function () {
  "use strict";
  var compute = null;

  function widgets() {
    return Array.prototype.slice.call(document.querySelectorAll("form.calc-widget"));
  }

  function controls(form) {
    return Array.prototype.slice.call(form.querySelectorAll("input[name], select[name]"));
  }

  function readField(el) {
    if (el.type === "checkbox") return el.checked ? "true" : "false";
    return el.value;
  }

  function writeField(el, text) {
    if (el.type === "checkbox") {
      el.checked = /^(true|yes|on|1)$/i.test(String(text).trim());
    } else if (el.tagName === "SELECT") {
      var want = String(text).trim().toLowerCase();
      for (var i = 0; i < el.options.length; i++) {
        if (el.options[i].value.toLowerCase() === want) { el.selectedIndex = i; return; }
      }
      // Keep what was asked for, so calc can explain why it is not allowed.
      var opt = document.createElement("option");
      opt.value = text;
      opt.textContent = text;
      el.appendChild(opt);
      el.value = text;
    } else {
      el.value = text;
    }
  }

  function fields(form) {
    var out = {};
    controls(form).forEach(function (el) { out[el.name] = readField(el); });
    return out;
  }

  function setText(form, selector, text) {
    var el = form.querySelector(selector);
    if (el) el.textContent = text;
    return el;
  }

  function setOutput(form, name, text, raw) {
    var el = form.querySelector('output[name="' + name + '"]');
    if (!el) return;
    el.textContent = text;
    el.setAttribute("data-value", raw);
  }

  function render(form, r) {
    var alert = form.querySelector(".calc-alert");
    controls(form).forEach(function (el) { el.removeAttribute("aria-invalid"); });
    if (!r.ok) {
      form.setAttribute("data-state", "error");
      alert.textContent = r.error;
      alert.hidden = false;
      (r.fields || []).forEach(function (name) {
        var el = form.querySelector('[name="' + name + '"]');
        if (el && el.tagName !== "OUTPUT") {
          el.setAttribute("aria-invalid", "true");
          el.setAttribute("aria-errormessage", alert.id);
        }
      });
      return;
    }
    alert.textContent = "";
    alert.hidden = true;
    setOutput(form, "trainable_params", r.trainable_text, r.trainable_params);
    setOutput(form, "non_trainable_params", r.non_trainable_text, r.non_trainable_params);
    setOutput(form, "total_params", r.total_text, r.total_params);
    setText(form, 'output[name="output_shape"]', r.output_shape);
    var tbody = form.querySelector(".calc-weights tbody");
    if (tbody) {
      tbody.textContent = "";
      r.weights.forEach(function (w) {
        var tr = document.createElement("tr");
        w.forEach(function (cell, i) {
          var td = document.createElement("td");
          if (i < 2) {
            var code = document.createElement("code");
            code.textContent = cell;
            td.appendChild(code);
          } else {
            td.textContent = cell;
          }
          tr.appendChild(td);
        });
        tbody.appendChild(tr);
      });
      var empty = form.querySelector(".calc-no-weights");
      if (empty) empty.hidden = r.weights.length > 0;
      form.querySelector(".calc-weights").hidden = r.weights.length === 0;
    }
    var steps = form.querySelector(".calc-steps");
    if (steps) {
      steps.textContent = "";
      r.steps.forEach(function (s) {
        var li = document.createElement("li");
        var code = document.createElement("code");
        code.textContent = s;
        li.appendChild(code);
        steps.appendChild(li);
      });
    }
    form.setAttribute("data-state", "ready");
  }

  // A failure inside one widget (a bug, a runtime error) is shown in that widget's alert and
  // never stops the others: every widget is updated and bound on its own.
  function update(form) {
    if (!compute) return;
    var r;
    try {
      r = JSON.parse(compute(form.getAttribute("data-layer"), JSON.stringify(fields(form))));
    } catch (err) {
      r = {ok: false, fields: [], error: "The calculator failed on this input (" +
           String(err && err.message || err).split("\n")[0].slice(0, 200) + "). Your fields are kept."};
    }
    render(form, r);
  }

  // URL contract: query parameters named like the fields fill the form on load...
  function fillFromURL() {
    var params = new URLSearchParams(window.location.search);
    widgets().forEach(function (form) {
      controls(form).forEach(function (el) {
        if (params.has(el.name)) writeField(el, params.get(el.name));
      });
    });
  }

  // ...and every change is written back with replaceState, so a link shares the state.
  function writeURL(form) {
    var params = new URLSearchParams(window.location.search);
    controls(form).forEach(function (el) {
      var value = readField(el);
      var initial = el.getAttribute("data-default");
      if (value === initial && !el.hasAttribute("data-counts")) params.delete(el.name);
      else params.set(el.name, value);
    });
    var query = params.toString().replace(/%2C/gi, ",").replace(/%3B/gi, ";");
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  }

  function bind(form) {
    var status = form.querySelector(".calc-status");
    if (status) status.textContent = "Live: the answer updates as you type.";
    form.addEventListener("input", function () { update(form); writeURL(form); });
    form.addEventListener("change", function () { update(form); writeURL(form); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    update(form);
  }

  window.kerasCalcRegister = function (fn) {
    compute = fn;
    widgets().forEach(function (form) {
      try { bind(form); } catch (err) { if (window.console) console.error(err); }
    });
  };

  // Copy buttons (<button data-copy="#selector">) put the text of the <code> inside the
  // element they name on the clipboard, and say so in a polite live region.
  function bindCopyButtons() {
    Array.prototype.slice.call(document.querySelectorAll("button[data-copy]")).forEach(function (btn) {
      btn.addEventListener("click", function () {
        var source = document.querySelector(btn.getAttribute("data-copy") + " code");
        var status = document.getElementById(btn.getAttribute("aria-describedby"));
        if (!source || !navigator.clipboard) return;
        navigator.clipboard.writeText(source.textContent).then(function () {
          if (status) status.textContent = "Copied to the clipboard.";
        }, function () {
          if (status) status.textContent = "Could not copy: select the code and copy it by hand.";
        });
      });
    });
  }

  function onLoad() {
    fillFromURL();
    bindCopyButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }
})();
