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
        for pair in query.split(separator: "#", maxSplits: 1)[0].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0].lowercased()
            guard name.hasPrefix("utm_"), parts.count == 2, !parts[1].isEmpty else { continue }
            let raw = parts[1].replacingOccurrences(of: "+", with: " ")
            parameters[name] = raw.removingPercentEncoding ?? raw
        }
        return CampaignTouch(
            name: parameters["utm_campaign"], source: parameters["utm_source"], medium: parameters["utm_medium"],
            term: parameters["utm_term"], content: parameters["utm_content"])
    }
}
