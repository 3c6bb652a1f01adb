"""The browser's Python views: what the page's JavaScript calls, answering in JSON.

calcview (a layer's calculator; the site build runs it too, to pre-render every answer),
practiceview (practice mode) and summaryview (the Model summary page). The site bundles them
with calc/ as this package; web/widget.py is the page's glue script, run by PyScript, not a
module of the package.
"""
