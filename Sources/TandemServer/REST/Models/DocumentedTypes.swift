import TandemCore

/// Free-form JSON (event properties, attributes): any value.
extension JSONValue: DocumentedSchema {
    /// Any JSON value.
    public static var schema: JSONValue { [:] }
    public static var sample: JSONValue { .null }
}

// The API's vocabulary, documented with its cases.
extension LifecycleStage: DocumentedEnum {}
extension MessageType: DocumentedEnum {}
extension HandOffStatus: DocumentedEnum {}
extension RejectionReason: DocumentedEnum {}
extension WebhookTopic: DocumentedEnum {}
extension SalesActivityKind: DocumentedEnum {}
extension SalesActivityOutcome: DocumentedEnum {}
extension WebhookFormat: DocumentedEnum {}
extension DeliveryStatus: DocumentedEnum {}
extension ScoreJobStatus: DocumentedEnum {}
extension TextDecoding.Encoding: DocumentedEnum {}
