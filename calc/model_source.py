"""One entry point for "summarize this model source", whatever its format: a .keras archive,
Keras model JSON or pasted Keras Python code. Used by the CLI and by the browser page.

The format is sniffed from the content, not the file name: a zip signature means a .keras
archive, text starting with '{' or '[' is JSON, a first line `Name(` followed by
`(child): ...` lines is PyTorch's print(model) (calc.torch_print), code importing torch
and not Keras is PyTorch code (calc.torch_code), any other text is Keras Python code
(parsed, never run). Files are read through a small file-like interface (seek/tell/read), so the browser can
hand over only the byte ranges it has read so far (RangeFile): a .keras archive then costs a
few small reads however large its weights are.
"""

from calc.keras_file import read_keras_config
from calc.model import MAX_JSON_TEXT, load_json, summarize

ZIP_SIGNATURE = b"PK\x03\x04"


def summarize_text(text):
    """The Summary of model JSON, Keras Python code or PyTorch's print(model) given as text."""
    if not text.strip():
        raise ValueError("the text is empty: paste Keras code or a model JSON.")
    if text.lstrip()[:1] in ("{", "["):  # JSON; a list is refused as "not a model" below
        return summarize(load_json(text))
    from calc.torch_print import looks_like_print, summarize_print

    if looks_like_print(text):
        return summarize_print(text)
    from calc.torch_code import looks_like_torch, read_torch_code

    if looks_like_torch(text):
        return read_torch_code(text)  # PyTorch code: parsed, never run
    from calc.code_reader import read_code  # loaded only when code is given

    return summarize(read_code(text))  # Keras Python code: parsed, never run


def summarize_data(data, max_text=MAX_JSON_TEXT):
    """The Summary of a file's content: bytes, or a binary file object with seek/tell/read.
    A .keras archive is read by ranges (config.json only); other files must be UTF-8 text
    of at most `max_text` bytes."""
    if isinstance(data, (bytes, bytearray)):
        head = bytes(data[:4])
    else:
        data.seek(0)
        head = data.read(4)
    if head == ZIP_SIGNATURE:
        return summarize(load_json(read_keras_config(data), "config.json"))
    if not isinstance(data, (bytes, bytearray)):
        data.seek(0, 2)
        size = data.tell()
        if size > max_text:
            raise ValueError("the file is %d bytes; model JSON and Python code are read up to %d bytes "
                             "(only .keras archives may be larger)." % (size, max_text))
        data.seek(0)
        data = data.read(size)
    if not data.strip():
        raise ValueError("the file is empty")
    try:
        text = bytes(data).decode("utf-8")
    except UnicodeError:
        raise ValueError("the file is neither a .keras archive nor UTF-8 text")
    return summarize_text(text)


class MissingBytes(Exception):
    """RangeFile was asked for bytes it does not hold: the caller reads them and tries again.
    Not a ValueError, so the readers' error handling lets it through."""

    def __init__(self, offset, length):
        super().__init__("bytes %d..%d are needed" % (offset, offset + length))
        self.offset = offset
        self.length = length


class RangeFile:
    """A read-only binary file of `size` bytes of which only some ranges are known:
    `pieces` is a list of (offset, bytes). Reading outside them raises MissingBytes."""

    def __init__(self, size, pieces):
        self.size = size
        self.pieces = [(start, bytes(data)) for start, data in pieces]
        self.position = 0

    def seek(self, offset, whence=0):
        self.position = offset if whence == 0 else self.size + offset if whence == 2 else self.position + offset
        return self.position

    def tell(self):
        return self.position

    def read(self, length=-1):
        start = self.position
        end = self.size if length < 0 else min(self.size, start + length)
        if end <= start:
            return b""
        for offset, data in self.pieces:
            if offset <= start and end <= offset + len(data):
                self.position = end
                return data[start - offset:end - offset]
        raise MissingBytes(start, end - start)
