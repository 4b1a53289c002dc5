import DuckDBKit

extension SlateDate {
    /// The day as a DuckDB `DATE`.
    ///
    /// ```swift
    /// SlateDate("2025-06-17")!.duckDBDate.description   // "2025-06-17"
    /// ```
    public var duckDBDate: DuckDBDate { DuckDBDate(year: year, month: month, day: day) }

    /// The day of a DuckDB `DATE`, or nil outside the years 1900…9999.
    public init?(_ date: DuckDBDate) {
        let parts = date.components
        self.init(year: parts.year, month: parts.month, day: parts.day)
    }
}
