import TandemCore

/// The project settings document analytics.js (Segment's browser library) loads before it
/// sends anything. Only the parts it reads are filled: the "Segment.io" integration that
/// names where to post, and a plan that enables every event.
enum SegmentSettings {
    static func document(writeKey: String, host: String, secure: Bool) -> JSONValue {
        [
            "integrations": [
                "Segment.io": [
                    "apiKey": .string(writeKey), "apiHost": .string(host + "/v1"), "protocol": .string(secure ? "https" : "http"),
                    "unbundledIntegrations": [], "addBundledMetadata": true, "maybeBundledConfigIds": [:],
                ]
            ],
            "plan": ["track": ["__default": ["enabled": true, "integrations": [:]]], "identify": ["__default": ["enabled": true]]],
            "edgeFunction": [:], "analyticsNextEnabled": true, "middlewareSettings": [:], "enabledMiddleware": [:],
            "metrics": ["sampleRate": 0], "legacyVideoPluginsEnabled": false, "remotePlugins": [],
        ]
    }

    /// The request's Host when it is a plain host name or address with an optional port;
    /// anything else (a hostile header) is not echoed into the document.
    static func validHost(_ authority: String) -> String? {
        guard !authority.isEmpty, authority.utf8.count <= 255 else { return nil }
        let allowed = authority.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isASCIIHexDigit || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar) || ".-:[]".unicodeScalars.contains(scalar)
        }
        return allowed ? authority : nil
    }
}
