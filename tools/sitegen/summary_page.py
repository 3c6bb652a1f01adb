"""The Model summary page's first example, summarized at build time (on_page_content in
hooks.py): the page (and embed/summary/) opens on the MNIST example's results, visible at
first paint and without JavaScript, before Python has started in the browser. The answer is
written beside them (<script id="summary-built">): while the editor holds the example,
web/summary.js shows it as the summary once Python runs, without waiting for Python's own
(which was 20-40% of the page's time to ready, issue #13; Python makes it in its worker
after, for the rows' details); any other text it summarizes in Python. The markup here is
the markup its render() writes, so nothing moves.

The example's code is read from web/summary.js (EXAMPLES.mnist), so there is one copy of it.
"""

import html
import json
import os
import re

from tools.sitegen.paths import WEB

RESULTS = re.compile(r'(<div class="summary-results" id="summary-results") hidden>(.*?)(<div class="summary-table" id="summary-table">)(</div>)', re.S)
SOURCE = "the MNIST convnet example"


def example_text(name="mnist"):
    with open(os.path.join(WEB, "summary.js"), encoding="utf-8") as f:
        source = f.read()
    # The array ends at the "]" that closes its last string's line ("...",\n or "...")\n).
    match = re.search(r'\b%s: \[(.*?")\s*\](?=,?\s*\n)' % name, source, re.S)
    if match is None:
        raise RuntimeError("web/summary.js has no EXAMPLES.%s to pre-render" % name)
    return "\n".join(json.loads("[" + match.group(1) + "]")) + "\n"


def esc(text):
    return html.escape(str(text), quote=True)


def el(tag, text="", cls="", attrs=""):
    return "<%s%s%s>%s</%s>" % (tag, ' class="%s"' % cls if cls else "", attrs, text, tag)


def fixed(value, digits):
    return "%.*f" % (digits, value)


def rows_html(rows, root, counter):
    out = []
    for row in rows:
        ident = "summary-detail-pre-%d" % next(counter)
        button = ('<button class="summary-expand" type="button" aria-expanded="false" aria-controls="%s">%s</button>'
                  % (ident, el("span", esc(row["name"]), "summary-expand-name")))
        name = el("th", button, attrs=' scope="row"')
        cls = (el("a", esc(row["class_name"]), attrs=' href="%slayers/%s/"' % (root, esc(row["slug"])))
               if row.get("slug") else esc(row["class_name"]))
        cells = [name, el("td", cls), el("td", el("code", esc(row["output_shape"]))),
                 el("td", esc(row["params_text"]), "summary-number"), el("td", "yes" if row["trainable"] else "no"),
                 el("td", esc(", ".join(row["connected_to"]) or "—"), "summary-connected")]
        out.append(el("tr", "".join(cells), "" if row["known"] else "summary-unknown"))
        out.append('<tr class="summary-detail" id="%s" hidden><td colspan="6"></td></tr>' % ident)
    return "".join(out)


def table_html(r, root):
    from web.summaryview import rows_of  # as hooks.py imports summaryview: at the page that needs it

    head = "".join(el("th", h, attrs=' scope="col"') for h in
                   ("Layer", "Class", "Output shape", "Params", "Trainable", "Connected to"))
    counter = iter(range(1 << 30))
    return el("table", el("caption", esc("Layers of " + r["model_name"])) + el("thead", el("tr", head)) +
              el("tbody", rows_html(rows_of(r), root, counter)), "summary-layers")


def fill(results_html, r, root):
    """The results <div>'s inner markup with the answer r written in (as render() does)."""
    def sub(pattern, repl, text):
        new, n = re.subn(pattern, lambda m: repl(m), text, count=1, flags=re.S)
        if n != 1:
            raise RuntimeError("docs/summary.md: %s not found in the results" % pattern)
        return new
    text = results_html
    text = sub(r'(<strong id="summary-model-name">)(</strong>)',
               lambda m: m.group(1) + esc("%s (%s)" % (r["model_name"], r["class_name"])) + m.group(2), text)
    text = sub(r'(<span id="summary-source-name">)(</span>)', lambda m: m.group(1) + esc(SOURCE) + m.group(2), text)
    for name in ("trainable_params", "non_trainable_params", "total_params"):
        shown = r[name.replace("_params", "_text")]
        text = sub(r'(<output name="%s" id="[^"]*" data-value=")("></output>)' % name,
                   lambda m: m.group(1) + esc(r[name]) + '">' + esc(shown) + "</output>", text)
    if r["partial"] or r["not_followed"]:
        raise RuntimeError("the pre-rendered example must be a complete summary")
    notes = "".join(el("p", esc(title), "summary-notes-title") + el("ul", "".join(el("li", esc(t)) for t in items))
                    for title, items in (("Not followed (the totals may be partial)", r["not_followed"]),
                                         ("Skipped: these lines do not build the model", r["skipped"])) if items)
    text = sub(r'(<div class="summary-notes" id="summary-notes") hidden>(</div>)',
               lambda m: m.group(1) + (">" + notes if notes else " hidden>") + m.group(2), text)
    memory = "".join(el("div", el("dt", esc(m["label"])) + el("dd", esc(m["text"]) + (
        el("small", esc(" " + m["what"] + "."), "summary-note") if m.get("what") else "")))
        for m in r["memory"] + [r["training"]])
    text = sub(r'(<dl class="summary-memory" id="summary-memory">)(</dl>)', lambda m: m.group(1) + memory + m.group(2), text)
    chart = "".join(el("li", el("span", el("span", esc(b["name"]), "summary-bar-name") + (
        el("span", esc(" " + b["class_name"]), "summary-bar-class") if b.get("class_name") else "") +
        el("span", esc(" %s (%s%%)" % (b["params_text"], fixed(b["percent"], 1))), "summary-bar-value"), "summary-bar-label") +
        el("span", el("span", "", "summary-bar", ' style="width: %s%%;"' % fixed(max(b["percent"], 0.5), 2)),
           "summary-bar-track", ' aria-hidden="true"')) for b in r["chart"])
    text = sub(r'(<ol class="summary-chart" id="summary-chart">)(</ol>)', lambda m: m.group(1) + chart + m.group(2), text)
    return text


def prerender(page_html, depth, summarize):
    """The page with the first example's results filled in and shown; `depth` is how many
    folders the page is below the site root; summarize(text) -> calc's answer (a dict)."""
    match = RESULTS.search(page_html)
    if match is None:
        return page_html
    text = example_text()
    r = summarize(text)
    if not r.get("ok"):
        raise RuntimeError("the MNIST example does not summarize: %s" % r.get("error"))
    root = "../" * depth
    # The answer itself too: while the editor holds this text, summary.js shows it as the
    # summary and does not ask Python again (JSON as data: "<" escaped, no "</script>" inside).
    answer = json.dumps({"text": text, "answer": r}, separators=(",", ":")).replace("<", "\\u003c")
    new = (match.group(1) + ' data-example="mnist">' + fill(match.group(2), r, root) + match.group(3) +
           table_html(r, root) + match.group(4) +
           '<script type="application/json" id="summary-built">' + answer + "</script>")
    return page_html[:match.start()] + new + page_html[match.end():]
