"""Summaries of .safetensors checkpoints compared with torch itself: real models (torchvision's
constructors with weights=None; transformers' BERT, T5, Llama, ViT, DistilBERT and GPT-2
classes built from small configs), saved by safetensors.torch.save_model and transformers'
save_pretrained, then read back by calc from their headers. The expected counts are torch's:
parameters() (a tied weight once) and the buffers the state dict saves, per module too.
Nothing is downloaded."""

import json
import subprocess
import sys

import pytest

torch = pytest.importorskip("torch")
torchvision = pytest.importorskip("torchvision")
from safetensors import safe_open  # noqa: E402
from safetensors.torch import save_model  # noqa: E402

from calc.model_source import summarize_data  # noqa: E402

ROOT = __file__.rsplit("/tests/", 1)[0]

# torchvision's model builders (torchvision/models/*.py), with their own default configs;
# BatchNorm everywhere but in vit (LayerNorm, a class token and position embedding held by
# modules that have sub-modules too) and squeezenet (no normalization).
TORCHVISION = ["resnet18", "mobilenet_v3_small", "squeezenet1_1", "shufflenet_v2_x0_5", "mnasnet0_5",
               "efficientnet_b0", "regnet_x_400mf", "densenet121", "googlenet"]


def numel(tensors):
    return sum(t.numel() for t in tensors)


def summary_of(path):
    with open(path, "rb") as f:
        return summarize_data(f, name=str(path))


def rows_by_path(summary, prefix=""):
    """{dotted module path: Row} of every row, nested ones included."""
    found = {}
    for row in summary.rows:
        path = prefix + row.name
        found[path] = row
        if row.children is not None:
            found.update(rows_by_path(row.children, path + "."))
    return found


def compare_modules(summary, model, path):
    """Each module's row counts what torch's submodule holds, parameters and buffers apart;
    a module holding a tied weight whose copy was stored under another module's name is
    left out (its row does not hold it, its submodule does)."""
    with safe_open(str(path), "pt") as f:  # the names safetensors itself reads back
        stored = set(f.keys())
    dropped = [n for n in model.state_dict() if n not in stored]
    compared = 0
    for path_name, row in rows_by_path(summary).items():
        if row.class_name == "tensor" or any(d.startswith(path_name + ".") for d in dropped):
            continue  # a tensor a module holds itself (vit's class_token), or a tied weight inside
        module = model.get_submodule(path_name)
        assert (row.params, row.buffers) == (numel(module.parameters()), persistent_buffers(module)), path_name
        compared += 1
    assert compared > 0


def torchvision_model(name):
    # googlenet's builder asks for init_weights when no weights are given; aux_logits as default.
    kwargs = {"init_weights": False} if name == "googlenet" else {}
    return getattr(torchvision.models, name)(weights=None, **kwargs)


@pytest.mark.parametrize("name", TORCHVISION)
def test_torchvision_models_match_torch(name, tmp_path):
    model = torchvision_model(name)
    path = tmp_path / (name + ".safetensors")
    save_model(model, str(path))
    summary = summary_of(path)
    assert summary.total_params == numel(model.parameters())
    assert summary.buffers == numel(model.buffers())  # all of torchvision's buffers are persistent
    assert not summary.partial
    compare_modules(summary, model, path)
    # Bytes per dtype: torch's element sizes over the state dict.
    expected = {}
    for tensor in model.state_dict().values():
        expected[str(tensor.dtype)] = expected.get(str(tensor.dtype), 0) + tensor.numel() * tensor.element_size()
    names = {"F32": "torch.float32", "I64": "torch.int64"}
    assert {names[m["dtype"]]: m["bytes"] for m in summary.memory()["weights"]} == expected


def test_vision_transformer_tensors_held_by_a_module_itself(tmp_path):
    # torchvision/models/vision_transformer.py: VisionTransformer holds class_token itself,
    # its encoder pos_embedding. A small configuration of the real class.
    from torchvision.models.vision_transformer import VisionTransformer

    model = VisionTransformer(image_size=32, patch_size=8, num_layers=2, num_heads=2, hidden_dim=16, mlp_dim=32)
    path = tmp_path / "vit.safetensors"
    save_model(model, str(path))
    summary = summary_of(path)
    assert summary.total_params == numel(model.parameters()) and summary.buffers == 0
    rows = rows_by_path(summary)
    assert rows["class_token"].params == model.class_token.numel()
    assert rows["encoder"].params == numel(model.encoder.parameters())
    assert rows["encoder.pos_embedding"].params == model.encoder.pos_embedding.numel()


def gpt2(n_embd=32):
    from transformers import GPT2Config, GPT2LMHeadModel

    # A tiny GPT-2 from transformers' own config class; lm_head is tied to wte by default.
    return GPT2LMHeadModel(GPT2Config(n_layer=2, n_embd=n_embd, n_head=2, vocab_size=100, n_positions=16,
                                      bos_token_id=0, eos_token_id=0))


def persistent_buffers(model):
    """Buffers saved in the state dict (transformers registers its own non-persistent)."""
    parameters = dict(model.named_parameters(remove_duplicate=False))
    return sum(t.numel() for k, t in model.state_dict().items() if k not in parameters)


def transformers_model(name):
    """Small configurations of transformers' own model classes (transformers/models/*/)."""
    import transformers as t

    if name == "bert":
        return t.BertModel(t.BertConfig(hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                                        intermediate_size=64, vocab_size=100))
    if name == "t5":  # the shared embedding tied to the encoder's, the decoder's and lm_head
        return t.T5ForConditionalGeneration(t.T5Config(d_model=32, d_ff=64, num_layers=2, num_heads=2,
                                                       vocab_size=100, d_kv=16))
    if name == "llama":  # lm_head untied, grouped key/value heads
        return t.LlamaForCausalLM(t.LlamaConfig(hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                                                num_attention_heads=2, num_key_value_heads=1, vocab_size=100))
    if name == "vit":
        return t.ViTModel(t.ViTConfig(hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                                      intermediate_size=64, image_size=32, patch_size=8))
    if name == "distilbert":
        return t.DistilBertModel(t.DistilBertConfig(dim=32, hidden_dim=64, n_layers=2, n_heads=2, vocab_size=100))
    return gpt2()


@pytest.mark.parametrize("name", ["bert", "t5", "llama", "vit", "distilbert", "gpt2"])
def test_transformers_models_match_torch(name, tmp_path):
    pytest.importorskip("transformers")
    model = transformers_model(name)
    path = tmp_path / (name + ".safetensors")
    save_model(model, str(path))
    summary = summary_of(path)
    assert summary.total_params == numel(model.parameters())  # a tied weight once
    assert summary.buffers == persistent_buffers(model)
    compare_modules(summary, model, path)


def test_tied_weights_stored_once_are_counted_once(tmp_path):
    model = gpt2()
    assert model.lm_head.weight is model.transformer.wte.weight
    path = tmp_path / "gpt2.safetensors"
    save_model(model, str(path))
    summary = summary_of(path)
    assert summary.total_params == numel(model.parameters())  # parameters() yields a tied one once
    assert summary.buffers == persistent_buffers(model)
    assert any("transformer.wte.weight" in r and "lm_head.weight" in r for r in summary.remarks)
    rows = rows_by_path(summary)
    layer = model.transformer.h[1]
    assert rows["transformer.h.1"].params == numel(layer.parameters())
    assert rows["transformer.h.1.attn.c_attn"].dtypes == {"F32": numel(layer.attn.c_attn.parameters())}


def test_half_precision_bytes(tmp_path):
    model = torchvision_model("squeezenet1_1").to(torch.bfloat16)
    path = tmp_path / "bf16.safetensors"
    save_model(model, str(path))
    summary = summary_of(path)
    assert summary.memory()["weights"] == [{"dtype": "BF16", "values": numel(model.parameters()),
                                            "bytes": 2 * numel(model.parameters())}]


def run_cli(*args):
    done = subprocess.run([sys.executable, "-m", "calc", "summary"] + [str(a) for a in args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


def test_sharded_checkpoint_from_save_pretrained(tmp_path):
    # transformers' save_pretrained writes the shards and model.safetensors.index.json.
    model = gpt2(n_embd=64)
    model.save_pretrained(str(tmp_path), max_shard_size="100KB")
    index = json.loads((tmp_path / "model.safetensors.index.json").read_text())
    shards = sorted(set(index["weight_map"].values()))
    assert len(shards) > 2
    total = numel(model.parameters())
    # The shards alone, in any order, the index with them, or the index alone (its shards
    # sit beside it): one summary each time.
    for args in (shards[::-1], ["model.safetensors.index.json"] + shards, ["model.safetensors.index.json"]):
        code, out, err = run_cli(*([tmp_path / a for a in args] + ["--json"]))
        assert code == 0, err
        lines = out.splitlines()
        assert len(lines) == 1, out
        data = json.loads(lines[0])
        assert (data["total_params"], data["framework"], data.get("partial")) == (total, "torch", None)
        assert len(data["files"]) == len(shards) + (args[0].endswith(".json"))
    # One shard: partial, the others named.
    code, out, err = run_cli(tmp_path / shards[0], "--json")
    data = json.loads(out)
    assert data["partial"] and data["total_params"] < total
    assert shards[1] in " ".join(data["notes"]["not_followed"])


def test_index_alone_tells_names_and_bytes_only(tmp_path):
    model = gpt2(n_embd=64)
    model.save_pretrained(str(tmp_path), max_shard_size="100KB")
    index_path = tmp_path / "elsewhere.safetensors.index.json"
    index_path.write_text((tmp_path / "model.safetensors.index.json").read_text())
    for shard in tmp_path.glob("model-*.safetensors"):
        shard.unlink()
    code, out, err = run_cli(index_path)
    assert code == 0, err
    assert "partial" in out and "was not given" in out
    code, out, err = run_cli(index_path, "--json")
    data = json.loads(out)
    total_size = json.loads(index_path.read_text())["metadata"]["total_size"]
    assert data["memory"]["weights"][-1]["bytes"] == total_size
    assert data["total_params"] == 0 and data["partial"]


def test_cli_text_names_buffers_and_dtypes(tmp_path):
    model = torchvision_model("resnet18")
    save_model(model, str(tmp_path / "r.safetensors"))
    code, out, err = run_cli(tmp_path / "r.safetensors")
    assert code == 0, err
    params = numel(model.parameters())
    assert "Total params: {:,}".format(params) in out
    assert "Buffers (persistent, not parameters): {:,}".format(numel(model.buffers())) in out
    assert "Stored in F32" in out and "Stored in I64" in out


def test_damaged_files_give_one_line(tmp_path):
    model = torchvision_model("squeezenet1_1")
    path = tmp_path / "s.safetensors"
    save_model(model, str(path))
    data = path.read_bytes()
    cases = {"truncated.safetensors": data[: len(data) // 2],
             "huge.safetensors": (100 * 1024 ** 3).to_bytes(8, "little") + data[8:],
             "dtype.safetensors": data.replace(b'"F32"', b'"F31"', 1)}
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
    code, out, err = run_cli(*[tmp_path / n for n in cases])
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 3, err
    assert "go past the data" in lines[0] or "past the file's end" in lines[0]
    assert "claims 107,374,182,400 bytes" in lines[1]
    assert "unknown dtype" in lines[2] and "F31" in lines[2]
