import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import TandemCore
import TandemStore

/// Sends due webhook deliveries: each is signed, carries its delivery id for de-duplication,
/// and is retried with exponential backoff until a 2xx answer or the schedule gives up.
public struct WebhookDeliverer: Sendable {
    let store: WebhookStore
    let client: HTTPClient
    let clock: any WallClock
    let schedule: RetrySchedule
    let timeout: TimeAmount
    let targets: WebhookTargetGuard
    let logger: Logger

    /// Follows no redirect: a receiver's 307 to an internal address would bypass the target
    /// policy. Lives as long as the process, like `HTTPClient.shared`.
    public static let noRedirectClient = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

    public init(
        store: WebhookStore, client: HTTPClient = WebhookDeliverer.noRedirectClient, clock: any WallClock,
        schedule: RetrySchedule = RetrySchedule(), timeout: TimeAmount = .seconds(10), policy: WebhookTargetPolicy = WebhookTargetPolicy(),
        logger: Logger = Logger(label: "tandem.webhooks")
    ) {
        self.store = store
        self.targets = WebhookTargetGuard(policy: policy)
        self.client = client
        self.clock = clock
        self.schedule = schedule
        self.timeout = timeout
        self.logger = logger
    }

    /// Sends what is due now; returns how many attempts were made.
    @discardableResult
    public func deliverDue(limit: Int = 20) async throws -> Int {
        let claimed = try await store.claimDue(now: clock.now(), limit: limit)
        await withTaskGroup(of: Void.self) { group in
            for delivery in claimed { group.addTask { await send(delivery) } }
        }
        return claimed.count
    }

    private func send(_ claimed: ClaimedDelivery) async {
        let delivery = claimed.delivery
        let body = WebhookBody.make(
            topic: delivery.topic, deliveryId: delivery.deliveryId, payload: claimed.payload, createdAt: claimed.eventCreatedAt,
            format: claimed.webhook.format)
        let sentAt = clock.now()
        var request = HTTPClientRequest(url: claimed.webhook.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Tandem-Webhooks/1")
        request.headers.add(name: "Tandem-Event", value: delivery.topic.rawValue)
        request.headers.add(name: "Tandem-Delivery", value: delivery.deliveryId)
        request.headers.add(
            name: "Tandem-Signature",
            value: WebhookSigner.signature(secret: claimed.webhook.secret, timestamp: sentAt.clampedInt, body: body))
        request.body = .bytes(ByteBuffer(string: body))
        let started = ContinuousClock.now
        var statusCode: Int?
        var failure: String?
        do {
            // Checked again now: the name may resolve elsewhere than when the webhook was saved.
            if let reason = await targets.refusal(url: claimed.webhook.url) { throw WebhookTargetRefused(reason: reason) }
            let response = try await client.execute(request, timeout: timeout)
            statusCode = Int(clamping: response.status.code)
            // The body is not needed, but reading it lets the connection be reused; the status
            // already decided the attempt, so a body that fails to arrive changes nothing.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            if !(200..<300).contains(Int(clamping: response.status.code)) { failure = "HTTP \(response.status.code)" }
        } catch {
            failure = String(describing: error)
        }
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        do {
            try await store.record(
                delivery, statusCode: statusCode, error: failure.map { String($0.prefix(500)) }, durationMilliseconds: milliseconds,
                now: clock.now(), schedule: schedule)
        } catch {
            logger.error("could not record a webhook attempt", metadata: ["delivery": "\(delivery.deliveryId)", "error": "\(error)"])
        }
    }
}

/// A delivery not attempted because its target is not allowed.
struct WebhookTargetRefused: Error, CustomStringConvertible {
    let reason: String
    var description: String { "not sent: \(reason)" }
}
