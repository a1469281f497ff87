import Foundation

/// ISO-8601 timestamps in every form the Segment clients send: with or without fractional
/// seconds (any number of digits), with `Z` or a `+hh:mm` offset, or a date only.
public enum Timestamp {
    /// Seconds since 1970, or `nil` when `text` is not an ISO-8601 date-time.
    public static func parse(_ text: String) -> Double? {
        var bytes = Array(text.utf8)
        guard bytes.count >= 10 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), bytes[4] == UInt8(ascii: "-"), let month = number(5..<7),
            bytes[7] == UInt8(ascii: "-"), let day = number(8..<10), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var fraction = 0.0
        var offsetSeconds = 0
        var index = 10
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: "T") || bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "t") else {
                return nil
            }
            guard let h = number(11..<13), bytes.count > 13, bytes[13] == UInt8(ascii: ":"), let m = number(14..<16) else {
                return nil
            }
            hour = h
            minute = m
            index = 16
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                guard let s = number(17..<19) else { return nil }
                second = s
                index = 19
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
                index += 1
                var scale = 0.1
                let start = index
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                    fraction += Double(bytes[index] - 0x30) * scale
                    scale /= 10
                    index += 1
                }
                guard index > start else { return nil }
            }
            if index < bytes.count {
                let sign = bytes[index]
                if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
                    index += 1
                } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                    if bytes.count == index + 5 { bytes.insert(UInt8(ascii: ":"), at: index + 3) }  // +0100
                    if bytes.count == index + 3 { bytes += Array(":00".utf8) }  // +01
                    guard let oh = number(index + 1..<index + 3), bytes.count > index + 3,
                        bytes[index + 3] == UInt8(ascii: ":"), let om = number(index + 4..<index + 6)
                    else { return nil }
                    offsetSeconds = (oh * 3600 + om * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
                    index += 6
                } else {
                    return nil
                }
            }
            guard index == bytes.count, hour < 24, minute < 60, second <= 60 else { return nil }
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds)
        return seconds + fraction
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// RFC 3339 in UTC with milliseconds, the form every Tandem API writes.
    public static func format(_ seconds: Double) -> String {
        let date = Date(timeIntervalSince1970: seconds)
        return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
