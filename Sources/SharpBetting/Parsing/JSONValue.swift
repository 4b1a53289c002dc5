import Foundation

/// A parsed JSON document, kept generic so parsers can name exactly which key is missing or
/// has the wrong type instead of failing the whole payload.
enum JSONValue: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Decodes `data`, or nil when it is not JSON.
    static func decode(_ data: Data) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: data)
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    var isNull: Bool { if case .null = self { true } else { false } }
    var object: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }
    var array: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
    var string: String? { if case .string(let value) = self { value } else { nil } }
    var number: Double? { if case .number(let value) = self { value } else { nil } }

    /// The number as an Int when it is integral.
    var int: Int? {
        guard let number, number.rounded() == number, abs(number) < 9e15 else { return nil }
        return Int(number)
    }

    /// A short rendering for error messages.
    var brief: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .number(let value): value.rounded() == value && abs(value) < 1e15
            ? String(Int(value)) : String(value)
        case .string(let value): "'\(value)'"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// Reads required and optional fields of one JSON object, throwing ``FieldError`` that names
/// the full path (e.g. `bettingSplits.moneyline.home.stakePercentage`).
struct JSONFieldReader: Sendable {
    let value: JSONValue
    let path: String

    init(_ value: JSONValue, path: String = "") {
        self.value = value
        self.path = path
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value at `key`, which must exist and not be null.
    func required(_ key: String) throws(FieldError) -> JSONFieldReader {
        guard let child = value[key], !child.isNull else {
            throw FieldError(field: fieldPath(key), kind: .missingField, message: "missing")
        }
        return JSONFieldReader(child, path: fieldPath(key))
    }

    /// The value at `key`, or nil when absent or null.
    func optional(_ key: String) -> JSONFieldReader? {
        guard let child = value[key], !child.isNull else { return nil }
        return JSONFieldReader(child, path: fieldPath(key))
    }

    func string() throws(FieldError) -> String {
        guard let text = value.string else { throw wrongType("a string") }
        return text
    }

    func number() throws(FieldError) -> Double {
        guard let number = value.number else { throw wrongType("a number") }
        return number
    }

    func int() throws(FieldError) -> Int {
        guard let number = value.int else { throw wrongType("an integer") }
        return number
    }

    func date() throws(FieldError) -> Date {
        let text = try string()
        guard let date = UTCTimestamp.parse(text) else {
            throw FieldError(field: path, kind: .invalidValue, message: "'\(text)' is not an ISO-8601 time")
        }
        return date
    }

    func array() throws(FieldError) -> [JSONValue] {
        guard let items = value.array else { throw wrongType("an array") }
        return items
    }

    /// A percentage in 0…100.
    func percentage() throws(FieldError) -> Double {
        guard let number = value.number else {
            throw FieldError(field: path, kind: .notAPercentage, message: "\(value.brief) is not a percentage")
        }
        return try Percentages.checkRange(number, field: path)
    }

    private func wrongType(_ expected: String) -> FieldError {
        FieldError(field: path, kind: .invalidValue, message: "\(value.brief) is not \(expected)")
    }
}
