"""MicroPython's ROMFS image format: the container of the browser's bundles (tools/sitegen/bundle.py).

A ROMFS image is a read-only file system that MicroPython mounts (loadMicroPython's `romfs`
option mounts one at /rom; `vfs.VfsRom` mounts more) and imports .mpy files from in place.
Nothing is copied into the interpreter's in-memory file system, and no import looks a file
up through JavaScript: each failed lookup there (a module's folder, then its .py, before its
.mpy) costs a JavaScript exception, about 200 of them at every page start.

The format is MicroPython's own (extmod/vfs_rom.c; mpremote/romfs.py is its writer). Every
record is its kind and its payload's length, both as unsigned variable-length integers, then
the payload. The image is one record of kind IMAGE; a folder's payload is its name and its
records; a file's is its name and one DATA record of its bytes. Names are length-prefixed.
"""

IMAGE = 0x14A6B1  # encoded as the three bytes d2 cd 31 that open every image
DATA = 2
FOLDER = 4
FILE = 5


def uint(value):
    """`value` in 7-bit groups, most significant first, the top bit set on all but the last."""
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.insert(0, 0x80 | (value & 0x7F))
        value >>= 7
    return bytes(out)


def record(kind, payload):
    return uint(kind) + uint(len(payload)) + payload


def named(name, payload):
    raw = name.encode("ascii")
    return uint(len(raw)) + raw + payload


def image(files):
    """The ROMFS image of {relative path ("calc/args.mpy"): bytes}."""
    tree = {}
    for path, data in files.items():
        *folders, leaf = path.split("/")
        node = tree
        for folder in folders:
            node = node.setdefault(folder, {})
        node[leaf] = data
    body = records(tree)
    length = uint(len(body))
    if (len(uint(IMAGE)) + len(length) + len(body)) % 2:
        # A redundant leading 0x80 keeps the image's length even, as MicroPython's writer does.
        length = b"\x80" + length
    return uint(IMAGE) + length + body


def records(tree):
    return b"".join(record(FOLDER, named(name, records(tree[name]))) if isinstance(tree[name], dict)
                    else record(FILE, named(name, record(DATA, tree[name])))
                    for name in sorted(tree))
