// Conversions from floating point that cannot trap. `Int(x)` on a Double traps for NaN, the
// infinities and anything beyond Int's range, and a trap ends the whole server: numbers that
// input can reach go through these (scripts/check-traps refuses the unchecked forms).

extension Double {
    /// The value truncated toward zero and held to Int's range; NaN is 0. For display and for
    /// durations computed from stored times, where an absurd input must still draw something.
    public var clampedInt: Int {
        guard !isNaN else { return 0 }
        if self >= 9.223_372_036_854_775e18 { return Int.max }
        if self <= -9.223_372_036_854_775e18 { return Int.min }
        return Int(exactly: rounded(.towardZero)) ?? 0
    }

    /// The whole number this value holds when it is one within `range`; `nil` for fractions,
    /// NaN, the infinities and values outside `range`.
    public func wholeNumber(in range: ClosedRange<Int64>) -> Int64? {
        guard let whole = Int64(exactly: self), range.contains(whole) else { return nil }
        return whole
    }
}
