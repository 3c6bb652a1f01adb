"""The few assertions the unit tests need, written so they also run on MicroPython
(which has no pytest): plain functions, plain assert."""


def raises(fn, *contains):
    """Call fn(); it must raise ValueError whose message contains every string given.
    Returns the message."""
    try:
        fn()
    except ValueError as e:
        message = str(e)
        for part in contains:
            assert part in message, "expected %r in the message %r" % (part, message)
        return message
    raise AssertionError("expected ValueError, nothing was raised")


def shapes(result):
    """[(label, shape tuple, trainable)] of a Result, for comparing with a hand derivation."""
    return [(w.label, w.shape_values(), w.trainable) for w in result.weights]
