"""The <!-- calc-widget LAYER field=value ... --> macro of hand-written pages: a calculator there."""
import re

from tools.sitegen import widget

WIDGET_MACRO = re.compile(r"<!--\s*calc-widget\s+(\w+)((?:\s+\w+=\S*)*)\s*-->")


def expand(markdown, page, catalogue, calcview):
    count = [0]

    def one(match):
        entry = catalogue.find(match.group(1))
        fields = calcview.default_fields(entry)
        for item in match.group(2).split():
            name, _, value = item.partition("=")
            if name not in fields:
                raise RuntimeError("%s: calc-widget %s has no field %r" % (page.file.src_path, entry.name, name))
            fields[name] = value
        answer = calcview.evaluate(entry.name, fields)
        if not answer.get("ok"):
            raise RuntimeError("%s: calc-widget %s: %s" % (page.file.src_path, entry.name, answer.get("error")))
        count[0] += 1
        return widget.render(entry, fields, answer, index=count[0], url_state=False)

    markdown = WIDGET_MACRO.sub(one, markdown)
    if count[0]:
        page.meta["calc_widget"] = True
    return markdown
