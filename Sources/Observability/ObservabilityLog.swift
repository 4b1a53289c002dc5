import Logging

/// The module's logger, `sharp.observability`: the endpoint's address.
let observabilityLog = Logger(label: "sharp.observability")
