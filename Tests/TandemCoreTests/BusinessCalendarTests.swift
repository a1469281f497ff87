import Foundation
import Testing

@testable import TandemCore

@Suite("Business hours for SLA clocks")
struct BusinessCalendarTests {
    func time(_ text: String, _ zone: String) -> Double {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: zone)
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.date(from: text)!.timeIntervalSince1970
    }

    @Test("four working hours from Friday 15:00 end on Monday 11:00")
    func overTheWeekend() {
        let calendar = BusinessCalendar(timeZone: TimeZone(identifier: "America/New_York")!)
        let friday = time("2026-11-20 15:00", "America/New_York")
        #expect(calendar.deadline(after: friday, hours: 4) == time("2026-11-23 11:00", "America/New_York"))
        #expect(calendar.workingSeconds(from: friday, to: time("2026-11-23 11:00", "America/New_York")) == 4 * 3600)
        let saturday = time("2026-11-21 10:00", "America/New_York")
        #expect(calendar.deadline(after: saturday, hours: 1) == time("2026-11-23 10:00", "America/New_York"))
        let early = time("2026-11-23 06:30", "America/New_York")
        #expect(calendar.deadline(after: early, hours: 8) == time("2026-11-23 17:00", "America/New_York"))
    }

    @Test("opening hours follow the local clock across a daylight-saving change")
    func daylightSaving() {
        let calendar = BusinessCalendar(timeZone: TimeZone(identifier: "Europe/Paris")!)
        // Paris moves from UTC+1 to UTC+2 on Sunday 29 March 2026.
        let friday = time("2026-03-27 16:00", "Europe/Paris")
        let due = calendar.deadline(after: friday, hours: 2)
        #expect(due == time("2026-03-30 10:00", "Europe/Paris"))
        #expect(due - friday == (2 * 24 + 18) * 3600 - 3600, "an hour of wall-clock time vanished on Sunday")
    }

    @Test("the same moment has a different deadline when the company's time zone changes")
    func timeZoneChange() {
        let start = time("2026-11-23 20:00", "UTC")  // Monday 21:00 in Paris, 15:00 in New York
        let paris = BusinessCalendar(timeZone: TimeZone(identifier: "Europe/Paris")!)
        let newYork = BusinessCalendar(timeZone: TimeZone(identifier: "America/New_York")!)
        #expect(paris.deadline(after: start, hours: 1) == time("2026-11-24 10:00", "Europe/Paris"))
        #expect(newYork.deadline(after: start, hours: 1) == time("2026-11-23 16:00", "America/New_York"))
    }

    @Test("working seconds up to a deadline are exactly the hours asked for, from any start")
    func inverse() {
        var random = TestRandom(seed: 9)
        for zone in ["UTC", "Europe/Paris", "America/Los_Angeles", "Asia/Kolkata", "Australia/Sydney"] {
            let calendar = BusinessCalendar(
                timeZone: TimeZone(identifier: zone)!, workdays: [2, 3, 4, 5, 6], opensAt: 8 * 60 + 30, closesAt: 18 * 60)
            for _ in 0..<100 {
                let start = Double.random(in: 1_767_000_000...1_800_000_000, using: &random).rounded()
                let hours = Double(Int.random(in: 0...60, using: &random)) / 4
                let due = calendar.deadline(after: start, hours: hours)
                #expect(due >= start)
                #expect(abs(calendar.workingSeconds(from: start, to: due) - hours * 3600) < 1e-6, "\(zone) \(start) +\(hours)h")
            }
        }
    }
}
