"""Read config.json out of a .keras archive (a zip) without zipfile, which MicroPython lacks.

Only the central directory and config.json's own bytes are read, through a
``read_at(offset, length)`` function, so a 500 MB archive costs the same as a 5 kB one:
the weights file is never touched. Every size is capped before anything is inflated.
"""

import struct

MAX_CONFIG_BYTES = 64 * 1024 * 1024  # inflated config.json; the largest real ones are ~2 MB
MAX_COMPRESSED_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 10000
EOCD_SIGNATURE = b"PK\x05\x06"
ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
ZIP64_EOCD_SIGNATURE = b"PK\x06\x06"
CENTRAL_SIGNATURE = b"PK\x01\x02"
LOCAL_SIGNATURE = b"PK\x03\x04"
STORED, DEFLATED = 0, 8


def reader_of(data):
    """read_at for bytes in memory, or for a binary file object with seek()."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        return lambda offset, length: bytes(data[offset:offset + length]), len(data)
    data.seek(0, 2)
    size = data.tell()

    def read_at(offset, length):
        data.seek(offset)
        return data.read(length)

    return read_at, size


def read_keras_config(data, what="the .keras file"):
    """The text of config.json inside a .keras archive (bytes or a binary file)."""
    read_at, size = reader_of(data)
    entries = _central_directory(read_at, size, what)
    configs = [e for e in entries if e[0] == "config.json"]
    if len(configs) > 1:
        # Tools disagree on which one counts (Python's zipfile, which Keras uses, takes the
        # last): no answer is better than one another tool contradicts.
        raise ValueError("%s holds %d entries named config.json; a Keras archive has one "
                         "(the zip was edited or damaged)." % (what, len(configs)))
    for name, method, compressed, inflated, local_offset in configs:
        return _read_entry(read_at, size, what, method, compressed, inflated, local_offset)
    names = ", ".join(e[0] for e in entries[:5]) or "nothing"
    raise ValueError("%s has no config.json (it holds %s); is it a Keras 3 .keras file?" % (what, names))


def _central_directory(read_at, size, what):
    if size < 22:
        raise ValueError("%s is not a zip archive (only %d bytes)." % (what, size))
    tail_start = max(0, size - 65557)  # EOCD (22 bytes) + the longest zip comment
    tail = read_at(tail_start, size - tail_start)
    at = tail.rfind(EOCD_SIGNATURE)
    if at < 0 or len(tail) - at < 22:
        if read_at(0, 4) == LOCAL_SIGNATURE:
            raise ValueError("%s is truncated: the zip's table of contents is missing." % what)
        raise ValueError("%s is not a zip archive (.keras files are zips)." % what)
    count, cd_size, cd_offset = struct.unpack("<HII", tail[at + 10:at + 20])
    if 0xFFFFFFFF in (cd_size, cd_offset) or count == 0xFFFF:
        count, cd_size, cd_offset = _zip64(read_at, tail_start + at, what)
    if count > MAX_ENTRIES:
        raise ValueError("%s lists %d files; the limit is %d." % (what, count, MAX_ENTRIES))
    if cd_offset + cd_size > size:
        raise ValueError("%s is truncated: its table of contents points past the end." % what)
    directory = read_at(cd_offset, cd_size)
    entries = []
    pos = 0
    for _ in range(count):
        if directory[pos:pos + 4] != CENTRAL_SIGNATURE or pos + 46 > len(directory):
            raise ValueError("%s has a damaged zip table of contents." % what)
        method = struct.unpack("<H", directory[pos + 10:pos + 12])[0]
        compressed, inflated, n, m, k = struct.unpack("<IIHHH", directory[pos + 20:pos + 34])
        local_offset = struct.unpack("<I", directory[pos + 42:pos + 46])[0]
        name = bytes(directory[pos + 46:pos + 46 + n]).decode("utf-8", "replace")
        if 0xFFFFFFFF in (compressed, inflated, local_offset):
            compressed, inflated, local_offset = _zip64_sizes(
                directory[pos + 46 + n:pos + 46 + n + m], compressed, inflated, local_offset)
        entries.append((name, method, compressed, inflated, local_offset))
        pos += 46 + n + m + k
    return entries


def _zip64(read_at, eocd_at, what):
    locator = read_at(eocd_at - 20, 20) if eocd_at >= 20 else b""
    if locator[:4] != ZIP64_LOCATOR_SIGNATURE:
        raise ValueError("%s has a damaged zip64 table of contents." % what)
    record_at = struct.unpack("<Q", locator[8:16])[0]
    record = read_at(record_at, 56)
    if record[:4] != ZIP64_EOCD_SIGNATURE:
        raise ValueError("%s has a damaged zip64 table of contents." % what)
    count, cd_size, cd_offset = struct.unpack("<QQQ", record[32:56])
    return count, cd_size, cd_offset


def _zip64_sizes(extra, compressed, inflated, local_offset):
    """The zip64 extra field holds, in order, whichever of the three values overflowed."""
    pos = 0
    while pos + 4 <= len(extra):
        tag, length = struct.unpack("<HH", extra[pos:pos + 4])
        if tag == 1:
            values = extra[pos + 4:pos + 4 + length]
            i = 0
            fields = [inflated, compressed, local_offset]
            for index in range(3):
                if fields[index] == 0xFFFFFFFF and i + 8 <= len(values):
                    fields[index] = struct.unpack("<Q", values[i:i + 8])[0]
                    i += 8
            return fields[1], fields[0], fields[2]
        pos += 4 + length
    return compressed, inflated, local_offset


def _read_entry(read_at, size, what, method, compressed, inflated, local_offset):
    if inflated > MAX_CONFIG_BYTES:
        raise ValueError("%s: config.json is %d bytes; the limit is %d." % (what, inflated, MAX_CONFIG_BYTES))
    if compressed > MAX_COMPRESSED_BYTES:
        raise ValueError("%s: config.json is %d bytes compressed; the limit is %d."
                         % (what, compressed, MAX_COMPRESSED_BYTES))
    header = read_at(local_offset, 30)
    if len(header) < 30 or header[:4] != LOCAL_SIGNATURE:
        raise ValueError("%s is damaged: config.json's entry is not where the zip says." % what)
    n, m = struct.unpack("<HH", header[26:30])
    start = local_offset + 30 + n + m
    if start + compressed > size:
        raise ValueError("%s is truncated: config.json is cut off." % what)
    raw = read_at(start, compressed)
    if method == STORED:
        data = raw
    elif method == DEFLATED:
        data = _inflate(raw, what)
    else:
        raise ValueError("%s: config.json uses zip compression method %d; only stored and deflate "
                         "are supported." % (what, method))
    try:
        return bytes(data).decode("utf-8")
    except UnicodeError:
        raise ValueError("%s: config.json is not UTF-8 text." % what)


def _inflate(raw, what):
    """Raw deflate, stopping at MAX_CONFIG_BYTES whatever the header claimed (zip bombs lie)."""
    try:
        import zlib  # CPython's; MicroPython's zlib has no decompressobj, so check for it

        decompressobj = zlib.decompressobj
    except (ImportError, AttributeError):
        decompressobj = None
    if decompressobj is not None:
        try:
            out = decompressobj(-15).decompress(raw, MAX_CONFIG_BYTES + 1)
        except zlib.error as e:
            raise ValueError("%s: config.json's compressed data is damaged (%s)." % (what, e))
    else:
        import io

        import deflate

        # wbits=15: raw deflate carries no header to say its window, and MicroPython's
        # default is 256 bytes; zip's deflate (zip -9, Python's zipfile) refers 32 KB back.
        stream = deflate.DeflateIO(io.BytesIO(raw), deflate.RAW, 15)
        chunks = []
        size = 0
        try:
            while size <= MAX_CONFIG_BYTES:  # in chunks: one big read() would allocate the cap
                chunk = stream.read(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        except OSError as e:
            raise ValueError("%s: config.json's compressed data is damaged (%s)." % (what, e))
        out = b"".join(chunks)
    if len(out) > MAX_CONFIG_BYTES:
        raise ValueError("%s: config.json inflates past %d bytes (a zip bomb?)." % (what, MAX_CONFIG_BYTES))
    return out
