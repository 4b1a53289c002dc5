import Logging

/// The module's logger, `sharp.bench`: each progress note at debug (the notes themselves go
/// to standard error unless the run is silent).
let benchmarkLog = Logger(label: "sharp.bench")
