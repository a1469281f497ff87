import Foundation

/// Finds the campaign of a touch: the SDK's `context.campaign` when present, else the
/// `utm_*` parameters of the page URL.
public enum CampaignExtractor {
    public static func campaign(context: [String: JSONValue], url: String?) -> CampaignTouch {
        if let explicit = context["campaign"]?.objectValue {
            let touch = CampaignTouch(
                name: explicit["name"]?.textValue, source: explicit["source"]?.textValue,
                medium: explicit["medium"]?.textValue, term: explicit["term"]?.textValue,
                content: explicit["content"]?.textValue)
            if !touch.isEmpty { return touch }
        }
        guard let url, let query = URLComponents(string: url)?.queryItems else { return CampaignTouch() }
        var parameters: [String: String] = [:]
        for item in query where item.name.lowercased().hasPrefix("utm_") {
            if let value = item.value, !value.isEmpty { parameters[item.name.lowercased()] = value }
        }
        return CampaignTouch(
            name: parameters["utm_campaign"], source: parameters["utm_source"], medium: parameters["utm_medium"],
            term: parameters["utm_term"], content: parameters["utm_content"])
    }
}
