import Foundation
import TandemCore

/// One message that was refused, and why.
public struct MessageRejection: Sendable, Equatable {
    public let index: Int
    public let error: ValidationError
}

/// What became of a batch of tracking messages.
public struct IngestOutcome: Sendable {
    public var summary: IngestSummary
    public var rejections: [MessageRejection]
    public var received: Int
}

/// Validates raw Segment messages and stores the good ones, keeping the bad ones with their
/// reasons in the rejected-messages log. The tracking API and `tandem import events` share it,
/// so both refuse exactly the same things.
public struct MessageIngestor: Sendable {
    let events: EventStore

    public init(database: Database) {
        self.events = database.events
    }

    /// - Parameters:
    ///   - messages: the decoded messages, in order.
    ///   - parser: carries the receive time, the batch's `sentAt` and shared context.
    ///   - impliedType: the type a single-message endpoint implies.
    ///   - measureSizes: check each message against the 32 KB limit (needed only when the
    ///     whole request is larger than that).
    ///   - indexOffset: added to reported indices (JSON-lines imports report line numbers).
    ///   - deferReplays: leave every replay to `ScoreReplayQueue` (imports of history in any order).
    public func ingest(
        _ messages: [JSONValue], parser: MessageParser, impliedType: MessageType? = nil, measureSizes: Bool,
        writeKeyId: APIKey.ID?, indexOffset: Int = 0, deferReplays: Bool = false
    ) async throws -> IngestOutcome {
        var valid: [TrackingMessage] = []
        var validIndices: [Int] = []
        var leadInputs: [Int: LeadInput] = [:]
        var rejections: [MessageRejection] = []
        var refusedTraits: [MessageRejection] = []
        valid.reserveCapacity(messages.count)
        for (index, raw) in messages.enumerated() {
            do {
                if measureSizes, raw.jsonByteCount > TrackingLimits.maxMessageBytes {
                    throw ValidationError(code: "invalid_message", field: nil, message: "the message is larger than 32 KB")
                }
                let message = try parser.parse(raw, impliedType: impliedType)
                switch message.type {
                case .identify:
                    leadInputs[valid.count] = try IdentifyTraits.leadInput(userId: message.userId, traits: message.traits) {
                        refusedTraits.append(MessageRejection(index: index + indexOffset, error: $0))
                    }
                case .group:
                    _ = try GroupTraits.employeeCount(in: message.traits)
                default:
                    break
                }
                valid.append(message)
                validIndices.append(index)
            } catch let error as ValidationError {
                rejections.append(MessageRejection(index: index + indexOffset, error: error))
            }
        }
        var summary = try await events.ingest(valid, leadInputs: leadInputs, writeKeyId: writeKeyId, deferReplays: deferReplays)
        func inBatch(_ refusals: [MessageRejection]) -> [MessageRejection] {
            refusals.compactMap { refusal in
                validIndices.indices.contains(refusal.index)
                    ? MessageRejection(index: validIndices[refusal.index] + indexOffset, error: refusal.error) : nil
            }
        }
        refusedTraits += inBatch(summary.refusedTraits)
        summary.refusedTraits = refusedTraits
        summary.identityConflicts = inBatch(summary.identityConflicts)
        let logged = rejections + refusedTraits + summary.identityConflicts
        if !logged.isEmpty {
            try await events.recordRejected(
                logged.map { rejection in
                    RejectedMessage(
                        receivedAt: parser.receivedAt, writeKeyId: writeKeyId, index: rejection.index, code: rejection.error.code,
                        field: rejection.error.field, reason: rejection.error.message,
                        payload: messages.indices.contains(rejection.index - indexOffset)
                            ? String(messages[rejection.index - indexOffset].jsonText.prefix(64 * 1024)) : "")
                })
        }
        return IngestOutcome(summary: summary, rejections: rejections, received: messages.count)
    }
}
