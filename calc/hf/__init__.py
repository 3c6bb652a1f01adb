"""Parameter totals of a Hugging Face model from its config.json, without transformers.

A config.json names its architecture (`model_type`) and the class it was saved from
(`architectures`, e.g. LlamaForCausalLM). Each architecture's module (decoders.py,
encoders.py) lists the weight tensors transformers creates for that class, as
calc.weights.Weight objects whose shapes are symbols of the config's fields; the counts,
the formulas and the memory figures are all read off those tensors. Weights that
transformers ties (a language-model head sharing the token embedding) are listed once,
as `model.parameters()` counts them.

A field the config.json leaves out takes the default of transformers' config class for
that architecture, and the summary says so in its notes.
"""

from calc.dims import sym
from calc.model import Row, Summary
from calc.text import received, shorten
from calc.weights import Result, Weight

# Sizes beyond these are refused: they keep the arithmetic and the page's figures sane
# (the largest published models have hidden sizes of 16,384 and vocabularies of 256,000).
MAX_DIM = 1 << 20
MAX_VOCAB = 1 << 24
MAX_LAYERS = 10000
MAX_EXPERTS = 4096
MAX_LABELS = 1 << 20
MAX_SEQ_LEN = 1 << 24
MAX_BATCH = 1 << 16
DEFAULT_SEQ_LEN = 4096
DEFAULT_BATCH = 1
KV_BYTES = 2  # the KV cache in bfloat16 / float16, as transformers keeps it by default


def is_hf_config(data):
    """Whether parsed JSON looks like a transformers config.json: an object with a
    model_type or an architectures list, and not Keras's {"class_name", "config"} shape."""
    if not isinstance(data, dict) or ("class_name" in data and "config" in data):
        return False
    return isinstance(data.get("model_type"), str) or isinstance(data.get("architectures"), list)


class Fields:
    """The config's fields as the counts read them: checked, with the defaults of
    transformers' config class (`config_class`) where a field is missing, noted."""

    def __init__(self, config, config_class, defaults):
        self.config = config
        self.config_class = config_class
        self.defaults = defaults  # {field: the config class's default}
        self.notes = []

    def value(self, names, default):
        for name in names:
            if self.config.get(name) is not None:
                return name, self.config[name]
        if default is None:
            raise ValueError("config.json has no %s, which the %s count needs."
                             % (names[0], self.config_class))
        note = "%s is not in config.json: %s's default, %s, is used." % (names[0], self.config_class, default)
        if note not in self.notes:  # a field read twice (once per layer kind) is said once
            self.notes.append(note)
        return names[0], default

    def int(self, names, default=None, high=MAX_DIM, low=1):
        names = (names,) if isinstance(names, str) else names
        name, value = self.value(names, self.defaults.get(names[0]) if default is None else default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("config.json: %s must be a whole number. %s" % (name, received(name, value)))
        if not low <= value <= high:
            raise ValueError("config.json: %s must be from %d to %d. %s" % (name, low, high, received(name, value)))
        return value

    def flag(self, name, default=None):
        name, value = self.value((name,), self.defaults.get(name) if default is None else default)
        if not isinstance(value, bool):
            raise ValueError("config.json: %s must be true or false. %s" % (name, received(name, value)))
        return value

    def text(self, name, default=None):
        name, value = self.value((name,), self.defaults.get(name) if default is None else default)
        if not isinstance(value, str):
            raise ValueError("config.json: %s must be a string. %s" % (name, received(name, value)))
        return value

    def dim(self, names, default=None, high=MAX_DIM, low=1):
        """An integer field as a named symbol of the formulas."""
        names = (names,) if isinstance(names, str) else names
        return sym(names[0], self.int(names, default, high, low))

    def labels(self):
        """The classifier's outputs: id2label's size, else num_labels, else 2 (transformers')."""
        id2label = self.config.get("id2label")
        if isinstance(id2label, dict) and id2label:
            if len(id2label) > MAX_LABELS:
                raise ValueError("config.json: id2label has more than %d labels." % MAX_LABELS)
            return sym("num_labels", len(id2label), meaning="the entries of id2label")
        return self.dim("num_labels", 2, MAX_LABELS)


class Part:
    """One row of the summary: a module (or a stack of identical layers) and its weights."""

    def __init__(self, name, class_name, weights):
        self.name = name
        self.class_name = class_name
        self.weights = weights


def linear(name, n_in, n_out, bias=True):
    """nn.Linear(n_in, n_out): weight (out, in), bias (out,)."""
    weights = [Weight(_named(name, "weight"), (n_out, n_in))]
    return weights + [Weight(_named(name, "bias"), (n_out,))] if bias else weights


def norm(name, size, bias=True):
    """nn.LayerNorm (weight and bias) or an RMSNorm (weight only)."""
    return [Weight(_named(name, "weight"), (size,))] + ([Weight(_named(name, "bias"), (size,))] if bias else [])


def _named(module, leaf):
    return module + "." + leaf if module else leaf


def stacked(count, weights):
    """The weights of `count` identical layers, as one tensor each with a leading axis."""
    return [Weight(w.name, (count,) + tuple(w.shape), w.trainable) for w in weights]


class HFSummary(Summary):
    """A Summary of a config.json: PyTorch's framework, notes on the fields read, the
    parameters one token uses (mixture-of-experts models) and the KV cache's size."""

    def __init__(self, model_name, class_name, rows, notes, kv_per_token, active_params=None,
                 seq_len=DEFAULT_SEQ_LEN, batch=DEFAULT_BATCH):
        Summary.__init__(self, model_name, class_name, rows, framework="torch")
        self.config_notes = notes
        self.kv_per_token = kv_per_token  # cached key and value elements per token, or None
        self.active_params = active_params
        self.seq_len = seq_len
        self.batch = batch

    def with_cache(self, seq_len, batch):
        """The same summary with the KV cache sized for another sequence length and batch."""
        return HFSummary(self.model_name, self.class_name, self.rows, self.config_notes,
                         self.kv_per_token, self.active_params, check_seq_len(seq_len), check_batch(batch))

    def memory(self):
        memory = Summary.memory(self)
        total = self.total_params
        memory["weights"].append({"dtype": "int4", "bytes": (total + 1) // 2})
        if self.kv_per_token is not None:
            memory["kv_cache"] = {
                "bytes": self.kv_per_token * self.seq_len * self.batch * KV_BYTES,
                "seq_len": self.seq_len, "batch": self.batch, "dtype": "bfloat16 / float16",
                "what": "the keys and values the attention layers cache for seq_len tokens of each "
                        "of batch sequences",
            }
        return memory

    def to_json(self, source=None):
        data = Summary.to_json(self, source)
        if self.active_params is not None:
            data["active_params_per_token"] = self.active_params
        data["notes"] = {"skipped": [], "not_followed": [], "config": self.config_notes}
        return data


def check_seq_len(value):
    return _count("seq_len", value, MAX_SEQ_LEN)


def check_batch(value):
    return _count("batch", value, MAX_BATCH)


def _count(name, value, high):
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
        raise ValueError("%s must be a whole number from 1 to %d. %s" % (name, high, received(name, value)))
    return value


def summarize_config(config, seq_len=DEFAULT_SEQ_LEN, batch=DEFAULT_BATCH):
    """The HFSummary of a parsed config.json."""
    from calc.hf.architectures import ARCHITECTURES  # the weight lists, loaded when needed

    model_type = config.get("model_type")
    if not isinstance(model_type, str):
        raise ValueError("config.json has no model_type; it says which architecture to count (%s)."
                         % ", ".join(sorted(ARCHITECTURES)))
    if model_type not in ARCHITECTURES:
        raise ValueError("model_type %s is not one calc knows. Known: %s."
                         % (shorten(model_type), ", ".join(sorted(ARCHITECTURES))))
    family = ARCHITECTURES[model_type]
    class_name, head, notes = _class(config, family)
    fields = Fields(config, family.config_class, family.defaults)
    parts, kv_per_token, active = family.builder(fields, head, model_type, family.prefix)
    rows = [_row(p) for p in parts]
    name = config.get("_name_or_path") if isinstance(config.get("_name_or_path"), str) else model_type
    return HFSummary(name[:200], class_name, rows, notes + fields.notes + family.buffer_notes,
                     kv_per_token, active, check_seq_len(seq_len), check_batch(batch))


def _class(config, family):
    """The class named in `architectures` and which head it puts on the base model."""
    architectures = config.get("architectures")
    if architectures is None:
        return family.prefix + "Model", "base", [
            "config.json names no class (architectures): the base model, %sModel, is counted." % family.prefix]
    if not isinstance(architectures, list) or not architectures or not isinstance(architectures[0], str):
        raise ValueError("config.json: architectures must be a list of class names. %s"
                         % received("architectures", architectures))
    class_name = architectures[0]
    for suffix, head in family.heads:
        if class_name == family.prefix + suffix:
            return class_name, head, []
    raise ValueError("%s is not a class calc counts for model_type %s. Known: %s."
                     % (shorten(class_name), family.model_type,
                        ", ".join(family.prefix + suffix for suffix, _ in family.heads)))


def _row(part):
    result = Result(part.name, part.weights, None)
    trainable = result.trainable_params
    # Buffers: none of these models keeps a persistent one (rotary frequencies, position
    # ids and the like are non-persistent, named in the notes); the oracle checks state_dict.
    return Row(part.name, part.class_name, None, result.total_params, trainable, trainable > 0 or not part.weights,
               result=result, buffers=0)

