import Testing

@testable import TandemCore

@Suite("Roles, capabilities and sign-in throttling")
struct AccessTests {
    @Test("admin may do everything, marketing reads all leads and imports, sales edits only its own leads")
    func capabilities() {
        #expect(Capability.allCases.allSatisfy { Role.admin.can($0) })
        #expect(Role.marketing.can(.readAllLeads) && Role.marketing.can(.importData) && !Role.marketing.can(.manageUsers))
        #expect(Role.sales.can(.editLeads) && !Role.sales.can(.readAllLeads) && !Role.sales.can(.readEvents))
        #expect(Role.having(.manageKeys) == [.admin])
    }

    @Test("a sales viewer sees a lead only when it owns it, whatever the case of the owner's email")
    func viewerScope() {
        let lead = Lead(id: 1, email: "a@b.com", userId: nil, owner: "Rep@Acme.com", stage: .lead, createdAt: 0, updatedAt: 0)
        #expect(Viewer(role: .sales, ownerEmail: "rep@acme.com").maySee(lead))
        #expect(!Viewer(role: .sales, ownerEmail: "other@acme.com").maySee(lead))
        #expect(!Viewer(role: .sales, ownerEmail: nil).maySee(lead))
        #expect(Viewer(role: .marketing, ownerEmail: nil).maySee(lead))
    }

    @Test("the fifth failure within the window makes the next attempt wait until the oldest ages out")
    func throttlePolicy() {
        let policy = SignInThrottlePolicy(limit: 5, window: 900)
        let now = 10_000.0
        #expect(policy.retryAfter(failures: [9_000, 9_500, 9_600, 9_700], limit: 5, now: now) == nil)
        #expect(policy.retryAfter(failures: [9_500, 9_600, 9_700, 9_800, 9_900], limit: 5, now: now) == 400)
        // Failures older than the window do not count.
        #expect(policy.retryAfter(failures: [8_000, 9_600, 9_700, 9_800, 9_900], limit: 5, now: now) == nil)
        #expect(policy.addressLimit == 20)
    }

    @Test("admins move any hand-off to any active rep; a sales team lead only within their team")
    func reassignment() {
        func person(_ email: String, _ role: Role, team: String?, lead: Bool = false, disabled: Bool = false) -> User {
            User(
                id: User.ID(rawValue: Int64(email.count)), email: email, name: email, role: role, team: team, disabled: disabled,
                createdAt: 0, teamLead: lead)
        }
        let admin = person("admin@n.example", .admin, team: nil)
        let lead = person("lea@n.example", .sales, team: "EMEA", lead: true)
        let emea = person("emil@n.example", .sales, team: "EMEA")
        let gone = person("gone@n.example", .sales, team: "EMEA", disabled: true)
        let us = person("ursula@n.example", .sales, team: "US")
        let marketer = person("maya@n.example", .marketing, team: "EMEA", lead: true)
        let everyone = [admin, lead, emea, gone, us, marketer]

        #expect(admin.reassignableReps(among: everyone).map(\.email) == [lead.email, emea.email, us.email])
        #expect(admin.mayMoveHandOffs(of: us) && admin.mayMoveHandOffs(of: nil))
        #expect(lead.reassignsHandOffs && lead.ledTeam == "EMEA")
        #expect(lead.reassignableReps(among: everyone).map(\.email) == [lead.email, emea.email])
        #expect(lead.mayMoveHandOffs(of: emea) && lead.mayMoveHandOffs(of: lead))
        #expect(!lead.mayMoveHandOffs(of: us), "another team's hand-off")
        #expect(!lead.mayMoveHandOffs(of: nil), "an unassigned hand-off is routing's, or an admin's")
        #expect(!emea.reassignsHandOffs && emea.reassignableReps(among: everyone).isEmpty && !emea.mayMoveHandOffs(of: emea))
        #expect(!marketer.reassignsHandOffs, "leading a team is a sales role")
        var teamless = lead
        teamless.team = nil
        #expect(!teamless.reassignsHandOffs)
    }

    @Test("a new user's fields are checked together, and passwords by length")
    func userInput() {
        #expect(throws: ValidationErrors.self) { try UserInput(email: "bad", name: "", role: "root", team: nil) }
        do {
            _ = try UserInput(email: "bad", name: "", role: "root", team: nil)
        } catch {
            #expect(Set(error.errors.compactMap(\.field)) == ["email", "name", "role"])
        }
        #expect(throws: ValidationError.self) { try PasswordPolicy.check("short") }
        #expect(throws: ValidationError.self) { try PasswordPolicy.check(String(repeating: "é", count: 40)) }
        #expect(throws: Never.self) { try PasswordPolicy.check("long enough password") }
    }
}
