import Foundation
import TandemCore
import TandemStore
import Testing

@testable import TandemServer

@Suite("Sign-in throttle under concurrent attempts")
struct SignInThrottleTests {
    @Test("forty concurrent attempts on one email: exactly the limit get to check a password")
    func atomic() async throws {
        try await TestApp.run { app, _ in
            let throttle = SignInThrottle(failures: app.database.signInFailures)
            let now = Date().timeIntervalSince1970
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        let result = try await throttle.begin(
                            email: "Bob@Example.com", address: "203.0.113.\(index)", trustedDevice: false, now: now + Double(index) * 1e-3)
                        if case .success = result { return true }
                        return false
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == throttle.policy.limit)
        }
    }

    @Test("stuffing many emails from one address stops at its limit, but not a browser that signed in before")
    func officeIsNotLockedOut() async throws {
        try await TestApp.run { app, _ in
            let throttle = SignInThrottle(failures: app.database.signInFailures)
            let devices = app.database.trustedDevices
            let office = "198.51.100.7"
            let token = try await devices.trust(email: "admin@acme.example", now: 0)
            let now = Date().timeIntervalSince1970
            for index in 0..<throttle.policy.addressLimit {
                let result = try await throttle.begin(email: "victim\(index)@acme.example", address: office, trustedDevice: false, now: now)
                guard case .success = result else {
                    Issue.record("attempt \(index) was held back before the address limit")
                    return
                }
            }
            let stuffing = try await throttle.begin(email: "next@acme.example", address: office, trustedDevice: false, now: now)
            guard case .failure = stuffing else {
                Issue.record("the address limit did not hold")
                return
            }
            #expect(try await devices.isTrusted(token: token, email: "ADMIN@acme.example"))
            #expect(try await !devices.isTrusted(token: token, email: "someone@acme.example"))
            let admin = try await throttle.begin(email: "admin@acme.example", address: office, trustedDevice: true, now: now)
            guard case .success(let attempt) = admin else {
                Issue.record("the admin's known browser was locked out by others' failures")
                return
            }
            try await throttle.succeeded(attempt)
        }
    }
}
