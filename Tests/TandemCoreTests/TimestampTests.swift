import Testing

@testable import TandemCore

@Suite("ISO-8601 timestamps as the Segment clients send them")
struct TimestampTests {
    static let reference = 1_795_732_214.0  // 2026-11-26T22:30:14Z

    @Test(
        "every form parses to the same instant",
        arguments: [
            "2026-11-26T22:30:14Z", "2026-11-26T22:30:14+00:00", "2026-11-26T23:30:14+01:00", "2026-11-26T17:30:14-05:00",
            "2026-11-26T22:30:14.000Z", "2026-11-26T22:30:14.000000+00:00", "2026-11-26 22:30:14Z", "2026-11-26T23:30:14+0100",
        ])
    func parses(_ text: String) throws {
        let seconds = try #require(Timestamp.parse(text))
        #expect(abs(seconds - Self.reference) < 0.001)
    }

    @Test("fractions keep their precision")
    func fractions() throws {
        let seconds = try #require(Timestamp.parse("2026-11-26T22:30:14.257+00:00"))
        #expect(abs(seconds - (Self.reference + 0.257)) < 0.0001)
    }

    @Test(
        "garbage is refused",
        arguments: ["", "yesterday", "2026-13-01T00:00:00Z", "2026-11-26T25:00:00Z", "2026-11-26T22:30:14.Z", "2026-11-26T22:30:14 UTC"])
    func refuses(_ text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test("formatting and parsing round-trip")
    func roundTrip() throws {
        let text = Timestamp.format(Self.reference + 0.5)
        #expect(text == "2026-11-26T22:30:14.500Z")
        #expect(Timestamp.parse(text) == Self.reference + 0.5)
    }
}
