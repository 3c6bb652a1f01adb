"""nn.Module itself (torch/nn/modules/module.py), which torch.nn.modules.__all__ lists: the
base class every module derives from. A bare nn.Module() takes no arguments and registers
nothing, so it is catalogued as weight-free; a subclass's tensors are its own entry's."""

from calc.torch_spec import TorchSpec, register


class Module(TorchSpec):
    family = "module"
    takes_factory_args = False
    weight_free_reason = ("it is the base class: a bare nn.Module() registers no parameters or "
                          "buffers; its subclasses do")


register(Module("nn.Module", summary="The base class of every torch.nn module; on its own it "
                "holds nothing."))
