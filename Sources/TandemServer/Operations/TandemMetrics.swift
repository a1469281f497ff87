import Prometheus

/// The server's Prometheus metrics, served at `/metrics`.
public final class TandemMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()

    public init() {}

    private static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "tandem", metricName: "http_requests", unitName: "total", helpText: "HTTP requests answered, by route and status")
    }
    private static var duration: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "tandem", metricName: "http_request_duration", unitName: "seconds",
            helpText: "Time to answer HTTP requests, by route")
    }
    private static var ingested: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "tandem", metricName: "ingest_messages", unitName: "total",
            helpText: "Tracking messages received, by outcome (stored, duplicate, rejected)")
    }
    private static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(500),
        .seconds(1), .seconds(5),
    ]

    func countRequest(method: String, route: String, status: Int) {
        registry.makeCounter(
            descriptor: Self.requests, labels: [("method", method), ("route", route), ("status", String(status))]
        ).increment()
    }

    func observeRequest(route: String, duration: Duration) {
        registry.makeDurationHistogram(descriptor: Self.duration, labels: [("route", route)], buckets: Self.buckets)
            .recordNanoseconds(duration.nanoseconds)
    }

    /// Counts tracked messages by outcome: stored, duplicate or rejected.
    func countIngested(_ outcome: String, _ count: Int) {
        guard count > 0 else { return }
        registry.makeCounter(descriptor: Self.ingested, labels: [("outcome", outcome)]).increment(by: Int64(clamping: count))
    }

    /// The Prometheus text exposition of every metric.
    func render() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
