import Foundation

/// The company's working week in its own time zone: SLA clocks run only inside it, so a lead
/// handed off on Friday evening is due on Monday, not on Saturday.
public struct BusinessCalendar: Sendable, Hashable {
    public var timeZone: TimeZone
    /// Working days as `Calendar` weekdays: 1 is Sunday, 2 Monday … 7 Saturday.
    public var workdays: Set<Int>
    /// Opening and closing time, in minutes after local midnight.
    public var opensAt: Int
    public var closesAt: Int

    /// Monday to Friday, 9:00 to 17:00.
    public init(timeZone: TimeZone, workdays: Set<Int> = [2, 3, 4, 5, 6], opensAt: Int = 9 * 60, closesAt: Int = 17 * 60) {
        self.timeZone = timeZone
        self.workdays = workdays
        self.opensAt = opensAt
        self.closesAt = closesAt
    }

    /// The moment `hours` working hours after `start`. Opening and closing follow the local
    /// clock, so a daylight-saving change moves them with it.
    public func deadline(after start: Double, hours: Double) -> Double {
        var remaining = max(0, TimeSpan.hours(hours))
        var cursor = start
        guard !workdays.isEmpty, closesAt > opensAt else { return start + remaining }
        for _ in 0..<800 {
            let (open, close, nextDay) = window(containing: cursor)
            if let open, let close, cursor < close {
                cursor = max(cursor, open)
                if remaining <= close - cursor { return cursor + remaining }
                remaining -= close - cursor
            }
            cursor = nextDay
        }
        return cursor + remaining
    }

    /// Working seconds between two moments (zero when `end` is not after `start`).
    public func workingSeconds(from start: Double, to end: Double) -> Double {
        guard end > start, !workdays.isEmpty, closesAt > opensAt else { return 0 }
        var total = 0.0
        var cursor = start
        for _ in 0..<4000 where cursor < end {
            let (open, close, nextDay) = window(containing: cursor)
            if let open, let close {
                let from = max(cursor, open)
                let to = min(end, close)
                if to > from { total += to - from }
            }
            cursor = nextDay
        }
        return total
    }

    /// The working window of the local day holding `time` (`nil` on a day off) and the start
    /// of the next local day.
    private func window(containing time: Double) -> (open: Double?, close: Double?, nextDay: Double) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let date = Date(timeIntervalSince1970: time)
        let dayStart = calendar.startOfDay(for: date)
        let nextDay =
            calendar.date(byAdding: .day, value: 1, to: dayStart)?.timeIntervalSince1970 ?? dayStart.timeIntervalSince1970 + TimeSpan.day
        guard workdays.contains(calendar.component(.weekday, from: date)) else { return (nil, nil, nextDay) }
        func at(_ minutes: Int) -> Double {
            calendar.date(bySettingHour: minutes / 60, minute: minutes % 60, second: 0, of: dayStart)?.timeIntervalSince1970
                ?? dayStart.timeIntervalSince1970 + Double(minutes * 60)
        }
        return (at(opensAt), closesAt >= 24 * 60 ? nextDay : at(closesAt), nextDay)
    }
}

extension BusinessCalendar {
    /// Local midnight of the day holding `time`: daily capacities count from here.
    public func startOfDay(containing time: Double) -> Double {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.startOfDay(for: Date(timeIntervalSince1970: time)).timeIntervalSince1970
    }
}
