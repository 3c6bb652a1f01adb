"""One entry point for "summarize this model source", whatever its format: a .keras archive,
a .safetensors checkpoint (or several shards of one), Keras model JSON, a safetensors index or
pasted Keras Python code. Used by the CLI and by the browser page.

The format is sniffed from the content, not the file name: a zip signature means a .keras
archive, a little-endian length then '{' a .safetensors file (calc/safetensors_file.py), text
starting with '{' or '[' is JSON (a Hugging Face config.json, a safetensors index with its
"weight_map", or Keras model JSON), a first line `Name(` followed by `(child): ...` lines is
PyTorch's print(model) (calc.torch_print), code importing torch and not Keras is PyTorch code
(calc.torch_code), any other text is Keras Python code (parsed, never run). Files are read
through a small file-like interface (seek/tell/read), so the browser can hand over only the
byte ranges it has read so far (RangeFile): a .keras archive or a .safetensors file then costs
a few small reads however large its weights are.
"""

from calc import safetensors_file
from calc.keras_file import read_keras_config
from calc.model import MAX_JSON_TEXT, load_json, summarize
from calc.text import shorten

ZIP_SIGNATURE = b"PK\x03\x04"


def summarize_text(text, seq_len=None, batch=None, name=None):
    """The Summary of model JSON, a Hugging Face config.json, a safetensors index, Keras or
    PyTorch Python code or PyTorch's print(model) given as text; `seq_len` and `batch` size
    a config.json's KV cache (calc.hf's defaults if None)."""
    if not text.strip():
        raise ValueError("the text is empty: paste Keras or PyTorch code, print(model) or a model JSON.")
    if text.lstrip()[:1] in ("{", "["):  # JSON; a list is refused as "not a model" below
        data = load_json(text)
        from calc import hf

        if hf.is_hf_config(data):
            return hf.summarize_config(data, hf.DEFAULT_SEQ_LEN if seq_len is None else seq_len,
                                       hf.DEFAULT_BATCH if batch is None else batch)
        if safetensors_file.is_index(data):  # model.safetensors.index.json: names, no shapes
            return safetensors_file.summarize_checkpoint([], safetensors_file.read_index(data, name), name)
        return summarize(data)
    from calc.torch_print import looks_like_print, summarize_print

    if looks_like_print(text):
        return summarize_print(text)
    from calc.torch_code import looks_like_torch, read_torch_code

    if looks_like_torch(text):
        return read_torch_code(text)  # PyTorch code: parsed, never run
    from calc.code_reader import read_code  # loaded only when code is given

    return summarize(read_code(text))  # Keras Python code: parsed, never run


def summarize_data(data, max_text=MAX_JSON_TEXT, seq_len=None, batch=None, name=None):
    """The Summary of a file's content: bytes, or a binary file object with seek/tell/read.
    A .keras archive is read by ranges (config.json only), a .safetensors file likewise (its
    header only); other files must be UTF-8 text of at most `max_text` bytes."""
    if _head(data, 4) == ZIP_SIGNATURE:
        return summarize(load_json(read_keras_config(data), "config.json"))
    if safetensors_file.looks_like_safetensors(_head(data, 9), _size(data)):
        return safetensors_file.summarize_checkpoint([safetensors_file.read_shard(data, name)], name=name)
    return summarize_text(_text(data, max_text), seq_len, batch, name)


def summarize_files(files, max_text=MAX_JSON_TEXT):
    """One Summary of several files given together, [(name, data)]: the shards of one
    safetensors checkpoint, with or without its index.json (a file named *.index.json).
    Other files dropped with them (a model folder's config.json, its tokenizer) are named in
    the notes, not read."""
    shards, indexes, others = [], [], []
    missing = []  # every file's missing bytes at once: the page reads them in one round
    for name, data in files:
        try:
            if safetensors_file.looks_like_safetensors(_head(data, 9), _size(data)):
                shards.append(safetensors_file.read_shard(data, name, shorten(safetensors_file.base_name(name))))
            elif safetensors_file.is_index_name(name):
                value = load_json(_text(data, max_text), shorten(name))
                indexes.append(safetensors_file.read_index(value, name))
            else:
                others.append(name)
        except MissingBytes as e:
            missing.extend(e.ranges)
    if missing:
        raise MissingBytes(ranges=missing)
    if not shards and not indexes:
        raise ValueError("none of these files is a .safetensors file or a safetensors index: several "
                         "files make one summary only as the shards of one checkpoint (%s)."
                         % ", ".join(shorten(n) for n in others[:5]))
    if len(indexes) > 1:
        raise ValueError("%d index files were given; one checkpoint has one." % len(indexes))
    index = indexes[0] if indexes else None
    if index is None:
        stems = set()
        for shard in shards:
            numbered = safetensors_file.shard_number(shard.name)
            stems.add((numbered[0], numbered[2]) if numbered else shard.name)
        if len(stems) > 1:
            raise ValueError("%s are not the shards of one checkpoint (named like model-00001-of-00002"
                             ".safetensors, or listed by an index.json given with them): give them one "
                             "at a time." % ", ".join(shorten(s.name) for s in shards[:5]))
    else:
        listed = index.files()
        unlisted = [s.name for s in shards if safetensors_file.base_name(s.name) not in listed]
        if unlisted:
            raise ValueError("%s is not among the files the index lists (%s)."
                             % (shorten(unlisted[0]), ", ".join(shorten(f) for f in index.files()[:5])))
    summary = safetensors_file.summarize_checkpoint(shards, index, index.name if index else shards[0].name)
    if others:
        summary.remarks.insert(0, "Not read, as not part of a safetensors checkpoint: %s."
                               % ", ".join(shorten(safetensors_file.base_name(n)) for n in others[:10]))
    return summary


def is_binary(data):
    """Whether a file is a .keras archive or a .safetensors file (not text for the editor)."""
    return _head(data, 4) == ZIP_SIGNATURE or safetensors_file.looks_like_safetensors(_head(data, 9), _size(data))


def _head(data, length):
    if isinstance(data, (bytes, bytearray)):
        return bytes(data[:length])
    data.seek(0)
    return data.read(length)


def _size(data):
    if isinstance(data, (bytes, bytearray)):
        return len(data)
    data.seek(0, 2)
    return data.tell()


def _text(data, max_text):
    """A text file's content, decoded; at most `max_text` bytes are read."""
    if not isinstance(data, (bytes, bytearray)):
        size = _size(data)
        if size > max_text:
            raise ValueError("the file is %d bytes; model JSON and Python code are read up to %d bytes "
                             "(only .keras archives may be larger)." % (size, max_text))
        data.seek(0)
        data = data.read(size)
    if not data.strip():
        raise ValueError("the file is empty")
    try:
        return bytes(data).decode("utf-8")
    except UnicodeError:
        raise ValueError("the file is neither a .keras archive nor UTF-8 text")


class MissingBytes(Exception):
    """RangeFile was asked for bytes it does not hold: the caller reads them and tries again.
    Not a ValueError, so the readers' error handling lets it through."""

    def __init__(self, offset=0, length=0, file=None, ranges=None):
        super().__init__("bytes %d..%d are needed" % (offset, offset + length))
        self.offset = offset
        self.length = length
        # (file, offset, length) of each range needed; `file` is the RangeFile's number
        # among several files read together.
        self.ranges = ranges if ranges is not None else [(file, offset, length)]


class RangeFile:
    """A read-only binary file of `size` bytes of which only some ranges are known:
    `pieces` is a list of (offset, bytes). Reading outside them raises MissingBytes."""

    def __init__(self, size, pieces, number=None):
        self.size = size
        self.number = number  # which of several files, for MissingBytes
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
        raise MissingBytes(start, end - start, self.number)
