import Testing

@testable import TandemCore

/// Each edge answers by an error's kind; the kind comes from the area's error, never from its code.
@Suite("Area errors and their kinds")
struct DomainErrorTests {
    @Test("an area's error keeps its kind inside a ValidationError; refused input is invalid whatever its code")
    func kindsTravel() {
        let taken = ValidationError(LeadConflict.emailTaken("ann@acme.example"))
        #expect(taken.kind == .conflict && taken.code == "conflict" && taken.field == "email")
        #expect(taken.message == "another lead has the email ann@acme.example")
        #expect(ValidationError(LeadConflict.exists(field: "user_id")).field == "user_id")
        #expect(ValidationError(UnreadableFile(path: nil)).kind == .notFound)
        #expect(UnknownKey(id: 4).description == "id: no live key has the id 4")
        #expect(HandOffError.notYours(3).kind == .forbidden)
        // A code that reads like a status no longer decides one.
        #expect(ValidationError(code: "conflict", field: nil, message: "typed by hand").kind == .invalid)
    }
}
