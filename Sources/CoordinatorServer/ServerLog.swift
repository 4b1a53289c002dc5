import Logging

/// The module's logger, `sharp.server`: sessions opened, closed and refused.
let serverLog = Logger(label: "sharp.server")
