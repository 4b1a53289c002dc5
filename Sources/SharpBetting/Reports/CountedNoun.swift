/// A count with its noun in the right number, for the messages and reports people read.
///
/// ```swift
/// counted(1, "signal")              // "1 signal"
/// counted(0, "signal")              // "0 signals"
/// counted(3, "batch", "batches")    // "3 batches"
/// ```
///
/// Contract: the singular only for exactly 1 (0 and every other count take the plural, as in
/// "0 alerts"); the plural defaults to the singular with an "s" appended. The number is printed
/// as is, with no grouping.
public func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(count) " + (count == 1 ? singular : plural ?? singular + "s")
}
