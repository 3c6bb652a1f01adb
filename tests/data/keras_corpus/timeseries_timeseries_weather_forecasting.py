# Source: https://github.com/keras-team/keras-io/blob/master/examples/timeseries/timeseries_weather_forecasting.py (keras-io, Apache-2.0)
# Edits: written anew after the example's LSTM forecaster (same layers and constants), not copied; the Jena climate download, normalization, datasets and training left out; the input shape the example reads off a batch is computed from its constants (past // step time steps, 7 selected features).
import keras

titles = [
    "Pressure",
    "Temperature",
    "Temperature in Kelvin",
    "Temperature (dew point)",
    "Relative Humidity",
    "Saturation vapor pressure",
    "Vapor pressure",
    "Vapor pressure deficit",
    "Specific humidity",
    "Water vapor concentration",
    "Airtight",
    "Wind speed",
    "Maximum wind speed",
    "Wind direction in degrees",
]

feature_keys = [
    "p (mbar)",
    "T (degC)",
    "Tpot (K)",
    "Tdew (degC)",
    "rh (%)",
    "VPmax (mbar)",
    "VPact (mbar)",
    "VPdef (mbar)",
    "sh (g/kg)",
    "H2OC (mmol/mol)",
    "rho (g/m**3)",
    "wv (m/s)",
    "max. wv (m/s)",
    "wd (deg)",
]

split_fraction = 0.715
step = 6

past = 720
future = 72
learning_rate = 0.001
batch_size = 256
epochs = 10

print(
    "The selected parameters are:",
    ", ".join([titles[i] for i in [0, 1, 5, 7, 8, 10, 11]]),
)
selected_features = [feature_keys[i] for i in [0, 1, 5, 7, 8, 10, 11]]

sequence_length = int(past / step)

inputs = keras.layers.Input(shape=(sequence_length, len(selected_features)))
lstm_out = keras.layers.LSTM(32)(inputs)
outputs = keras.layers.Dense(1)(lstm_out)

model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate), loss="mse")
model.summary()
# model: model
