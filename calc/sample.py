"""Random but sensible layer arguments, drawn from the catalogue's declarations.

Practice mode uses it for "new example" and the tests use it to generate configs for
the Keras oracle. The generator is our own so that a seed gives the same exercise in
CPython (at build time) and MicroPython (in the browser).
"""

from calc.args import REQUIRED


class Rng:
    """xorshift32: tiny, deterministic, identical on every runtime."""

    def __init__(self, seed=1):
        self.state = (int(seed) * 2654435761 + 12345) & 0xFFFFFFFF or 1

    def next(self):
        x = self.state
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        self.state = x
        return x

    def randint(self, low, high):
        """An integer in [low, high], both ends included."""
        return low + self.next() % (high - low + 1)

    def choice(self, items):
        return items[self.next() % len(items)]

    def chance(self, p):
        return self.next() % 1000 < p * 1000


DEFAULT_INT_RANGE = (1, 16)


def sample_value(arg, rng):
    """A value for one argument, or REQUIRED's absence (None = leave the default)."""
    kind = arg.kind
    if kind == "bool":
        return rng.chance(0.5)
    if kind == "choice":
        return rng.choice(arg.choices)
    if arg.sample is None and kind not in ("int", "ints"):
        # strings, floats, axes: the default (or a required one's example) is sensible
        return arg.example if arg.required else arg.default
    if isinstance(arg.sample, list):
        return rng.choice(arg.sample)
    low, high = arg.sample or DEFAULT_INT_RANGE
    if arg.none_ok and rng.chance(0.5):
        return None
    if kind in ("int", "axis") or not isinstance(kind, str):  # a parser function takes an int too
        return rng.randint(low, high)
    if kind == "float":
        return low + (high - low) * rng.randint(0, 100) / 100
    return tuple(rng.randint(low, high) for _ in range(arg.rank or 1))


def sample_args(entry, rng):
    """Every argument of `entry` with a random value (the common ones keep their defaults,
    except `trainable`, which is False one time in eight)."""
    args = {}
    for arg in entry.args:
        value = sample_value(arg, rng)
        if value is not REQUIRED:
            args[arg.name] = value
    if rng.chance(0.125):
        args["trainable"] = False
    return args


def sample_shapes(entry, rng, args):
    """One shape per input, without the batch axis: ranks in the declared range, axes
    from 1 to 16, and now and then an axis left unknown (None)."""
    shapes = []
    for spec in entry.inputs:
        if spec.optional and rng.chance(0.5):
            continue
        top = spec.max_rank if spec.max_rank is not None else spec.min_rank + 2
        rank = rng.randint(spec.min_rank, top)
        shapes.append(tuple(None if rng.chance(0.08) else rng.randint(1, 16) for _ in range(rank)))
    return shapes


def sample(entry, rng):
    """(args, shapes) for one random example of `entry`: LayerSpec.sample, which entries
    with constraints between arguments write themselves."""
    return entry.sample(rng)
