import Testing

@testable import TandemCore

@Suite("Sales activity input")
struct SalesActivityInputTests {
    static let now = 1_790_000_000.0

    func input(
        kind: String? = "call", outcome: String? = "connected", at: Double? = nil, minutes: String? = nil, subject: String? = nil,
        notes: String? = nil
    ) throws(ValidationErrors) -> SalesActivityInput {
        try SalesActivityInput(
            kind: kind, outcome: outcome, occurredAt: at, durationMinutes: minutes, subject: subject, notes: notes, now: Self.now)
    }

    func fields(_ body: () throws(ValidationErrors) -> SalesActivityInput) -> [String] {
        do {
            _ = try body()
            return []
        } catch {
            return error.errors.compactMap(\.field)
        }
    }

    @Test("a call with its outcome, time, minutes and notes is read as given; the time defaults to now")
    func valid() throws {
        let call = try input(
            kind: " Call ", outcome: "LEFT_VOICEMAIL", at: Self.now - 3600, minutes: "12", subject: " Intro ", notes: "Line 1\nLine 2")
        #expect(call.kind == .call && call.outcome == .leftVoicemail && call.occurredAt == Self.now - 3600)
        #expect(call.durationMinutes == 12 && call.subject == "Intro" && call.notes == "Line 1\nLine 2")
        let note = try input(kind: "note", outcome: "", notes: "Budget is approved for Q1")
        #expect(note.outcome == nil && note.occurredAt == Self.now)
    }

    @Test("each wrong field is named at once")
    func refusals() {
        #expect(fields { () throws(ValidationErrors) in try input(kind: nil) } == ["kind"])
        #expect(fields { () throws(ValidationErrors) in try input(kind: "fax") } == ["kind"])
        #expect(fields { () throws(ValidationErrors) in try input(outcome: nil) } == ["outcome"])
        #expect(fields { () throws(ValidationErrors) in try input(outcome: "replied") } == ["outcome"], "an email's outcome on a call")
        #expect(fields { () throws(ValidationErrors) in try input(kind: "note", outcome: "held", notes: "x") } == ["outcome"])
        #expect(fields { () throws(ValidationErrors) in try input(kind: "note", outcome: nil) } == ["notes"])
        #expect(fields { () throws(ValidationErrors) in try input(at: Self.now + 3600) } == ["occurred_at"])
        #expect(fields { () throws(ValidationErrors) in try input(at: .nan) } == ["occurred_at"])
        #expect(fields { () throws(ValidationErrors) in try input(at: 0) } == ["occurred_at"])
        #expect(fields { () throws(ValidationErrors) in try input(minutes: "-1") } == ["duration_minutes"])
        #expect(fields { () throws(ValidationErrors) in try input(minutes: "99999999999999999999") } == ["duration_minutes"])
        #expect(fields { () throws(ValidationErrors) in try input(kind: "email", outcome: "sent", minutes: "5") } == ["duration_minutes"])
        #expect(fields { () throws(ValidationErrors) in try input(subject: String(repeating: "x", count: 201)) } == ["subject"])
        #expect(fields { () throws(ValidationErrors) in try input(subject: "a\u{0}b") } == ["subject"])
        #expect(fields { () throws(ValidationErrors) in try input(notes: "a\u{7}b") } == ["notes"])
        #expect(
            fields { () throws(ValidationErrors) in try input(kind: "meeting", outcome: "sent", at: Self.now + 86400, minutes: "x") }
                == ["outcome", "occurred_at", "duration_minutes"])
    }
}
