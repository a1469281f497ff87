import Foundation

/// Finds the campaign of a touch: the SDK's `context.campaign` when present, else the
/// `utm_*` parameters of the page URL (read by hand: Foundation's URL parsing is slow on Linux
/// and strict about URLs browsers accept).
public enum CampaignExtractor {
    public static func campaign(context: [String: JSONValue], url: String?) -> CampaignTouch {
        if let explicit = context["campaign"]?.objectValue {
            let touch = CampaignTouch(
                name: explicit["name"]?.textValue, source: explicit["source"]?.textValue,
                medium: explicit["medium"]?.textValue, term: explicit["term"]?.textValue,
                content: explicit["content"]?.textValue)
            if !touch.isEmpty { return touch }
        }
        guard let url, let query = url.split(separator: "?", maxSplits: 1).dropFirst().first else { return CampaignTouch() }
        var parameters: [String: String] = [:]
        // Everything before a fragment; "?#" has an empty query, which splitting would drop.
        let beforeFragment = query.prefix { $0 != "#" }
        for pair in beforeFragment.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let key = parts.first, let value = parts.last, !value.isEmpty else { continue }
            let name = key.lowercased()
            guard name.hasPrefix("utm_") else { continue }
            let raw = value.replacingOccurrences(of: "+", with: " ")
            parameters[name] = raw.removingPercentEncoding ?? raw
        }
        return CampaignTouch(
            name: parameters["utm_campaign"], source: parameters["utm_source"], medium: parameters["utm_medium"],
            term: parameters["utm_term"], content: parameters["utm_content"])
    }
}
