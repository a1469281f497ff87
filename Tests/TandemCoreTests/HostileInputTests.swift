import Testing

@testable import TandemCore

@Suite("Input that once trapped the server is refused or read safely")
struct HostileInputTests {
    @Test("a name of only spaces gives no first name instead of a trap")
    func blankName() throws {
        for name in [" ", "   ", "\t"] {
            let input = try IdentifyTraits.leadInput(userId: "x", traits: ["name": .string(name)])
            #expect(input.fields[.firstName] == nil)
        }
        let input = try IdentifyTraits.leadInput(userId: "x", traits: ["name": " Ann  Lee "])
        #expect(input.fields[.firstName] == "Ann")
        #expect(input.fields[.lastName] == "Lee")
    }

    @Test("URLs with empty queries, bare fragments and broken escapes give no campaign instead of a trap")
    func oddURLs() {
        for url in ["https://a.example/?#", "?#", "?", "#?", "https://a.example/?&&=&", "?utm_source=%", "?=x", "?utm_source=%zz#x"] {
            let touch = CampaignExtractor.campaign(context: [:], url: url)
            #expect(touch.name == nil, "\(url)")
        }
        let touch = CampaignExtractor.campaign(context: [:], url: "https://a.example/?utm_campaign=spring+sale#top")
        #expect(touch.name == "spring sale")
    }

    @Test("a head count beyond any company, fractional or not finite is refused with its field")
    func employeeCounts() throws {
        for value: JSONValue in [
            .number(1e19), .number(-9.3e18), .number(.infinity), .number(-.infinity), .number(.nan), .number(12.5), .number(-1), "lots",
            .bool(true),
        ] {
            #expect(throws: ValidationError.self, "\(value)") { try GroupTraits.employeeCount(in: ["employees": value]) }
            do {
                _ = try GroupTraits.employeeCount(in: ["employees": value])
            } catch {
                #expect(error.field == "traits.employees")
            }
        }
        #expect(try GroupTraits.employeeCount(in: ["employees": 250]) == 250)
        #expect(try GroupTraits.employeeCount(in: ["employee_count": "51-200"]) == 51)
        #expect(try GroupTraits.employeeCount(in: [:]) == nil)
    }

    @Test("JSON numbers out of Int64's range are written without a trap")
    func hugeNumbers() {
        for number in [1e19, -9.3e18, 1e300, -1e300, 9.2e18, Double.infinity, .nan, 0.5] {
            #expect(!JSONValue.number(number).jsonText.isEmpty)
        }
        #expect(JSONValue.number(42).jsonText == "42")
    }

    @Test("clamped conversions hold every double to Int's range")
    func clamped() {
        #expect(Double.nan.clampedInt == 0)
        #expect(Double.infinity.clampedInt == Int.max)
        #expect((-Double.infinity).clampedInt == Int.min)
        #expect(1e19.clampedInt == Int.max)
        #expect((-2.7).clampedInt == -2)
        #expect(1e19.wholeNumber(in: 0...100) == nil)
        #expect(7.0.wholeNumber(in: 0...100) == 7)
    }

    @Test("traits over the attribute bounds are left out with a reason, and the rest is kept")
    func attributeBounds() throws {
        var traits: [String: JSONValue] = ["email": "ann@acme.io", "plan": "pro"]
        traits[String(repeating: "k", count: 101)] = "long name"
        traits["essay"] = .string(String(repeating: "x", count: 2001))
        for index in 0..<250 { traits["t\(index)"] = .number(Double(index)) }
        var refused: [ValidationError] = []
        let input = try IdentifyTraits.leadInput(userId: nil, traits: traits) { refused.append($0) }
        #expect(input.attributes.count == AttributeLimits.maxKeysPerLead)
        #expect(input.attributes["essay"] == nil)
        #expect(refused.contains { $0.field == "traits.essay" && $0.message.contains("2000 bytes") })
        #expect(refused.contains { $0.message.contains("longer than 100 bytes") })
        #expect(refused.count == traits.count - 1 - AttributeLimits.maxKeysPerLead)
    }
}
