"""Small text helpers that MicroPython lacks: thousands separators and "did you mean"."""


def fmt_int(n):
    """12345678 -> '12,345,678' (MicroPython's format() has no ',' option)."""
    if n is None:
        return "None"
    sign = "-" if n < 0 else ""
    digits = str(abs(n))
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return sign + ",".join(groups)


def fmt_shape(shape):
    """(None, 5, 3) -> '(None, 5, 3)'; a one-element tuple keeps Python's trailing comma."""
    if shape is None:
        return "None"
    if isinstance(shape, list):
        return "[" + ", ".join(fmt_shape(s) for s in shape) + "]"
    inner = ", ".join("None" if d is None else str(d) for d in shape)
    return "(" + inner + ",)" if len(shape) == 1 else "(" + inner + ")"


def edit_distance(a, b):
    """Levenshtein distance, case-insensitive (difflib does not exist on MicroPython)."""
    a = a.lower()
    b = b.lower()
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        previous = current
    return previous[len(b)]


def closest(word, candidates, limit=3):
    """The candidates nearest to `word`, best first, only those plausibly meant."""
    word = word[:100]  # bounded work on pasted junk
    scored = []
    for c in candidates:
        # The distance is at least the difference in length: skip hopeless candidates
        # before the quadratic work (a pasted 2,000-character name took a second).
        if len(word) - len(c) > max(2, len(c) // 3):
            continue
        d = edit_distance(word, c)
        if d <= max(2, len(c) // 3) or c.lower().startswith(word.lower()) and word:
            scored.append((d, c))
    scored.sort()
    return [c for _, c in scored[:limit]]


def did_you_mean(word, candidates):
    near = closest(word, candidates)
    if not near:
        return ""
    return " Did you mean " + " or ".join(repr(c) for c in near) + "?"


def shorten(value, limit=60):
    """repr() of a received value, cut so a 1 MB paste never ends up in a message."""
    text = repr(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text
