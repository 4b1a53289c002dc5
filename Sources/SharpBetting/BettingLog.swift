import Logging

/// The module's logger, `sharp.betting`: captures, failed and stale sources, detections.
let bettingLog = Logger(label: "sharp.betting")
