import TandemCore

/// A moment as the API writes it: an RFC 3339 text in UTC (`2026-01-31T12:00:00.000Z`).
struct APITime: Codable, Sendable, Hashable, DocumentedSchema {
    let seconds: Double

    init(_ seconds: Double) {
        self.seconds = seconds
    }

    init?(_ seconds: Double?) {
        guard let seconds else { return nil }
        self.seconds = seconds
    }

    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let seconds = Timestamp.parse(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not an ISO-8601 date-time"))
        }
        self.seconds = seconds
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Timestamp.format(seconds))
    }

    static let schema: JSONValue = ["type": "string", "format": "date-time"]
    static let sample = APITime(0)
}
