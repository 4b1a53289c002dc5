import Logging

/// The module's logger, `sharp.coordinator`. Its handler is whatever the process bootstrapped
/// (the CLI: text or JSON lines on standard error, `--log-level`, `--log-format`).
let coordinatorLog = Logger(label: "sharp.coordinator")
