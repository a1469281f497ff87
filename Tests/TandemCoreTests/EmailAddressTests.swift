import Testing

@testable import TandemCore

@Suite("Email addresses and free-mail domains")
struct EmailAddressTests {
    @Test("addresses are normalised to lower case and keep the domain")
    func normalises() throws {
        let email = try EmailAddress("  Jane.Doe@ACME.io ")
        #expect(email.value == "Jane.Doe@ACME.io")
        #expect(email.normalized == "jane.doe@acme.io")
        #expect(email.domain == "acme.io")
        #expect(email.accountDomain == "acme.io")
    }

    @Test(
        "invalid addresses are refused with a reason",
        arguments: ["", "jane", "jane@", "@acme.io", "jane@acme", "ja ne@acme.io", "a@b@c.io", "jane..doe@acme.io", "jane@-acme.io"])
    func refusesInvalid(_ text: String) {
        #expect(throws: ValidationError.self) { try EmailAddress(text) }
        do {
            _ = try EmailAddress(text)
        } catch let error as ValidationError {
            #expect(error.field == "email")
            #expect(error.code == "invalid_email")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("free-mail addresses never form an account")
    func freeMail() throws {
        for address in ["someone@gmail.com", "x@Yahoo.co.uk", "y@outlook.com", "z@proton.me", "w@web.de", "v@qq.com"] {
            let email = try EmailAddress(address)
            #expect(email.isFreeMail, "\(address)")
            #expect(email.accountDomain == nil)
        }
        #expect(!(try EmailAddress("cto@stripe.com").isFreeMail))
        #expect(FreeMailDomains.all.count > 150)
    }
}
