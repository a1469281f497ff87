/// How senior a job title is, read from its words: fit rules score `seniority in
/// ["executive", "vp"]` without listing every way people write their titles.
public enum Seniority: String, Sendable, CaseIterable {
    case executive, vp, director, manager, individual

    /// The seniority a title suggests; `nil` without a title.
    public static func of(title: String?) -> Seniority? {
        guard let title, !title.isEmpty else { return nil }
        let lowered = title.lowercased()
        let words = Set(
            lowered.split(whereSeparator: {
                $0 == " " || $0 == "," || $0 == "-" || $0 == "/" || $0 == "&" || $0 == "." || $0 == "(" || $0 == ")"
            }))
        let vicePresident = lowered.containsBytes(of: "vice president")
        if !vicePresident, words.contains(where: { executiveWords.contains($0) }) { return .executive }
        if vicePresident || words.contains("vp") || words.contains("svp") || words.contains("evp") { return .vp }
        if words.contains("director") || lowered.containsBytes(of: "head of") { return .director }
        if words.contains("manager") || words.contains("lead") || words.contains("principal") { return .manager }
        return .individual
    }

    private static let executiveWords: Set<Substring> = [
        "ceo", "cto", "cfo", "cmo", "coo", "cro", "cio", "chief", "founder", "cofounder", "co-founder", "owner", "president",
    ]
}
