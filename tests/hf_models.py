"""Hugging Face models as transformers builds them from a config.json, for the tests that
compare calc with them (tests/test_hf_config.py, tests/test_torch_print_tied.py)."""

import torch
import transformers

from calc.hf.architectures import ARCHITECTURES

# Class names transformers 5 no longer exports, as the config.json files of 2019 wrote them.
RENAMED = {"T5WithLMHeadModel": "T5ForConditionalGeneration"}


def build(config):
    """The class the config names, built by transformers on the meta device."""
    cfg = dict(config)
    model_type = cfg.pop("model_type")
    class_name = (config.get("architectures") or [ARCHITECTURES[model_type].prefix + "Model"])[0]
    hf_config = transformers.AutoConfig.for_model(model_type, **cfg)
    with torch.device("meta"):
        return getattr(transformers, RENAMED.get(class_name, class_name))(hf_config)
