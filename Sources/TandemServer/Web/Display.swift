import Foundation
import TandemCore

/// How pages write dates, people and stages.
enum Display {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The zone the page being drawn writes its times in: the workspace's, set for each page
    /// request by `DisplayZoneMiddleware`; UTC elsewhere.
    @TaskLocal static var zone: TimeZone = .gmt

    private static func parts(_ time: Double) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute], from: Date(timeIntervalSince1970: time))
    }

    /// How far the page's zone is from UTC at `time`, in seconds: where its weeks and days start.
    static func utcOffset(at time: Double) -> Double {
        Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: time)))
    }

    /// "2026-12-02": the day holding `time` in the page's zone, as a `since=` link names it.
    static func isoDate(_ time: Double) -> String {
        let p = parts(time)
        return String(format: "%04d-%02d-%02d", p.year ?? 1970, p.month ?? 1, p.day ?? 1)
    }

    /// The zone's short name at `time` ("CET", "GMT+9"); "UTC" for UTC.
    static func zoneName(at time: Double) -> String {
        if ["UTC", "GMT"].contains(zone.identifier) { return "UTC" }
        return zone.abbreviation(for: Date(timeIntervalSince1970: time)) ?? zone.identifier
    }

    private static func month(_ parts: DateComponents) -> String {
        let index = (parts.month ?? 1) - 1
        return months.indices.contains(index) ? months[index] : ""
    }

    /// "27 Nov 2026"
    static func date(_ time: Double) -> String {
        let p = parts(time)
        return "\(p.day ?? 1) \(month(p)) \(p.year ?? 1970)"
    }

    /// "27 Nov" — for chart axes, where the year is in the title.
    static func shortDate(_ time: Double) -> String {
        let p = parts(time)
        return "\(p.day ?? 1) \(month(p))"
    }

    /// "27 Nov 2026, 14:05 UTC", in the page's zone.
    static func dateTime(_ time: Double) -> String {
        let p = parts(time)
        return "\(date(time)), \(String(format: "%02d:%02d", p.hour ?? 0, p.minute ?? 0)) \(zoneName(at: time))"
    }

    /// The time as an `<input type="datetime-local">` holds it, in the page's zone:
    /// "2026-12-02T14:05".
    static func localInput(_ time: Double) -> String {
        let p = parts(time)
        return String(format: "%04d-%02d-%02dT%02d:%02d", p.year ?? 1970, p.month ?? 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0)
    }

    /// What a `datetime-local` input sent ("2026-12-02T14:05", seconds optional), read in the
    /// page's zone; nil for anything else.
    static func parseLocalInput(_ text: String) -> Double? {
        let pieces = text.trimmed.split(whereSeparator: { "-T:".contains($0) }).map(String.init)
        guard (5...6).contains(pieces.count), pieces[0].count == 4 else { return nil }
        var numbers: [Int] = []
        for piece in pieces {
            guard let number = Int(piece) else { return nil }
            numbers.append(number)
        }
        var components = DateComponents()
        (components.year, components.month, components.day, components.hour, components.minute) = (
            numbers[0], numbers[1], numbers[2], numbers[3], numbers[4]
        )
        components.second = numbers.count == 6 ? numbers[5] : 0
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
        return date.timeIntervalSince1970
    }

    /// "3 days ago", for recency at a glance; the exact time goes in a `title`.
    static func relative(_ time: Double, now: Double) -> String {
        let seconds = max(now - time, 0)
        switch seconds {
        case ..<60: return "just now"
        case ..<TimeSpan.hour: return plural((seconds / TimeSpan.minute).clampedInt, "minute") + " ago"
        case ..<TimeSpan.day: return plural((seconds / TimeSpan.hour).clampedInt, "hour") + " ago"
        case ..<TimeSpan.days(60): return plural((seconds / TimeSpan.day).clampedInt, "day") + " ago"
        default: return date(time)
        }
    }

    static func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// The lead's name, or its email, or its user id, whichever it has.
    static func name(of lead: Lead) -> String { lead.displayName }

    /// Two letters for the avatar circle.
    static func initials(of lead: Lead) -> String {
        let letters = [lead.firstName, lead.lastName].compactMap { $0?.first }.map(String.init).joined()
        return letters.isEmpty ? String((lead.email ?? "?").prefix(1)).uppercased() : letters.uppercased()
    }

    /// `8,431`
    static func count(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0, index % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return String(out.reversed())
    }
}
