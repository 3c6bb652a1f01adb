"""Model summaries from .safetensors checkpoints, read from their headers alone.

A .safetensors file is an 8-byte little-endian length N, N bytes of JSON (the header: each
tensor's dtype, shape and data_offsets, and an optional "__metadata__" of strings), then the
tensors' bytes. Only the header is read, by range, so a 10 GB checkpoint costs what a small
one does. No claim is believed before it is checked against the others: N against the file's
size and a cap (before anything is read), each tensor's shape times its dtype's size against
its data_offsets, the offsets against each other and the data's size.

A sharded checkpoint is several files (model-00001-of-00004.safetensors, ...), listed by
model.safetensors.index.json: {"metadata": {"total_size": bytes}, "weight_map": {tensor:
file}}, which names the tensors and their files but not their shapes or dtypes.

The summary groups tensors by module prefix (model.layers.0.self_attn.q_proj.weight ->
model > layers > 0 > self_attn > q_proj), in name order with numbers as numbers (the
header does not keep the module's own order). The header cannot tell a buffer from a
parameter: torch.nn's standard buffer names are counted as buffers. Tied weights are stored
once (safetensors.torch.save_model drops the copies and names them in __metadata__), so
they are counted once, as torch's parameters() counts them.
"""

from calc.keras_file import reader_of
from calc.model import Row, Summary, load_json
from calc.text import MAX_LISTED, fmt_int, listed, shorten
from calc.dims import as_dim
from calc.weights import Result, Weight

# The safetensors format caps the header at 100 MB; the largest real ones (10,000 tensors)
# are about 1.5 MB. A header goes to the browser's Python as hex and through MicroPython's
# json.loads, so a smaller cap keeps the page answering.
MAX_HEADER_BYTES = 16 * 1024 * 1024
# Tensors in one checkpoint, all shards together. Real ones have hundreds (a 70B Llama: 723);
# the browser page shows 500 in tens of milliseconds, but its JSON view of 10,000 nested rows
# takes seconds under MicroPython, so the cap is that of a model's layers (calc.model).
MAX_TENSORS = 20000
MAX_SHAPE_RANK = 64
MAX_DIMENSION = 2 ** 64 - 1  # the Rust reader's usize
MAX_NAME_DEPTH = 32  # module levels shown; deeper names keep the rest of their path in one row

# Bits per element of each dtype of safetensors 0.8 (safetensors/src/tensor.rs, Dtype::bitsize).
DTYPE_BITS = {
    "BOOL": 8, "F4": 4, "F6_E2M3": 6, "F6_E3M2": 6, "U8": 8, "I8": 8, "F8_E5M2": 8,
    "F8_E4M3": 8, "F8_E8M0": 8, "F8_E4M3FNUZ": 8, "F8_E5M2FNUZ": 8, "I16": 16, "U16": 16,
    "F16": 16, "BF16": 16, "I32": 32, "U32": 32, "F32": 32, "C64": 64, "F64": 64, "I64": 64,
    "U64": 64,
}
# torch.nn's persistent buffers (the BatchNorm and InstanceNorm running statistics): a
# checkpoint stores them beside the parameters, and torch counts them apart.
BUFFER_NAMES = ("running_mean", "running_var", "num_batches_tracked")
INDEX_SUFFIX = ".index.json"


def looks_like_safetensors(head, size):
    """Whether the first bytes of a file of `size` bytes start a safetensors header: a
    little-endian length, then '{'. Text never has NUL bytes, so a length under 2**40 (its
    top three bytes zero) sets a safetensors file apart from JSON or code, and one that
    claims more than the file holds is still recognised, to be refused by name."""
    return len(head) >= 9 and head[8:9] == b"{" and head[5:8] == b"\0\0\0" and size >= 9


class StoredTensor(Weight):
    """One tensor of the checkpoint: a Weight with its dtype and bytes, and whether it is a
    buffer (counted apart from the parameters). `sizes` is None when only an index named it.
    Its symbolic shape (Dims, for the formula) is made when a row's detail asks for it."""

    # Weight's fields, as class attributes: a header's 500 tensors are made in milliseconds.
    # `dtype` is the header's (F32, BF16, I64...).
    count = 0  # a plain attribute here, not Weight's property: the header gives it
    trainable = True
    buffer = False
    known = True
    scope = None
    freezable = True
    _dims = None

    def __init__(self, full_name, path, dtype, sizes, count, nbytes, buffer, file):
        self.full_name = full_name
        self.name = path[-1]
        self.path = path  # the dotted name, split in module levels
        self.dtype = dtype
        self.sizes = sizes
        self.count = count
        self.nbytes = nbytes
        self.file = file
        if buffer:
            self.buffer = True
            self.trainable = False
        if sizes is None:
            self.known = False

    @property
    def shape(self):
        if self._dims is None:
            self._dims = [as_dim(d) for d in self.sizes or ()]
        return self._dims

    def shape_values(self):
        return tuple(self.sizes or ())


class Shard:
    """What one file's header says: its tensors (StoredTensor) and its __metadata__."""

    def __init__(self, name, tensors, metadata):
        self.name = name
        self.tensors = tensors
        self.metadata = metadata


def read_shard(data, name=None, what="the .safetensors file"):
    """The Shard of a .safetensors file (bytes, or a binary file with seek/tell/read):
    the header alone is read, after its length is checked. `what` names it in messages."""
    read_at, size = reader_of(data)
    if size < 8:
        raise ValueError("%s has %d bytes: too few for a safetensors header's length." % (what, size))
    length = int.from_bytes(bytes(read_at(0, 8)), "little")
    if length > MAX_HEADER_BYTES:
        raise ValueError("%s: its header claims %s bytes; a safetensors header is read up to %s "
                         "(real ones are a few MB at most)." % (what, fmt_int(length), fmt_int(MAX_HEADER_BYTES)))
    if length > size - 8:
        raise ValueError("%s: its header claims %s bytes, past the file's end (%s bytes follow the "
                         "length): the file is truncated." % (what, fmt_int(length), fmt_int(size - 8)))
    raw = bytes(read_at(8, length))
    if raw[:1] != b"{":
        raise ValueError("%s: its header does not start with '{'. Received: %s" % (what, shorten(raw[:20])))
    try:
        text = raw.decode("utf-8")
    except UnicodeError:
        raise ValueError("%s: its header is not UTF-8 text." % what)
    header = load_json(text, "%s: the header" % what, walk_depth=False)
    if not isinstance(header, dict):
        raise ValueError("%s: its header is not a JSON object." % what)
    return _shard(header, size - 8 - length, what, name)


def _shard(header, data_size, what, name):
    count = len(header) - ("__metadata__" in header)
    if count > MAX_TENSORS:
        raise ValueError("%s lists %d tensors; the limit is %d." % (what, count, MAX_TENSORS))
    metadata = header.get("__metadata__", {})
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise ValueError("%s: its __metadata__ is not an object of strings. Received: %s"
                         % (what, shorten(metadata)))
    tensors = []
    spans = []
    for key in header:
        if key == "__metadata__":
            continue
        tensor, begin, end = _tensor(key, header[key], data_size, what, name)
        tensors.append(tensor)
        spans.append((begin, end, key))
    # The tensors' bytes follow each other without gaps or overlaps and fill the data, as
    # the safetensors reader requires: no tensor shares another's bytes.
    spans.sort()
    at = 0
    for begin, end, key in spans:
        if begin != at:
            raise ValueError("%s: tensor %s starts at byte %d of the data, where %s (%s); safetensors "
                             "tensors follow each other without gaps or overlaps."
                             % (what, shorten(key), begin, "the previous one ends" if at else "the data starts", at))
        at = end
    if at != data_size:
        raise ValueError("%s: its tensors end at byte %s of the data, which holds %s bytes."
                         % (what, fmt_int(at), fmt_int(data_size)))
    return Shard(name, tensors, metadata)


def _tensor(key, info, data_size, what, file):
    """One header entry, checked: (StoredTensor, first byte, end byte). The checks cost a
    few comparisons per tensor: a 500-tensor header is read in tens of milliseconds on
    MicroPython, so messages are only written when one fails."""
    if not isinstance(info, dict):
        raise _bad(what, key, "is not an object with dtype, shape and data_offsets. Received: %s" % shorten(info))
    dtype = info.get("dtype")
    bits = DTYPE_BITS.get(dtype) if isinstance(dtype, str) else None
    if bits is None:
        raise _bad(what, key, "has an unknown dtype. Received: dtype=%s (safetensors 0.8 knows %s)."
                   % (shorten(dtype), ", ".join(sorted(DTYPE_BITS))))
    shape = info.get("shape")
    if not isinstance(shape, list) or len(shape) > MAX_SHAPE_RANK:
        raise _bad(what, key, "its shape is not a list of at most %d sizes. Received: shape=%s"
                   % (MAX_SHAPE_RANK, shorten(shape)))
    elements = 1
    for d in shape:
        if type(d) is not int or d < 0 or d > MAX_DIMENSION:  # type(): True is not a size
            raise _bad(what, key, "a size in its shape is not an integer from 0 to 2**64 - 1. Received: "
                       "shape=%s" % shorten(shape))
        elements *= d
    offsets = info.get("data_offsets")
    if type(offsets) is not list or len(offsets) != 2 or type(offsets[0]) is not int \
            or type(offsets[1]) is not int or not 0 <= offsets[0] <= offsets[1]:
        raise _bad(what, key, "its data_offsets are not [begin, end] with 0 <= begin <= end. Received: "
                   "data_offsets=%s" % shorten(offsets))
    begin, end = offsets
    if end > data_size:
        raise _bad(what, key, "its data_offsets %s go past the data's %s bytes (the file is truncated?)."
                   % (shorten(offsets), fmt_int(data_size)))
    bits *= elements
    if bits % 8:
        raise _bad(what, key, "%s elements of %s do not fill whole bytes. Received: shape=%s"
                   % (fmt_int(elements), dtype, shorten(shape)))
    if bits // 8 != end - begin:
        raise _bad(what, key, "shape %s of %s is %s bytes, but its data_offsets %s hold %s."
                   % (shorten(shape), dtype, fmt_int(bits // 8), shorten(offsets), fmt_int(end - begin)))
    path = _path(key)
    return StoredTensor(key, path, dtype, shape, elements, end - begin, path[-1] in BUFFER_NAMES, file), begin, end


def _bad(what, key, problem):
    return ValueError("%s: tensor %s %s" % (what, shorten(key), problem))


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _path(name):
    """The dotted name split into module levels, at most MAX_NAME_DEPTH of them."""
    parts = name.split(".")
    if len(parts) > MAX_NAME_DEPTH:
        parts = parts[:MAX_NAME_DEPTH - 1] + [".".join(parts[MAX_NAME_DEPTH - 1:])]
    return parts


# Sharded checkpoints ------------------------------------------------------------------------

def is_index_name(name):
    return name.endswith(INDEX_SUFFIX)


def shard_number(name):
    """(stem, number, count) of a shard's file name, 'model-00001-of-00004.safetensors' ->
    ('model', 1, 4); None for another name."""
    base = base_name(name)
    if not base.endswith(".safetensors"):
        return None
    parts = base[:-len(".safetensors")].split("-")
    if len(parts) < 4 or parts[-2] != "of" or not parts[-1].isdigit() or not parts[-3].isdigit():
        return None
    number, count = int(parts[-3]), int(parts[-1])
    if not 1 <= number <= count:
        return None
    return "-".join(parts[:-3]), number, count


class Index:
    """A model.safetensors.index.json: which file holds each tensor, and their total bytes."""

    def __init__(self, weight_map, total_size, name):
        self.weight_map = weight_map
        self.total_size = total_size
        self.name = name

    def files(self):
        return sorted(set(self.weight_map.values()))


def is_index(value):
    return isinstance(value, dict) and "weight_map" in value


def read_index(value, name=None):
    """The Index of a parsed index.json, checked."""
    what = "the safetensors index" if name is None else shorten(name)
    weight_map = value.get("weight_map")
    if not isinstance(weight_map, dict) or not all(isinstance(v, str) for v in weight_map.values()):
        raise ValueError("%s: its weight_map is not an object of tensor name -> file name. Received: %s"
                         % (what, shorten(weight_map)))
    if len(weight_map) > MAX_TENSORS:
        raise ValueError("%s lists %d tensors; the limit is %d." % (what, len(weight_map), MAX_TENSORS))
    metadata = value.get("metadata")
    total = metadata.get("total_size") if isinstance(metadata, dict) else None
    if total is not None and (not _is_int(total) or total < 0):
        raise ValueError("%s: its metadata.total_size is not a number of bytes. Received: total_size=%s"
                         % (what, shorten(total)))
    return Index(weight_map, total, name)


def base_name(name):
    """A file name without its folders (the index names files without them)."""
    return name.replace("\\", "/").split("/")[-1] if name else name


def summarize_checkpoint(shards, index=None, name=None):
    """One Summary of a checkpoint: the Shards given (one file, or several of one sharded
    checkpoint) and, optionally, its Index. Tensors the index names in files not given are
    rows of unknown size, and the totals are partial."""
    remarks = []
    not_followed = []
    tensors = []
    seen = {}
    for shard in shards:
        for t in shard.tensors:
            if t.full_name in seen:
                raise ValueError("tensor %s is in %s and in %s: these are not the shards of one checkpoint."
                                 % (shorten(t.full_name), shorten(seen[t.full_name]), shorten(shard.name)))
            seen[t.full_name] = shard.name
            tensors.append(t)
    if len(tensors) > MAX_TENSORS:
        raise ValueError("the checkpoint has %d tensors; the limit is %d." % (len(tensors), MAX_TENSORS))
    given = [base_name(s.name) for s in shards]
    missing = {}
    if index is not None:
        for tensor_name in index.weight_map:
            if tensor_name not in seen:
                file = index.weight_map[tensor_name]
                missing[file] = missing.get(file, 0) + 1
                path = _path(tensor_name)
                tensors.append(StoredTensor(tensor_name, path, None, None, 0, None, path[-1] in BUFFER_NAMES, file))
        for file in sorted(missing):
            not_followed.append("%s was not given: the index names its %d tensors, not their shapes or "
                                "dtypes, so they are not counted." % (shorten(file), missing[file]))
    else:
        not_followed.extend(_missing_shards(given))
    remarks.extend(_tied(shards, seen))
    summary = Summary(base_name(name) or "", "safetensors", _rows(_tree(tensors)), (), not_followed,
                      framework="torch", remarks=remarks, stored=_stored(tensors, index if missing else None))
    buffers = [t for t in tensors if t.buffer]
    if buffers:
        summary.remarks.append(
            "%d tensors named like torch.nn's buffers (%s) are counted as buffers, apart from the "
            "parameters: %s values. The header cannot tell a buffer from a parameter: one under "
            "another name counts as a parameter." % (len(buffers), ", ".join(BUFFER_NAMES),
                                                      fmt_int(sum(t.count for t in buffers if t.known))))
    summary.remarks.append("A checkpoint does not record which parameters are frozen: all are counted "
                           "as trainable.")
    return summary


def _missing_shards(given):
    """Notes for the shards of a model-0000k-of-0000n.safetensors set that were not given."""
    numbered = [(g, shard_number(g)) for g in given if g and shard_number(g) is not None]
    if not numbered:
        return []
    first, (stem, _, count) = numbered[0]
    width = len(first[:-len(".safetensors")].split("-")[-1])  # the zero-padding of the names
    have = set(n[1] for _, n in numbered)
    absent = []
    k = 1
    while k <= count and len(absent) < MAX_LISTED:  # a name may claim a billion shards
        if k not in have:
            absent.append("%s-%0*d-of-%0*d.safetensors" % (stem, width, k, width, count))
        k += 1
    if not absent:
        return []
    more = count - len(have) - len(absent)
    return ["Shards not given (the totals leave out their tensors): %s." % listed(absent, more)]


def _tied(shards, seen):
    """Remarks for the tensors save_model dropped as copies of another (tied weights): its
    __metadata__ maps each dropped name to the one kept."""
    tied = []
    for shard in shards:
        for dropped in sorted(shard.metadata):
            kept = shard.metadata[dropped]
            if kept in seen and dropped not in seen:
                tied.append("%s = %s" % (dropped, kept))
    if not tied:
        return []
    return ["Tied weights, stored once and counted once: %s." % listed(tied)]


def _stored(tensors, index):
    """Bytes and values per dtype, largest first; then the index's total, when given for
    shards that are missing."""
    by_dtype = {}
    for t in tensors:
        if t.known:
            entry = by_dtype.setdefault(t.dtype, [0, 0])
            entry[0] += t.count
            entry[1] += t.nbytes
    stored = [{"dtype": d, "values": by_dtype[d][0], "bytes": by_dtype[d][1]}
              for d in sorted(by_dtype, key=lambda d: (-by_dtype[d][1], d))]
    if index is not None and index.total_size is not None:
        stored.append({"dtype": "all dtypes, all shards (the index's total_size)", "values": None,
                       "bytes": index.total_size})
    return stored


class _Node:
    def __init__(self):
        self.tensors = []
        self.children = {}


def _tree(tensors):
    root = _Node()
    for t in tensors:
        node = root
        for part in t.path[:-1]:
            child = node.children.get(part)
            if child is None:
                child = node.children[part] = _Node()
            node = child
        node.tensors.append(t)
    return root


def _natural(name):
    """Sort key: names in order, numbers as numbers (layers.2 before layers.10)."""
    return (0, int(name), "") if name.isdigit() else (1, 0, name)


def _rows(node):
    """A module's sub-modules, then the tensors it holds itself (a ViT's cls_token), a row each."""
    rows = [_module_row(key, node.children[key]) for key in sorted(node.children, key=_natural)]
    own = sorted(node.tensors, key=lambda t: _natural(t.name))
    return rows + [_leaf_row(t.name, "tensor", [t]) for t in own]


def _module_row(name, node):
    if not node.children:
        return _leaf_row(name, "module", node.tensors)
    child = Summary(name, "module", _rows(node), framework="torch")
    params = buffers = 0
    dtypes = {}
    known = True
    for r in child.rows:  # the totals in one pass: a checkpoint has hundreds of modules
        params += r.params
        buffers += r.buffers
        known = known and r.known
        for d in r.dtypes:
            dtypes[d] = dtypes.get(d, 0) + r.dtypes[d]
    return Row(name, "module", None, params, params, True, children=child, buffers=buffers, dtypes=dtypes,
               known=known, problem=None if known else "some tensors inside are not in the files given")


def _leaf_row(name, class_name, tensors):
    """A module's own tensors, parameters first, in name order."""
    if len(tensors) > 1:
        tensors = sorted(tensors, key=lambda t: (t.buffer, _natural(t.name)))
    params = buffers = 0
    dtypes = {}
    known = []
    for t in tensors:
        if t.known:
            known.append(t)
            dtypes[t.dtype] = dtypes.get(t.dtype, 0) + t.count
            if t.buffer:
                buffers += t.count
            else:
                params += t.count
    module = Result(name, known, None, framework="torch")  # its formula counts the parameters
    if len(known) < len(tensors):
        absent = [t for t in tensors if not t.known]
        return Row(name, class_name, None, params, params, True, result=module, buffers=buffers,
                   dtypes=dtypes, known=False,
                   problem="%s only in %s, not given: the index names tensors, not their shapes"
                           % (", ".join(t.name for t in absent), shorten(absent[0].file)))
    return Row(name, class_name, None, params, params, True, result=module, buffers=buffers, dtypes=dtypes)
