"""The picture of a layer's weights: each tensor drawn to its shape, one cell per number.

The drawing is a list of plain shapes (rectangles and text, in pixels) rather than SVG
markup, so that its two painters stay simple: the site build writes it as SVG
(overrides/partials/calc_widget.html) and web/widget.js redraws it as DOM nodes when the
answer changes. Neither parses markup.

How a tensor is drawn, for a shape (a, b, ..., z):
- a bias (n,) is one row of n cells; a kernel (rows, cols) a grid of rows x cols;
- a tensor of rank 3 or more is a stack of its last axis's slices (a convolution's filters),
  each slice a grid of its first two axes (kernel_size); the axes between are written in the
  label, not drawn;
- past MAX_CELLS cells a side, or MAX_SLICES slices, the drawing stops and a "cut" mark says
  so: the label always gives the true shape.
"""

CELL = 8           # px per number
MAX_CELLS = 16     # cells drawn along a side
MAX_SLICES = 6     # slices of a stack drawn
SLICE_OFFSET = 5   # px between the slices of a stack, down and to the right
MAX_TENSORS = 12   # tensors drawn; the others are counted in a last line
LABEL_X = 196      # where the labels start: past the widest drawing (16 cells + 5 offsets)
WIDTH = 500
ROW_GAP = 14
LINE = 15          # px between the lines of a label
TONES = 6          # colours for the tensors, in order (widget.css: .calc-tone-0 ...)


def _axes(shape):
    """(rows, cols, slices) of a shape, as drawn."""
    if len(shape) == 0:
        return 1, 1, 1
    if len(shape) == 1:
        return 1, shape[0], 1
    if len(shape) == 2:
        return shape[0], shape[1], 1
    return shape[0], shape[1], shape[-1]


def _shape_text(shape):
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def picture(weights):
    """weights: [(name, shape (ints), trainable, count text)]. Returns {"width", "height",
    "title", "desc", "items"}, an item being {"kind": "rect", "x", "y", "w", "h", "tone",
    "frozen"}, {"kind": "cut", "x", "y"} or {"kind": "text", "x", "y", "text", "strong"}."""
    items = []
    lines = []
    y = 0
    for index, (name, shape, trainable, count) in enumerate(weights[:MAX_TENSORS]):
        rows, cols, slices = _axes(shape)
        shown_rows, shown_cols = min(rows, MAX_CELLS), min(cols, MAX_CELLS)
        shown_slices = min(slices, MAX_SLICES)
        width, height = shown_cols * CELL, shown_rows * CELL
        stack = (shown_slices - 1) * SLICE_OFFSET
        # Back to front, so the first slice is on top.
        for k in range(shown_slices - 1, -1, -1):
            items.append({"kind": "rect", "x": k * SLICE_OFFSET, "y": y + k * SLICE_OFFSET,
                          "w": width, "h": height, "tone": index % TONES, "frozen": not trainable})
        if rows > shown_rows or cols > shown_cols or slices > shown_slices:
            items.append({"kind": "cut", "x": width + stack, "y": y + height + stack})
        status = "trainable" if trainable else "non-trainable"
        label = [(name + " " + _shape_text(shape), True), ("%s parameters, %s" % (count, status), False)]
        if len(shape) >= 3:
            middle = " x ".join(str(d) for d in shape[2:-1])
            label.append(("%s slices of %d x %d%s" % (slices, rows, cols, " x " + middle if middle else ""), False))
        for line, (text, strong) in enumerate(label):
            items.append({"kind": "text", "x": LABEL_X, "y": y + 12 + line * LINE, "text": text, "strong": strong})
        lines.append("%s, shape %s: %s parameters, %s" % (name, _shape_text(shape), count, status))
        y += max(height + stack, len(label) * LINE) + ROW_GAP
    if len(weights) > MAX_TENSORS:
        more = "and %d more tensors, in the table" % (len(weights) - MAX_TENSORS)
        items.append({"kind": "text", "x": 0, "y": y + 12, "text": more, "strong": False})
        lines.append(more)
        y += LINE + ROW_GAP
    return {"width": WIDTH, "height": max(y - ROW_GAP, 0), "title": "The weight tensors, drawn to their shapes",
            "desc": "; ".join(lines) + "." if lines else "No weights.", "items": items}
