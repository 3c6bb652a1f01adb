"""SimpleRNN, LSTM, GRU and ConvLSTM build with the default adapter (one input, keyword
arguments as sampled); the wrappers' adapters are in wrappers.py."""

ADAPTERS = {}
